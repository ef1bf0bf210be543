// The "Túnel" section of the settings: the preset, its fields, the state in words, "Salvar túnel" and "Reiniciar túnel".
// Tokens never come back from main (only hasToken/hasAuthtoken): a token left blank keeps the saved one.
import type { PublicSettings, SettingsView } from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import type { TunnelPatch } from '../shared/tunnel-settings.js';
import { SSH_SERVICES, TUNNEL_PRESETS, type TunnelPreset } from '../shared/tunnel-presets.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { tunnelStateText } from './connection-state.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { errorMessage } from './error-message.js';
import { sectionElement, sectionHeading } from './settings-sections.js';
import { clockTime } from './time-format.js';

type PublicTunnel = PublicSettings['tunnel'];

export type TunnelFieldName =
  | 'publicUrl'
  | 'mode'
  | 'token'
  | 'hostname'
  | 'binaryPath'
  | 'authtoken'
  | 'domain'
  | 'service'
  | 'host'
  | 'port'
  | 'user'
  | 'keyFile'
  | 'remotePort'
  | 'publicBase'
  | 'command'
  | 'args'
  | 'urlPattern';

/** What the form holds for one preset, as typed (numbers and argument lists too). */
export type TunnelDraft = Partial<Record<TunnelFieldName, string>>;

const SAVED_MS = 4000;

const DEFAULT_DRAFTS: Record<TunnelPreset, TunnelDraft> = {
  none: {},
  cloudflared: { mode: 'quick' },
  ngrok: {},
  ssh: { mode: 'service', service: 'localhost.run', port: '22', remotePort: '0' },
  custom: {},
};

