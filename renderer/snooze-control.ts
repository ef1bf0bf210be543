// "Não perturbe por 1 h", or "Notificações pausadas até 15:30" with "Retomar" while a snooze is running,
// or "Notificações pausadas" with "Retomar" while they are paused until further notice.
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';
import { clockTime } from './time-format.js';

export const SNOOZE_MINUTES = 60;

export function snoozeControl(ctx: DeskContext, compact = false): HTMLElement {
  const { strings, status } = ctx;
  const until = status?.snoozedUntil ?? null;
  const snoozed = until !== null && until > ctx.now();
  const container = h('div', {
    className: `snooze${snoozed ? ' snoozed' : ''}${compact ? ' snooze-compact' : ''}`,
    attrs: { 'data-testid': 'snooze', 'data-snoozed': String(snoozed) },
  });
  const call = (minutes: number, button: HTMLButtonElement): void => {
    button.disabled = true;
    ctx.api.snooze({ minutes }).then(
      (next) => ctx.setStatus(next),
      (error: unknown) => {
        button.disabled = false;
        ctx.fail(error);
      },
    );
  };
  if (ctx.settings?.settings.notificationsPaused) {
    const resume = h('button', {
      className: 'button button-small',
      text: strings.snoozeResume,
      attrs: { type: 'button', 'data-testid': 'paused-resume' },
    });
    resume.addEventListener('click', () => {
      resume.disabled = true;
      ctx.api.updateSettings({ notificationsPaused: false }).then(
        (view) => ctx.applySettings(view),
        (error: unknown) => {
          resume.disabled = false;
          ctx.fail(error);
        },
      );
    });
    container.classList.add('snoozed');
    container.append(
      h('span', {
        className: 'snooze-text',
        text: strings.notificationsPaused,
        attrs: { 'data-testid': 'paused-text' },
      }),
      resume,
    );
  } else if (snoozed) {
    const resume = h('button', {
      className: 'button button-small',
      text: strings.snoozeResume,
      attrs: { type: 'button', 'data-testid': 'snooze-resume' },
    });
    resume.addEventListener('click', () => call(0, resume));
    container.append(
      h('span', {
        className: 'snooze-text',
        text: strings.snoozedUntil(clockTime(until, ctx.locale, ctx.timeZone)),
        attrs: { 'data-testid': 'snooze-text' },
      }),
      resume,
    );
  } else {
    const start = h('button', {
      className: 'button button-small button-quiet',
      text: strings.snoozeOneHour,
      attrs: { type: 'button', 'data-testid': 'snooze-button', title: strings.snoozeHelp },
    });
    start.disabled = status === null;
    start.addEventListener('click', () => call(SNOOZE_MINUTES, start));
    container.append(start);
  }
  return container;
}
