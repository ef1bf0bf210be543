// "Primeiros passos": from install to the first real pop-up, one step at a time, above every page until all four
// are done (the tunnel answers, its address is in WiFire, an event arrived, a pop-up showed); then it folds away.
import type { Status } from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import { checklistDone, CHECKLIST_STEPS, type ChecklistStep } from '../shared/desk-health.js';
import type { UiStrings } from '../shared/ui-strings.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';

interface StepText {
  label: string;
  help: string;
}

function stepText(step: ChecklistStep, strings: UiStrings): StepText {
  switch (step) {
    case 'tunnel':
      return { label: strings.checklistTunnel, help: strings.checklistTunnelHelp };
    case 'pasted':
      return { label: strings.checklistPaste, help: strings.checklistPasteHelp };
    case 'firstEvent':
      return { label: strings.checklistFirstEvent, help: strings.checklistFirstEventHelp };
    case 'notification':
      return { label: strings.checklistNotification, help: strings.checklistNotificationHelp };
  }
}

/** What the drawn checklist depends on: redrawn only when one of these changes. */
function drawKey(status: Status | null, locale: Locale, busy: string | null): string {
  if (!status) return '';
  return JSON.stringify([status.checklist, Boolean(status.tunnel.publicWebhookUrl), locale, busy]);
}

export class FirstRunChecklist {
  readonly element: HTMLElement;
  private drawn = '';
  private active = true;
  /** Folded by the staff to a single line (this window only): the progress stays in view. */
  private folded = false;
  /** The step whose action is on its way (its button shows "Enviando…"). */
  private busy: ChecklistStep | null = null;

  /** `compact` is the tray window's form: the progress and the step to do now, with its action. */
  constructor(
    private readonly ctx: DeskContext,
    private readonly compact = false,
  ) {
    this.element = h('section', {
      className: `first-run${compact ? ' first-run-compact' : ''}`,
      attrs: { 'data-testid': 'first-run', 'aria-labelledby': this.titleId(), hidden: true },
    });
  }

  private titleId(): string {
    return this.compact ? 'first-run-title-tray' : 'first-run-title';
  }

  /** The panel's checklist steps aside in the tray window, which shows its own compact one. */
  setActive(active: boolean): void {
    this.active = active;
    this.update();
  }

  /** Follows the status: appears on a first run, ticks steps off, and folds away once all are done. */
  update(): void {
    const status = this.ctx.status;
    // Another desk (a satellite) gets its events from the main desk: no tunnel or WiFire set-up of its own.
    const satellite = status?.fanout?.role === 'satellite';
    const show = this.active && status !== null && status.listening && !satellite && !checklistDone(status);
    const key = show ? `${drawKey(status, this.ctx.locale, this.busy)}${this.folded}` : 'hidden';
    if (key === this.drawn) return;
    this.drawn = key;
    if (!show) {
      this.element.hidden = true;
      this.element.replaceChildren();
      return;
    }
    this.draw(status);
    this.element.hidden = false;
  }

  private draw(status: Status): void {
    const { strings } = this.ctx;
    const done = CHECKLIST_STEPS.filter((step) => status.checklist[step]).length;
    const next = CHECKLIST_STEPS.find((step) => !status.checklist[step])!;
    const steps = (this.compact ? [next] : CHECKLIST_STEPS).map((step) => this.stepItem(step, status, step === next));
    const listId = `${this.titleId()}-steps`;
    const fold = h('button', {
      className: 'button button-link first-run-fold',
      text: this.folded ? strings.checklistShow : strings.checklistHide,
      attrs: { type: 'button', 'aria-expanded': String(!this.folded), 'aria-controls': listId },
    });
    fold.addEventListener('click', () => {
      this.folded = !this.folded;
      this.update();
    });
    replaceChildren(
      this.element,
      h(
        'div',
        { className: 'first-run-head' },
        h('h2', { className: 'first-run-title', text: strings.checklistTitle, attrs: { id: this.titleId() } }),
        h('span', {
          className: 'first-run-progress',
          text: strings.checklistProgress(done, CHECKLIST_STEPS.length),
          attrs: { 'data-testid': 'first-run-progress' },
        }),
        this.compact ? null : fold,
      ),
      h('ol', { className: 'first-run-steps', attrs: { id: listId, hidden: this.folded && !this.compact } }, ...steps),
    );
  }

  private stepItem(step: ChecklistStep, status: Status, isNext: boolean): HTMLElement {
    const { strings } = this.ctx;
    const text = stepText(step, strings);
    const isDone = status.checklist[step];
    const item = h(
      'li',
      {
        className: `first-run-step${isDone ? ' first-run-step-done' : ''}${isNext ? ' first-run-step-next' : ''}`,
        attrs: { 'data-testid': `first-run-${step}`, 'data-done': String(isDone) },
      },
      h('span', { className: 'first-run-mark', attrs: { 'aria-hidden': 'true' }, text: isDone ? '✓' : '' }),
      h(
        'span',
        { className: 'first-run-label' },
        text.label,
        // Said in words too: the tick is not the only way to tell a step is done.
        isDone ? h('span', { className: 'first-run-done-text', text: ` — ${strings.checklistDone}` }) : null,
      ),
    );
    if (isDone || !isNext) return item;
    item.append(h('p', { className: 'first-run-help', text: text.help }));
    const action = this.action(step, status);
    if (action) item.append(h('div', { className: 'first-run-actions' }, action));
    return item;
  }

  private action(step: ChecklistStep, status: Status): HTMLElement | null {
    const { strings } = this.ctx;
    switch (step) {
      case 'tunnel':
        return h('a', {
          className: 'button button-primary',
          text: strings.checklistTunnelAction,
          attrs: { href: '#/settings/tunnel', 'data-testid': 'first-run-tunnel-action' },
        });
      case 'pasted':
        // The address and "Já colei no WiFire" are in the banner right under this list.
        return null;
      case 'firstEvent':
        return this.button(step, strings.checklistFirstEventAction, !status.tunnel.publicWebhookUrl, () =>
          this.sendTestEvent(),
        );
      case 'notification':
        return this.button(step, strings.checklistNotificationAction, false, () => this.testNotification());
    }
  }

  private button(step: ChecklistStep, label: string, disabled: boolean, run: () => Promise<void>): HTMLElement {
    const busy = this.busy === step;
    const button = h('button', {
      className: 'button button-primary',
      text: busy ? this.ctx.strings.checklistFirstEventSending : label,
      attrs: { type: 'button', 'data-testid': `first-run-${step}-action` },
    });
    button.disabled = disabled || busy;
    button.addEventListener('click', () => {
      if (this.busy) return;
      this.busy = step;
      this.update();
      void run().finally(() => {
        this.busy = null;
        this.update();
      });
    });
    return button;
  }

  private async sendTestEvent(): Promise<void> {
    try {
      const result = await this.ctx.api.sendTestEvent();
      if (result.ok) this.ctx.toasts.show(this.ctx.strings.checklistFirstEventSent, 'info');
      else this.ctx.toasts.show(result.reason, 'error');
    } catch (error) {
      this.ctx.fail(error);
    }
  }

  private async testNotification(): Promise<void> {
    try {
      const result = await this.ctx.api.sendTestNotification();
      if (!result.ok) this.ctx.toasts.show(result.hint, 'error');
    } catch (error) {
      this.ctx.fail(error);
    }
  }
}
