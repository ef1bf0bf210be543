// "Este computador é…" in Settings > Outros balcões: alone, the main desk (with the address its nats-server listens
// on) or another desk (one join code per place, and a NATS credentials file for codes of an existing NATS), saved
// with "Salvar". The choice applies at the next start, so the form
// says what runs now beside it and offers "Reiniciar agora" where the app can restart itself (the desktop).
import type { SettingsView } from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import { FANOUT_CHOICES, type FanoutChoice } from '../shared/fanout-choices.js';
import type { SettingsPatch } from '../shared/settings-schema.js';
import type { UiStrings } from '../shared/ui-strings.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { errorMessage } from './error-message.js';

const SAVED_MS = 4000;

type Field = 'listen' | 'joinCode' | 'natsCreds';

interface FormError {
  message: string;
  issues: { field: Field | null; message: string }[];
}

export function fanoutChoiceLabel(choice: FanoutChoice, strings: UiStrings): string {
  return { off: strings.fanoutRoleOff, hub: strings.fanoutRoleHub, satellite: strings.fanoutRoleSatellite }[choice];
}

export function fanoutChoiceName(choice: FanoutChoice, strings: UiStrings): string {
  return { off: strings.fanoutNameOff, hub: strings.fanoutNameHub, satellite: strings.fanoutNameSatellite }[choice];
}

/**
 * What "Salvar" sends: the role, the hub's address (blank: the default), the codes only when some were typed (one
 * per line), and the credentials file with new codes (blank: none) or on its own when typed.
 */
export function fanoutPatchOf(choice: FanoutChoice, listen: string, joinCode: string, natsCreds = ''): SettingsPatch {
  if (choice === 'hub') return { fanout: { role: 'hub', listen: listen.trim() === '' ? null : listen.trim() } };
  if (choice === 'satellite') {
    const codes = joinCode.split(/\s+/).filter((code) => code !== '');
    const creds = natsCreds.trim();
    // Left out, the saved codes and file stay (main never sends the codes back, so the fields start empty).
    if (codes.length === 0) return { fanout: { role: 'satellite', ...(creds === '' ? {} : { natsCreds: creds }) } };
    return { fanout: { role: 'satellite', joinCode: codes.join('\n'), natsCreds: creds === '' ? null : creds } };
  }
  return { fanout: { role: 'off' } };
}

/** The bridge's refusal: its message, and each issue tied to the address or the code when its path names one. */
function formErrorOf(error: unknown, fallback: string): FormError {
  const raw = (error as { issues?: unknown } | null)?.issues;
  const issues: FormError['issues'] = [];
  if (Array.isArray(raw)) {
    for (const issue of raw as unknown[]) {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') continue;
      const field =
        path === 'fanout.listen'
          ? 'listen'
          : path === 'fanout.joinCode'
            ? 'joinCode'
            : path === 'fanout.natsCreds'
              ? 'natsCreds'
              : null;
      issues.push({ field, message });
    }
  }
  return { message: errorMessage(error, fallback), issues };
}

export class FanoutRoleForm {
  readonly element: HTMLElement;
  private view: SettingsView | null = null;
  private choice: FanoutChoice = 'off';
  private listen = '';
  /** What is typed only: the saved codes never come back from main. */
  private joinCode = '';
  /** What is typed only: main keeps the saved path to itself too. */
  private natsCreds = '';
  /** Changed since the last save or load: a settings push from elsewhere must not wipe it. */
  private dirty = false;
  private saving = false;
  private restarting = false;
  private savedNote = false;
  private savedTimer: ReturnType<typeof setTimeout> | undefined;
  private error: FormError | null = null;
  private drawnLocale: Locale | null = null;
  private readonly fields: HTMLElement;
  private readonly runBlock: HTMLElement;

  constructor(private readonly ctx: DeskContext) {
    this.element = h('div', { className: 'fanout-role', attrs: { 'data-testid': 'fanout-role-form' } });
    this.fields = h('div', { className: 'fanout-role-fields' });
    this.runBlock = h('div', {
      className: 'fanout-run',
      attrs: { 'data-testid': 'fanout-run', 'aria-live': 'polite' },
    });
  }

  /** The settings main holds now; the form follows them unless the user is in the middle of a change. */
  settingsChanged(view: SettingsView): void {
    const before = this.view;
    this.view = view;
    const savedChanged =
      before === null ||
      JSON.stringify([before.settings.fanout, before.fanout]) !== JSON.stringify([view.settings.fanout, view.fanout]);
    if (savedChanged && !this.dirty && !this.saving) this.load(view);
    if (this.drawnLocale !== this.ctx.locale || !this.element.hasChildNodes()) this.relabel();
    else if (savedChanged) {
      this.drawChoice();
      this.drawFields();
      this.drawRun();
    }
  }