/** The saved tunnel as form text; tokens are never part of it. */
export function draftOf(tunnel: PublicTunnel): TunnelDraft {
  const draft: TunnelDraft = { ...DEFAULT_DRAFTS[tunnel.preset] };
  for (const [key, value] of Object.entries(tunnel)) {
    if (key === 'preset' || key === 'hasToken' || key === 'hasAuthtoken' || value === undefined) continue;
    draft[key as TunnelFieldName] = Array.isArray(value) ? value.join('\n') : String(value);
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

/** Drops the keys left empty, so main keeps a saved token and applies its defaults. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The patch "Salvar túnel" sends: only the fields on screen for that preset and mode. */
export function tunnelPatchOf(preset: TunnelPreset, draft: TunnelDraft): TunnelPatch {
  switch (preset) {
    case 'none':
      return present<TunnelPatch>({ preset, publicUrl: text(draft.publicUrl) });
    case 'cloudflared': {
      const mode = draft.mode === 'named' ? 'named' : 'quick';
      return mode === 'named'
        ? present<TunnelPatch>({
            preset,
            mode,
            token: text(draft.token),
            hostname: text(draft.hostname),
            binaryPath: text(draft.binaryPath),
          })
        : present<TunnelPatch>({ preset, mode, binaryPath: text(draft.binaryPath) });
    }
    case 'ngrok':
      return present<TunnelPatch>({
        preset,
        authtoken: text(draft.authtoken),
        domain: text(draft.domain),
        binaryPath: text(draft.binaryPath),
      });
    case 'ssh': {
      if (draft.mode === 'server') {
        return present<TunnelPatch>({
          preset,
          mode: 'server',
          host: text(draft.host),
          port: num(draft.port),
          user: text(draft.user),
          keyFile: text(draft.keyFile),
          remotePort: num(draft.remotePort),
          publicBase: text(draft.publicBase),
          binaryPath: text(draft.binaryPath),
        });
      }
      const service = SSH_SERVICES.find((name) => name === draft.service) ?? 'localhost.run';
      return present<TunnelPatch>({ preset, mode: 'service', service, binaryPath: text(draft.binaryPath) });
    }
    case 'custom':
      return present<TunnelPatch>({
        preset,
        // Sent even when empty, so main names the missing program.
        command: draft.command?.trim() ?? '',
        args: (draft.args ?? '')
          .split('\n')
          .map((line) => line.replace(/\r$/, ''))
          .filter((line) => line.trim() !== ''),
        urlPattern: text(draft.urlPattern),
        publicUrl: text(draft.publicUrl),
      });
  }
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

function fieldLabel(name: TunnelFieldName, preset: TunnelPreset, strings: UiStrings): string {
  const labels: Record<TunnelFieldName, string> = {
    publicUrl: preset === 'custom' ? strings.tunnelFixedUrl : strings.tunnelPublicUrl,
    mode: strings.tunnelMode,
    token: strings.tunnelToken,
    hostname: strings.tunnelHostname,
    binaryPath: strings.tunnelBinaryPath,
    authtoken: strings.tunnelAuthtoken,
    domain: strings.tunnelDomain,
    service: strings.tunnelSshServiceName,
    host: strings.tunnelHost,
    port: strings.tunnelPort,
    user: strings.tunnelUser,
    keyFile: strings.tunnelKeyFile,
    remotePort: strings.tunnelRemotePort,
    publicBase: strings.tunnelPublicBase,
    command: strings.tunnelCommand,
    args: strings.tunnelArgs,
    urlPattern: strings.tunnelUrlPattern,
  };
  return labels[name];
}

const FIELD_NAMES: Record<TunnelFieldName, true> = {
  publicUrl: true,
  mode: true,
  token: true,
  hostname: true,
  binaryPath: true,
  authtoken: true,
  domain: true,
  service: true,
  host: true,
  port: true,
  user: true,
  keyFile: true,
  remotePort: true,
  publicBase: true,
  command: true,
  args: true,
  urlPattern: true,
};

function isFieldName(value: string): value is TunnelFieldName {
  return Object.hasOwn(FIELD_NAMES, value);
}

interface FormError {
  message: string;
  issues: { field: TunnelFieldName | null; message: string }[];
}

/** The bridge's refusal: its message, and each issue tied to a field of this form when its path names one. */
function formErrorOf(error: unknown, fallback: string): FormError {
  const raw = (error as { issues?: unknown } | null)?.issues;
  const issues: FormError['issues'] = [];
  if (Array.isArray(raw)) {
    for (const issue of raw as unknown[]) {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') continue;
      // Paths come as "tunnel.hostname" (settings) or "hostname" (the tunnel alone).
      const first = typeof path === 'string' ? (path.replace(/^tunnel\.?/, '').split('.')[0] ?? '') : '';
      issues.push({ field: isFieldName(first) ? first : null, message });
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
    const patch = tunnelPatchOf(this.preset, this.draft);
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
        this.error = formErrorOf(error, this.ctx.strings.errorGeneric);
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
    const { strings } = this.ctx;
    replaceChildren(
      box,
      h('p', { className: 'field-error', text: this.error.message }),
      this.error.issues.length > 0
        ? h(
            'ul',
            { className: 'tunnel-issues' },
            ...this.error.issues.map((issue) =>
              h('li', {
                text: issue.field
                  ? `${fieldLabel(issue.field, this.preset, strings)}: ${issue.message}`
                  : issue.message,
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
    const { strings } = this.ctx;
    const draft = this.draft;
    const preset = this.preset;
    const rows: (HTMLElement | null)[] = [];
    switch (preset) {
      case 'none':
        rows.push(this.input('publicUrl', { help: strings.tunnelPublicUrlHelp, placeholder: 'https://' }));
        break;
      case 'cloudflared':
        rows.push(
          this.radios('mode', [
            ['quick', strings.tunnelCloudflaredQuick],
            ['named', strings.tunnelCloudflaredNamed],
          ]),
        );
        if (draft.mode === 'named') {
          rows.push(this.secret('token', this.saved?.preset === 'cloudflared' && this.saved.hasToken));
          // The dashboard must point at the port this desk really listens on (--port, WIFIRE_DESK_PORT).
          const port = this.ctx.status?.port || 4560;
          rows.push(this.input('hostname', { help: strings.tunnelNamedHelp(port), placeholder: 'hooks.example.com' }));
        }
        rows.push(this.input('binaryPath'));
        break;
      case 'ngrok':
        rows.push(
          this.secret(
            'authtoken',
            this.saved?.preset === 'ngrok' && this.saved.hasAuthtoken,
            strings.tunnelAuthtokenHelp,
          ),
        );
        rows.push(this.input('domain', { placeholder: 'example.ngrok.app' }));
        rows.push(this.input('binaryPath'));
        break;
      case 'ssh':
        rows.push(
          this.radios('mode', [
            ['server', strings.tunnelSshServer],
            ['service', strings.tunnelSshService],
          ]),
        );
        if (draft.mode === 'server') {
          rows.push(this.input('host'));
          rows.push(this.input('port', { type: 'number', min: 1, max: 65535 }));
          rows.push(this.input('user'));
          rows.push(this.input('keyFile'));
          rows.push(this.input('remotePort', { type: 'number', min: 0, max: 65535 }));
          rows.push(this.input('publicBase', { help: strings.tunnelPublicBaseHelp, placeholder: 'https://' }));
        } else {
          rows.push(this.serviceSelect());
        }
        rows.push(this.input('binaryPath'));
        break;
      case 'custom':
        rows.push(this.input('command'));
        rows.push(this.textarea('args'));
        rows.push(this.input('urlPattern'));
        rows.push(this.input('publicUrl', { placeholder: 'https://' }));
        break;
    }
    replaceChildren(this.fields, ...rows);
  }

  private invalid(name: TunnelFieldName): string | null {
    return this.error?.issues.find((issue) => issue.field === name)?.message ?? null;
  }

  private field(name: TunnelFieldName, control: HTMLElement, help?: string): HTMLElement {
    const problem = this.invalid(name);
    if (problem !== null) {
      control.setAttribute('aria-invalid', 'true');
      control.classList.add('invalid');
    }
    return h(
      'div',
      { className: 'field' },
      h('label', { text: fieldLabel(name, this.preset, this.ctx.strings), attrs: { for: control.id } }),
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

  private input(
    name: TunnelFieldName,
    options: { type?: 'text' | 'number'; help?: string; placeholder?: string; min?: number; max?: number } = {},
  ): HTMLElement {
    const input = h('input', {
      attrs: {
        type: options.type ?? 'text',
        id: `tunnel-${name}`,
        'data-testid': `tunnel-field-${name}`,
        spellcheck: 'false',
        autocomplete: 'off',
        placeholder: options.placeholder,
        min: options.min,
        max: options.max,
        step: options.type === 'number' ? 1 : undefined,
        inputmode: options.type === 'number' ? 'numeric' : undefined,
      },
    });
    input.value = this.draft[name] ?? '';
    this.track(name, input);
    return this.field(name, input, options.help);
  }

  /** Write-only: main never sends a token back, so the field starts empty and says when one is saved. */
  private secret(name: 'token' | 'authtoken', saved: boolean, help?: string): HTMLElement {
    const input = h('input', {
      attrs: {
        type: 'password',
        id: `tunnel-${name}`,
        'data-testid': `tunnel-field-${name}`,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: saved ? this.ctx.strings.tunnelTokenSaved : undefined,
      },
    });
    input.value = this.draft[name] ?? '';
    this.track(name, input);
    return this.field(name, input, help);
  }

  private textarea(name: TunnelFieldName): HTMLElement {
    const area = h('textarea', {
      className: 'tunnel-args',
      attrs: { id: `tunnel-${name}`, 'data-testid': `tunnel-field-${name}`, rows: 4, spellcheck: 'false' },
    });
    area.value = this.draft[name] ?? '';
    this.track(name, area);
    return this.field(name, area);
  }

  private serviceSelect(): HTMLElement {
    const select = h('select', { attrs: { id: 'tunnel-service', 'data-testid': 'tunnel-field-service' } });
    for (const service of SSH_SERVICES) select.appendChild(h('option', { text: service, attrs: { value: service } }));
    select.value = this.draft.service ?? 'localhost.run';
    this.track('service', select);
    return this.field('service', select);
  }

  /** The mode choice: changing it shows that mode's fields. */
  private radios(name: 'mode', options: [string, string][]): HTMLElement {
    const preset = this.preset;
    const current = this.draft[name];
    const group = h(
      'fieldset',
      { className: 'radio-group', attrs: { 'data-testid': `tunnel-field-${name}` } },
      h('legend', { className: 'field-label', text: fieldLabel(name, preset, this.ctx.strings) }),
      ...options.map(([value, label]) => {
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
        return h('label', { className: 'check' }, radio, h('span', { text: label }));
      }),
    );
    return group;
  }
}
