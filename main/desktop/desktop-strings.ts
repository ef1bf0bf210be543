// The desktop shell's own words (tray menu, tooltip, error boxes), in pt-BR and English.
import type { Locale } from '../../shared/catalog.js';

export interface DesktopStrings {
  openFeed: string;
  openPanel: string;
  snoozeOneHour: string;
  snoozedUntil: (time: string) => string;
  endSnooze: string;
  pause: string;
  resume: string;
  settings: string;
  quit: string;
  unread: (n: number) => string;
  firstSteps: (done: number, total: number) => string;
  paused: string;
  refused: string;
  startFailedTitle: string;
}

export const DESKTOP_STRINGS: Record<Locale, DesktopStrings> = {
  'pt-BR': {
    openFeed: 'Abrir feed',
    openPanel: 'Abrir painel',
    snoozeOneHour: 'Não perturbe por 1 h',
    snoozedUntil: (time) => `Não perturbe até ${time}`,
    endSnooze: 'Encerrar o não perturbe',
    pause: 'Pausar notificações',
    resume: 'Retomar notificações',
    settings: 'Configurações',
    quit: 'Sair do WiFire Desk',
    unread: (n) => (n === 1 ? '1 não lida' : `${n} não lidas`),
    firstSteps: (done, total) => `Primeiros passos (${done} de ${total})`,
    paused: 'notificações pausadas',
    refused: 'Pedido recusado.',
    startFailedTitle: 'O WiFire Desk não pôde iniciar',
  },
  en: {
    openFeed: 'Open feed',
    openPanel: 'Open panel',
    snoozeOneHour: 'Do not disturb for 1 h',
    snoozedUntil: (time) => `Do not disturb until ${time}`,
    endSnooze: 'End do not disturb',
    pause: 'Pause notifications',
    resume: 'Resume notifications',
    settings: 'Settings',
    quit: 'Quit WiFire Desk',
    unread: (n) => (n === 1 ? '1 unread' : `${n} unread`),
    firstSteps: (done, total) => `First steps (${done} of ${total})`,
    paused: 'notifications paused',
    refused: 'Request refused.',
    startFailedTitle: 'WiFire Desk could not start',
  },
};

/**
 * The title of the box saying the app could not start: in both languages, like the reasons under it, since the
 * settings that name the desk's language may be what could not be read.
 */
export const START_FAILED_TITLE = `${DESKTOP_STRINGS['pt-BR'].startFailedTitle} / ${DESKTOP_STRINGS.en.startFailedTitle}`;