  private load(view: SettingsView): void {
    this.choice = view.settings.fanout.role;
    this.listen = view.settings.fanout.listen ?? '';
    this.joinCode = '';
    this.natsCreds = '';
    this.dirty = false;
  }

  /** Draws everything again (a new language); what is typed stays. */
  relabel(): void {
    const { strings } = this.ctx;
    this.drawnLocale = this.ctx.locale;
    const group = h(
      'fieldset',
      { className: 'radio-group', attrs: { 'data-testid': 'fanout-role' } },
      h('legend', { className: 'field-label', text: strings.fanoutRoleLegend }),
      ...FANOUT_CHOICES.map((choice) => {
        const radio = h('input', {
          attrs: { type: 'radio', name: 'fanout-role', value: choice, 'data-testid': `fanout-role-${choice}` },
        });
        radio.checked = this.choice === choice;
        radio.addEventListener('change', () => {
          if (!radio.checked) return;
          this.choice = choice;
          this.dirty = true;
          this.error = null;
          this.drawError();
          this.drawFields();
        });
        return h('label', { className: 'check' }, radio, h('span', { text: fanoutChoiceLabel(choice, strings) }));
      }),
    );
    const save = h('button', {
      className: 'button button-primary',
      text: this.saving ? strings.fanoutSaving : strings.fanoutSave,
      attrs: { type: 'button', 'data-testid': 'fanout-save' },
    });
    save.addEventListener('click', () => this.save());
    replaceChildren(
      this.element,
      group,
      this.fields,
      h('div', { className: 'tunnel-error', attrs: { 'data-testid': 'fanout-error', role: 'alert', hidden: true } }),
      h(
        'div',
        { className: 'row-actions' },
        save,
        h('span', {
          className: 'copy-feedback ok',
          attrs: { 'data-testid': 'fanout-saved', 'aria-live': 'polite' },
        }),
      ),
      this.runBlock,
    );
    this.drawButtons();
    this.drawFields();
    this.drawError();
    this.drawRun();
  }

  private save(): void {
    if (this.saving || !this.view) return;
    const patch = fanoutPatchOf(this.choice, this.listen, this.joinCode, this.natsCreds);
    this.saving = true;
    this.error = null;
    this.savedNote = false;
    this.drawError();
    this.drawButtons();
    this.ctx.api.updateSettings(patch).then(
      (view) => {
        this.saving = false;
        this.savedNote = true;
        clearTimeout(this.savedTimer);
        this.savedTimer = setTimeout(() => {
          this.savedNote = false;
          this.drawButtons();
        }, SAVED_MS);
        // The code typed leaves the page here: main keeps it now.
        this.view = view;
        this.load(view);
        this.drawChoice();
        this.drawFields();
        this.drawButtons();
        this.drawRun();
        this.ctx.applySettings(view);
      },
      (error: unknown) => {
        this.saving = false;
        this.error = formErrorOf(error, this.ctx.strings.errorGeneric);
        this.drawButtons();
        this.drawError();
        this.drawFields();
      },
    );
  }

  private restart(): void {
    if (this.restarting) return;
    this.restarting = true;
    this.drawRun();
    this.ctx.api.restartApp().then(
      // The window closes with the app, which opens again on its own.
      () => undefined,
      (error: unknown) => {
        this.restarting = false;
        this.drawRun();
        this.ctx.fail(error);
      },
    );
  }

  // ---- drawing ----

  private drawChoice(): void {
    for (const radio of this.element.querySelectorAll<HTMLInputElement>('input[name="fanout-role"]')) {
      radio.checked = radio.value === this.choice;
    }
  }

  private drawButtons(): void {
    const { strings } = this.ctx;
    const save = this.element.querySelector<HTMLButtonElement>('[data-testid="fanout-save"]');
    if (save) {
      save.disabled = this.saving || this.view === null;
      save.textContent = this.saving ? strings.fanoutSaving : strings.fanoutSave;
    }
    const note = this.element.querySelector('[data-testid="fanout-saved"]');
    if (note) note.textContent = this.savedNote ? strings.fanoutSaved : '';
  }

  private invalid(field: Field): string | null {
    return this.error?.issues.find((issue) => issue.field === field)?.message ?? null;
  }

  private drawError(): void {
    const box = this.element.querySelector<HTMLElement>('[data-testid="fanout-error"]');
    if (!box) return;
    if (!this.error) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const { strings } = this.ctx;
    const labels: Record<Field, string> = {
      listen: strings.fanoutListenLabel,
      joinCode: strings.fanoutJoinCodeLabel,
      natsCreds: strings.fanoutNatsCredsLabel,
    };
    replaceChildren(
      box,
      h('p', { className: 'field-error', text: this.error.message }),
      this.error.issues.length > 0
        ? h(
            'ul',
            { className: 'tunnel-issues' },
            ...this.error.issues.map((issue) =>
              h('li', { text: issue.field ? `${labels[issue.field]}: ${issue.message}` : issue.message }),
            ),
          )
        : null,
    );
    box.hidden = false;
  }

