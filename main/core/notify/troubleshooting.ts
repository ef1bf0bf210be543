// When the test notification fails: what to check on this OS, in the desk's language.
import type { Locale } from '../../../shared/catalog.js';

type Hint = Record<Locale, string>;

const MISSING: Record<string, Hint> = {
  linux: {
    'pt-BR':
      'O programa notify-send não foi encontrado. Instale o pacote libnotify-bin (sudo apt install libnotify-bin).',
    en: 'notify-send was not found. Install the libnotify-bin package (sudo apt install libnotify-bin).',
  },
};

const NO_DAEMON: Hint = {
  'pt-BR':
    'Nenhum serviço de notificações respondeu. Abra a sessão gráfica normalmente (o serviço de notificações do desktop precisa estar rodando).',
  en: 'No notification service answered. Use a normal desktop session (its notification service must be running).',
};

const BY_PLATFORM: Record<string, Hint> = {
  win32: {
    'pt-BR':
      'Verifique em Configurações > Sistema > Notificações se as notificações estão ativadas para o WiFire Desk e se o Assistente de foco (Não incomodar) está desligado.',
    en: 'Check Settings > System > Notifications: notifications on for WiFire Desk, and Focus assist (Do not disturb) off.',
  },
  darwin: {
    'pt-BR':
      'Verifique em Ajustes do Sistema > Notificações se o WiFire Desk pode enviar notificações e se o modo Foco (Não Perturbe) está desligado.',
    en: 'Check System Settings > Notifications: WiFire Desk allowed, and Focus (Do Not Disturb) off.',
  },
  linux: {
    'pt-BR':
      'Verifique se o modo "Não perturbe" do desktop está desligado e se as notificações estão permitidas nas configurações do sistema.',
    en: 'Check that the desktop\'s "Do not disturb" is off and that notifications are allowed in the system settings.',
  },
};

/** What to check after a failed test notification with this error code. */
export function notificationHint(code: string, platform: string, locale: Locale): string {
  if (code === 'notifier_missing') return (MISSING[platform] ?? BY_PLATFORM[platform] ?? BY_PLATFORM.linux!)[locale];
  // Electron reports no notification support on Linux when no notification server runs.
  if (code === 'no_notification_daemon' || (code === 'notifications_unsupported' && platform === 'linux')) {
    return NO_DAEMON[locale];
  }
  return (BY_PLATFORM[platform] ?? BY_PLATFORM.linux!)[locale];
}
