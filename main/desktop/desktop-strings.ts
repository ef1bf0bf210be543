// The desktop shell's own words (tray menu, tooltip, error boxes), in pt-BR and English.
import type { Locale } from '../../shared/catalog.js';
import { isWrittenForPerson } from '../core/startup-error.js';

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
  startFailedInternal: string;
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
    startFailedInternal: 'Um erro interno impediu o início. Reinstalar o WiFire Desk costuma resolver.',
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
    startFailedInternal: 'An internal error stopped it from starting. Reinstalling WiFire Desk usually fixes this.',
  },
};

/**
 * The title of the box saying the app could not start: in both languages, like the reasons under it, since the
 * settings that name the desk's language may be what could not be read.
 */
export const START_FAILED_TITLE = `${DESKTOP_STRINGS['pt-BR'].startFailedTitle} / ${DESKTOP_STRINGS.en.startFailedTitle}`;

/**
 * What the box says under START_FAILED_TITLE: a reason written for a person as it is (port in use, data folder,
 * newer database…); Node's own errors, such as a file missing from the installation, as one sentence for the desk in
 * both languages, then the error's first line (no stack, no "Require stack") for whoever helps.
 */
export function startFailedText(error: unknown): string {
  if (isWrittenForPerson(error)) return error.message;
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return `${DESKTOP_STRINGS['pt-BR'].startFailedInternal} / ${DESKTOP_STRINGS.en.startFailedInternal}\n\n${detail}`;
}
