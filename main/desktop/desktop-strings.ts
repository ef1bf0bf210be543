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
  stateOk: string;
  stateNoTunnel: string;
  stateTunnel: (state: string) => string;
  statePasteUrl: string;
  stateNotListening: string;
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
    stateOk: 'recebendo eventos do WiFire',
    stateNoTunnel: 'sem endereço público: configure um túnel para o WiFire alcançar este computador',
    stateTunnel: (state) =>
      ({
        starting: 'túnel iniciando',
        restarting: 'túnel reiniciando',
        unreachable: 'túnel sem resposta',
        failed: 'túnel parado: o WiFire não alcança este computador',
      })[state] ?? `túnel: ${state}`,
    statePasteUrl: 'o endereço mudou: cole o novo no WiFire',
    stateNotListening: 'não está recebendo eventos',
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
    stateOk: 'receiving events from WiFire',
    stateNoTunnel: 'no public address: set up a tunnel so WiFire can reach this computer',
    stateTunnel: (state) =>
      ({
        starting: 'tunnel starting',
        restarting: 'tunnel restarting',
        unreachable: 'tunnel not answering',
        failed: 'tunnel stopped: WiFire cannot reach this computer',
      })[state] ?? `tunnel: ${state}`,
    statePasteUrl: 'the address changed: paste the new one into WiFire',
    stateNotListening: 'not receiving events',
    paused: 'notifications paused',
    refused: 'Request refused.',
    startFailedTitle: 'WiFire Desk could not start',
  },
};
