// The "Túnel" section of the settings: the preset, its fields, the state in words, "Salvar túnel" and "Reiniciar túnel".
// Tokens never come back from main (only hasToken/hasAuthtoken): a token left blank keeps the saved one.
// Which fields each preset has, and how each is drawn and read back, is described once in tunnel-form-fields.ts.
import type { PublicSettings, SettingsView } from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import type { TunnelPatch } from '../shared/tunnel-settings.js';
import { TUNNEL_PRESETS, type TunnelPreset } from '../shared/tunnel-presets.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { tunnelStateText } from './connection-state.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { errorMessage } from './error-message.js';
import { sectionElement, sectionHeading } from './settings-sections.js';
import { tunnelFormFields, type TextKey, type TunnelFieldName, type TunnelFieldSpec } from './tunnel-form-fields.js';
import { clockTime } from './time-format.js';

type PublicTunnel = PublicSettings['tunnel'];
type ChoiceSpec = Extract<TunnelFieldSpec, { kind: 'radio' | 'select' }>;

/** What the form holds for one preset, as typed (numbers and argument lists too). */
export type TunnelDraft = Partial<Record<TunnelFieldName, string>>;

const SAVED_MS = 4000;

function initialDraft(preset: TunnelPreset): TunnelDraft {
  const draft: TunnelDraft = {};
  for (const spec of tunnelFormFields(preset)) {
    if ('initial' in spec && spec.initial !== undefined) draft[spec.name] = String(spec.initial);
  }
  return draft;
}

const DEFAULT_DRAFTS = Object.fromEntries(TUNNEL_PRESETS.map((preset) => [preset, initialDraft(preset)])) as Record<
  TunnelPreset,
  TunnelDraft
>;