  private drawFields(): void {
    const { strings } = this.ctx;
    if (this.choice === 'hub') {
      const input = h('input', {
        attrs: {
          type: 'text',
          id: 'fanout-listen',
          'data-testid': 'fanout-listen',
          spellcheck: 'false',
          autocomplete: 'off',
          placeholder: '0.0.0.0:4562',
        },
      });
      input.value = this.listen;
      input.addEventListener('input', () => {
        this.listen = input.value;
        this.dirty = true;
      });
      replaceChildren(this.fields, this.field(input, 'listen', strings.fanoutListenLabel, strings.fanoutListenHelp));
    } else if (this.choice === 'satellite') {
      // Write-only, like a tunnel token: main never sends the codes back, so the field says when some are saved.
      const codes = h('textarea', {
        attrs: {
          id: 'fanout-join-code',
          'data-testid': 'fanout-join-code',
          rows: '3',
          spellcheck: 'false',
          autocomplete: 'off',
          placeholder: this.view?.fanout.joinCodeSaved ? strings.fanoutJoinCodeSaved : undefined,
        },
      });
      codes.value = this.joinCode;
      codes.addEventListener('input', () => {
        this.joinCode = codes.value;
        this.dirty = true;
      });
      const creds = h('input', {
        attrs: {
          type: 'text',
          id: 'fanout-nats-creds',
          'data-testid': 'fanout-nats-creds',
          spellcheck: 'false',
          autocomplete: 'off',
        },
      });
      creds.value = this.natsCreds;
      creds.addEventListener('input', () => {
        this.natsCreds = creds.value;
        this.dirty = true;
      });
      replaceChildren(
        this.fields,
        this.field(codes, 'joinCode', strings.fanoutJoinCodeLabel, strings.fanoutJoinCodeHelp),
        this.field(creds, 'natsCreds', strings.fanoutNatsCredsLabel, strings.fanoutNatsCredsHelp),
      );
    } else {
      this.fields.replaceChildren();
    }
  }

  private field(
    control: HTMLInputElement | HTMLTextAreaElement,
    name: Field,
    label: string,
    help: string,
  ): HTMLElement {
    const problem = this.invalid(name);
    const helpId = `${control.id}-help`;
    control.setAttribute('aria-describedby', helpId);
    if (problem !== null) {
      control.setAttribute('aria-invalid', 'true');
      control.classList.add('invalid');
    }
    return h(
      'div',
      { className: 'field' },
      h('label', { text: label, attrs: { for: control.id } }),
      control,
      problem !== null
        ? h('p', { className: 'field-error', text: problem, attrs: { 'data-testid': `${control.id}-error` } })
        : null,
      h('p', { className: 'help', text: help, attrs: { id: helpId } }),
    );
  }

  /** What runs now and what the next start brings, while they differ; how to restart on this shell. */
  private drawRun(): void {
    const view = this.view;
    if (!view || !view.fanout.restartNeeded) {
      this.runBlock.replaceChildren();
      return;
    }
    const { strings } = this.ctx;
    const { running, source } = view.fanout;
    let how: HTMLElement;
    if (view.shell === 'desktop') {
      const restart = h('button', {
        className: 'button',
        text: this.restarting ? strings.fanoutRestarting : strings.fanoutRestartNow,
        attrs: { type: 'button', 'data-testid': 'fanout-restart' },
      });
      restart.disabled = this.restarting;
      restart.addEventListener('click', () => this.restart());
      how = h('div', { className: 'row-actions' }, restart);
    } else {
      how = h('p', {
        className: 'help',
        text: source === 'command-line' ? strings.fanoutFromCommandLine : strings.fanoutRestartHeadless,
        attrs: { 'data-testid': 'fanout-restart-how' },
      });
    }
    replaceChildren(
      this.runBlock,
      h(
        'p',
        { className: 'fanout-run-lines', attrs: { 'data-testid': 'fanout-running' } },
        h('span', { text: strings.fanoutRunningNow(fanoutChoiceName(running, strings)) }),
        ' ',
        h('span', {
          text: strings.fanoutAtNextStart(fanoutChoiceName(view.settings.fanout.role, strings)),
          attrs: { 'data-testid': 'fanout-next' },
        }),
      ),
      h('p', {
        className: 'fanout-restart-needed',
        text: strings.fanoutRestartNeeded,
        attrs: { 'data-testid': 'fanout-restart-needed' },
      }),
      how,
    );
  }
}