/** The saved tunnel as form text; tokens are never part of it. */
export function draftOf(tunnel: PublicTunnel): TunnelDraft {
  const draft: TunnelDraft = { ...DEFAULT_DRAFTS[tunnel.preset] };
  const values: Partial<Record<string, unknown>> = tunnel;
  for (const { name } of tunnelFormFields(tunnel.preset)) {
    const value = values[name];
    if (value === undefined) continue;
    draft[name] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return draft;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function num(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  return trimmed ? Number(trimmed) : undefined;
}

/** The value a choice reads back as: one of its options, else its initial one. */
function choiceOf(spec: ChoiceSpec, value: string | undefined): string {
  const values: readonly string[] = spec.kind === 'radio' ? spec.options.map((option) => option.value) : spec.options;
  return values.find((candidate) => candidate === value) ?? spec.initial;
}

/** The preset's fields on screen for what the draft holds now (a mode shows its own fields). */
function shownFields(preset: TunnelPreset, draft: TunnelDraft): TunnelFieldSpec[] {
  const fields = tunnelFormFields(preset);
  return fields.filter((spec) => {
    if (!spec.shownWhen) return true;
    const { field, is } = spec.shownWhen;
    const choice = fields.find(
      (candidate): candidate is ChoiceSpec => candidate.name === field && 'options' in candidate,
    );
    return choice !== undefined && choiceOf(choice, draft[field]) === is;
  });
}

function valueOf(spec: TunnelFieldSpec, value: string | undefined): string | number | string[] | undefined {
  switch (spec.kind) {
    case 'text':
      return spec.required ? (value?.trim() ?? '') : text(value);
    case 'secret':
      return text(value);
    case 'number':
      return num(value);
    case 'lines':
      return (value ?? '')
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => line.trim() !== '');
    case 'radio':
    case 'select':
      return choiceOf(spec, value);
  }
}

/** The patch "Salvar túnel" sends: only the fields on screen for that preset and mode, the empty ones left out. */
export function tunnelPatchOf(preset: TunnelPreset, draft: TunnelDraft): TunnelPatch {
  const patch: Record<string, unknown> = { preset };
  for (const spec of shownFields(preset, draft)) {
    const value = valueOf(spec, draft[spec.name]);
    // Left out, not sent empty: main then keeps a saved token and applies its defaults.
    if (value !== undefined) patch[spec.name] = value;
  }
  // Each kind's value has the type the schema gives that field: tunnel-form-fields.ts proves it.
  return patch as TunnelPatch;
}

export function presetLabel(preset: TunnelPreset, strings: UiStrings): string {
  const labels: Record<TunnelPreset, string> = {
    none: strings.tunnelPresetNone,
    cloudflared: strings.tunnelPresetCloudflared,
    ngrok: strings.tunnelPresetNgrok,
    ssh: strings.tunnelPresetSsh,
    custom: strings.tunnelPresetCustom,
  };
  return labels[preset];
}

interface FormError {
  message: string;
  issues: { field: TunnelFieldSpec | null; message: string }[];
}

/** The bridge's refusal: its message, and each issue tied to a field of this preset when its path names one. */
function formErrorOf(error: unknown, fallback: string, preset: TunnelPreset): FormError {
  const raw = (error as { issues?: unknown } | null)?.issues;
  const issues: FormError['issues'] = [];
  if (Array.isArray(raw)) {
    for (const issue of raw as unknown[]) {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') continue;
      // Paths come as "tunnel.hostname" (settings) or "hostname" (the tunnel alone).
      const first = typeof path === 'string' ? (path.replace(/^tunnel\.?/, '').split('.')[0] ?? '') : '';
      issues.push({ field: tunnelFormFields(preset).find((spec) => spec.name === first) ?? null, message });
    }
  }
  return { message: errorMessage(error, fallback), issues };
}

export class TunnelSettingsForm {
  readonly element: HTMLElement;
  private saved: PublicTunnel | null = null;
  private preset: TunnelPreset = 'none';
  private drafts: Record<TunnelPreset, TunnelDraft> = structuredClone(DEFAULT_DRAFTS);
  /** Typed since the last save or load: a settings push from elsewhere must not wipe it. */
  private dirty = false;
  private saving = false;
  private restarting = false;
  private error: FormError | null = null;
  private savedNote = false;
  private savedTimer: ReturnType<typeof setTimeout> | undefined;
  private drawnLocale: Locale | null = null;
  private drawnWebhookUrl: string | null = null;
  private readonly stateBlock: HTMLElement;
  private readonly urlBlock: HTMLElement;
  private readonly fields: HTMLElement;

  constructor(private readonly ctx: DeskContext) {
    // A landmark like every settings section; its heading is drawn again with each relabel().
    this.element = sectionElement('tunnel', '', 'tunnel-section');
    this.stateBlock = h('div', { className: 'tunnel-state-block' });
    this.urlBlock = h('div', { className: 'tunnel-url-block' });
    this.fields = h('div', { className: 'tunnel-fields' });
  }

  /** The settings main holds now; the form follows them unless the user is in the middle of an edit. */
  settingsChanged(view: SettingsView): void {
    const tunnel = view.settings.tunnel;
    const changed = this.saved === null || JSON.stringify(tunnel) !== JSON.stringify(this.saved);
    this.saved = tunnel;
    if (changed && !this.dirty) {
      this.load(tunnel);
      this.relabel();
    } else if (this.drawnLocale !== this.ctx.locale) {
      this.relabel();
    }
  }

  statusChanged(): void {
    this.drawState();
    this.drawUrl();
  }

  /** Draws everything again (new language, or a new saved tunnel); the text typed so far stays. */
  relabel(): void {
    const { strings } = this.ctx;
    this.drawnLocale = this.ctx.locale;
    this.drawnWebhookUrl = null;
    const select = h('select', { attrs: { id: 'tunnel-preset', 'data-testid': 'tunnel-preset' } });
    for (const preset of TUNNEL_PRESETS) {
      select.appendChild(h('option', { text: presetLabel(preset, strings), attrs: { value: preset } }));
    }
    select.value = this.preset;
    select.addEventListener('change', () => {
      const preset = TUNNEL_PRESETS.find((candidate) => candidate === select.value);
      if (!preset) return;
      this.preset = preset;
      this.dirty = true;
      this.error = null;
      this.drawError();
      this.drawFields();
    });

    const save = h('button', {
      className: 'button button-primary',
      text: this.saving ? strings.tunnelSaving : strings.tunnelSave,
      attrs: { type: 'button', 'data-testid': 'tunnel-save' },
    });
    save.disabled = this.saving || this.saved === null;
    save.addEventListener('click', () => this.save());
    const restart = h('button', {
      className: 'button',
      text: this.restarting ? strings.tunnelRestarting : strings.tunnelRestart,
      attrs: { type: 'button', 'data-testid': 'tunnel-restart' },
    });
    restart.disabled = this.restarting;
    restart.addEventListener('click', () => this.restart());

    replaceChildren(
      this.element,
      sectionHeading('tunnel', strings.tunnelTitle),
      h('p', { className: 'help', text: strings.tunnelSubtitle }),
      this.stateBlock,
      this.urlBlock,
      h('div', { className: 'field' }, h('label', { text: strings.tunnelPreset, attrs: { for: select.id } }), select),
      this.fields,
      h('div', {
        className: 'tunnel-error',
        attrs: { 'data-testid': 'tunnel-error', role: 'alert', hidden: true },
      }),
      h(
        'div',
        { className: 'row-actions' },
        save,
        restart,
        h('span', {
          className: 'copy-feedback ok',
          text: this.savedNote ? strings.tunnelSaved : '',
          attrs: { 'data-testid': 'tunnel-saved', 'aria-live': 'polite' },
        }),
      ),
    );
    this.drawState();
    this.drawUrl();
    this.drawFields();
    this.drawError();
  }

  // ---- state ----

  private load(tunnel: PublicTunnel): void {
    this.preset = tunnel.preset;
    this.drafts = structuredClone(DEFAULT_DRAFTS);
    this.drafts[tunnel.preset] = draftOf(tunnel);
    this.dirty = false;
  }

  private get draft(): TunnelDraft {
    return this.drafts[this.preset];
  }

  private save(): void {
    if (this.saving) return;
    const preset = this.preset;
    const patch = tunnelPatchOf(preset, this.draft);
    this.saving = true;
    this.error = null;
    this.savedNote = false;
    this.drawError();
    this.drawButtons();
    this.ctx.api.updateSettings({ tunnel: patch }).then(
      (view) => {
        this.saving = false;
        this.dirty = false;
        this.savedNote = true;
        clearTimeout(this.savedTimer);
        this.savedTimer = setTimeout(() => {
          this.savedNote = false;
          const note = this.element.querySelector('[data-testid="tunnel-saved"]');
          if (note) note.textContent = '';
        }, SAVED_MS);
        // Tokens typed leave the page with this redraw: main keeps them now.
        this.saved = view.settings.tunnel;
        this.load(view.settings.tunnel);
        this.relabel();
        this.ctx.applySettings(view);
      },
      (error: unknown) => {
        this.saving = false;
        this.error = formErrorOf(error, this.ctx.strings.errorGeneric, preset);
        this.drawButtons();
        this.drawError();
        this.drawFields();
      },
    );
  }

  private restart(): void {
    if (this.restarting) return;
    this.restarting = true;
    this.drawButtons();
    this.ctx.api.restartTunnel().then(
      (status) => {
        this.restarting = false;
        this.drawButtons();
        this.ctx.setStatus(status);
      },
      (error: unknown) => {
        this.restarting = false;
        this.drawButtons();
        this.error = formErrorOf(error, this.ctx.strings.errorGeneric, this.preset);
        this.drawError();
      },
    );
  }

  // ---- drawing ----

  private drawButtons(): void {
    const { strings } = this.ctx;
    const save = this.element.querySelector<HTMLButtonElement>('[data-testid="tunnel-save"]');
    if (save) {
      save.disabled = this.saving || this.saved === null;
      save.textContent = this.saving ? strings.tunnelSaving : strings.tunnelSave;
    }
    const restart = this.element.querySelector<HTMLButtonElement>('[data-testid="tunnel-restart"]');
    if (restart) {
      restart.disabled = this.restarting;
      restart.textContent = this.restarting ? strings.tunnelRestarting : strings.tunnelRestart;
    }
    const note = this.element.querySelector('[data-testid="tunnel-saved"]');
    if (note) note.textContent = this.savedNote ? strings.tunnelSaved : '';
  }

  private drawError(): void {
    const box = this.element.querySelector<HTMLElement>('[data-testid="tunnel-error"]');
    if (!box) return;
    if (!this.error) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    replaceChildren(
      box,
      h('p', { className: 'field-error', text: this.error.message }),
      this.error.issues.length > 0
        ? h(
            'ul',
            { className: 'tunnel-issues' },
            ...this.error.issues.map((issue) =>
              h('li', {
                text: issue.field ? `${this.label(issue.field)}: ${issue.message}` : issue.message,
              }),
            ),
          )
        : null,
    );
    box.hidden = false;
  }

  private drawState(): void {
    const { status, strings } = this.ctx;
    const state = tunnelStateText(status, strings);
    const reached = status?.tunnel.lastReachableAt ?? null;
    replaceChildren(
      this.stateBlock,
      h(
        'p',
        {
          className: `tunnel-state tunnel-state-${state.level}`,
          attrs: { 'data-testid': 'tunnel-state', role: 'status' },
        },
        h('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }),
        h('span', { className: 'tunnel-state-text', text: state.text }),
      ),
      reached !== null && status?.listening
        ? h('p', {
            className: 'help',
            text: strings.tunnelLastReachable(clockTime(reached, this.ctx.locale, this.ctx.timeZone)),
            attrs: { 'data-testid': 'tunnel-last-reachable' },
          })
        : null,
    );
  }

  /** The full public webhook URL, when the tunnel reported one: what WiFire is given. */
  private drawUrl(): void {
    const url = this.ctx.status?.tunnel.publicWebhookUrl ?? null;
    if (url === this.drawnWebhookUrl && this.urlBlock.hasChildNodes() === (url !== null)) return;
    this.drawnWebhookUrl = url;
    if (!url) {
      this.urlBlock.replaceChildren();
      return;
    }
    const { strings } = this.ctx;
    replaceChildren(
      this.urlBlock,
      h('label', { className: 'field-label', text: strings.tunnelWebhookUrl }),
      copyField(this.ctx, {
        value: url,
        inputTestId: 'public-url',
        buttonTestId: 'copy-public-url',
        label: strings.tunnelWebhookUrl,
      }),
    );
  }

  private drawFields(): void {
    const select = this.element.querySelector<HTMLSelectElement>('[data-testid="tunnel-preset"]');
    if (select) select.value = this.preset;
    const rows = shownFields(this.preset, this.draft).map((spec) => {
      switch (spec.kind) {
        case 'text':
          return this.input(spec, 'text');
        case 'number':
          return this.input(spec, 'number', spec.min, spec.max);
        case 'secret':
          return this.secret(spec, spec.savedFlag);
        case 'lines':
          return this.textarea(spec);
        case 'select':
          return this.select(spec, spec.options);
        case 'radio':
          return this.radios(spec, spec.options);
      }
    });
    replaceChildren(this.fields, ...rows);
  }

  private label(spec: TunnelFieldSpec): string {
    return this.ctx.strings[spec.label];
  }

  private help(spec: TunnelFieldSpec): string | undefined {
    if (spec.help === undefined) return undefined;
    const help = this.ctx.strings[spec.help];
    // Help about the port names the one this desk really listens on (--port, WIFIRE_DESK_PORT).
    return typeof help === 'string' ? help : help(this.ctx.status?.port || 4560);
  }

  private invalid(name: TunnelFieldName): string | null {
    return this.error?.issues.find((issue) => issue.field?.name === name)?.message ?? null;
  }

  private field(spec: TunnelFieldSpec, control: HTMLElement): HTMLElement {
    const problem = this.invalid(spec.name);
    if (problem !== null) {
      control.setAttribute('aria-invalid', 'true');
      control.classList.add('invalid');
    }
    const help = this.help(spec);
    return h(
      'div',
      { className: 'field' },
      h('label', { text: this.label(spec), attrs: { for: control.id } }),
      control,
      help ? h('p', { className: 'help', text: help }) : null,
    );
  }

  /** Keeps what is typed in the draft of the preset on screen. */
  private track(name: TunnelFieldName, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): void {
    const preset = this.preset;
    control.addEventListener('input', () => {
      this.drafts[preset][name] = control.value;
      this.dirty = true;
    });
    control.addEventListener('change', () => {
      this.drafts[preset][name] = control.value;
      this.dirty = true;
    });
  }

  private input(spec: TunnelFieldSpec, type: 'text' | 'number', min?: number, max?: number): HTMLElement {
    const { name } = spec;
    const input = h('input', {
      attrs: {
        type,
        id: `tunnel-${name}`,
        'data-testid': `tunnel-field-${name}`,
        spellcheck: 'false',
        autocomplete: 'off',
        placeholder: spec.placeholder,
        min,
        max,
        step: type === 'number' ? 1 : undefined,
        inputmode: type === 'number' ? 'numeric' : undefined,
      },
    });
    input.value = this.draft[name] ?? '';
    this.track(name, input);
    return this.field(spec, input);
  }

  /** Write-only: main never sends a token back, so the field starts empty and says when one is saved. */
  private secret(spec: TunnelFieldSpec, savedFlag: string): HTMLElement {
    const { name } = spec;
    const saved: Partial<Record<string, unknown>> | null = this.saved;
    const input = h('input', {
      attrs: {
        type: 'password',
        id: `tunnel-${name}`,
        'data-testid': `tunnel-field-${name}`,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder:
          saved?.['preset'] === this.preset && saved[savedFlag] === true
            ? this.ctx.strings.tunnelTokenSaved
            : undefined,
      },
    });
    input.value = this.draft[name] ?? '';
    this.track(name, input);
    return this.field(spec, input);
  }

  private textarea(spec: TunnelFieldSpec): HTMLElement {
    const { name } = spec;
    const area = h('textarea', {
      className: 'tunnel-args',
      attrs: { id: `tunnel-${name}`, 'data-testid': `tunnel-field-${name}`, rows: 4, spellcheck: 'false' },
    });
    area.value = this.draft[name] ?? '';
    this.track(name, area);
    return this.field(spec, area);
  }

  private select(spec: ChoiceSpec, options: readonly string[]): HTMLElement {
    const { name } = spec;
    const select = h('select', { attrs: { id: `tunnel-${name}`, 'data-testid': `tunnel-field-${name}` } });
    for (const value of options) select.appendChild(h('option', { text: value, attrs: { value } }));
    select.value = this.draft[name] ?? spec.initial;
    this.track(name, select);
    return this.field(spec, select);
  }

  /** A mode choice: changing it shows that mode's fields. */
  private radios(spec: TunnelFieldSpec, options: readonly { value: string; label: TextKey }[]): HTMLElement {
    const { name } = spec;
    const preset = this.preset;
    const current = this.draft[name];
    const group = h(
      'fieldset',
      { className: 'radio-group', attrs: { 'data-testid': `tunnel-field-${name}` } },
      h('legend', { className: 'field-label', text: this.label(spec) }),
      ...options.map(({ value, label }) => {
        const radio = h('input', {
          attrs: {
            type: 'radio',
            name: `tunnel-${name}`,
            value,
            'data-testid': `tunnel-field-${name}-${value}`,
          },
        });
        radio.checked = current === value;
        radio.addEventListener('change', () => {
          if (!radio.checked) return;
          this.drafts[preset][name] = value;
          this.dirty = true;
          this.drawFields();
          // The redraw replaced the radio: keep the keyboard where it was.
          this.fields.querySelector<HTMLInputElement>(`[data-testid="tunnel-field-${name}-${value}"]`)?.focus();
        });
        return h('label', { className: 'check' }, radio, h('span', { text: this.ctx.strings[label] }));
      }),
    );
    return group;
  }
}
