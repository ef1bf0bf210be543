// Settings (#/settings): every change is sent at once with updateSettings and the page redrawn from the answer.
import type { PublicSettings, SettingsView } from '../shared/bridge-contract.js';
import {
  CATALOG,
  CATEGORIES,
  CATEGORY_LABELS,
  EVENT_TYPES,
  LOCALES,
  catalogEntry,
  type Category,
  type KnownEventType,
  type Locale,
} from '../shared/catalog.js';
import { mergeSettingsPatch } from '../shared/settings-patch.js';
import type { SettingsPatch } from '../shared/settings-schema.js';
import { AttentionSettings } from './attention-settings.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import type { LiveView } from './live-view.js';
import { TunnelSettingsForm } from './tunnel-settings-form.js';

export const RETENTION_MIN = 1;
export const RETENTION_MAX = 3650;

/** Types that can pop up, by category: the ones a mute checkbox makes sense for. */
function typesOf(category: Category): KnownEventType[] {
  return EVENT_TYPES.filter((type) => CATALOG[type].category === category);
}

function mutableTypesOf(category: Category): KnownEventType[] {
  return typesOf(category).filter((type) => CATALOG[type].popup);
}

function applyPatch(settings: PublicSettings, patch: SettingsPatch): PublicSettings {
  // The tunnel form saves on its own and redraws from main's answer; this page never patches the tunnel.
  return mergeSettingsPatch(settings, patch, (tunnel) => tunnel);
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

export class SettingsPanel implements LiveView {
  readonly element: HTMLElement;
  /** The settings as this page shows them: the last answer, plus the changes still on their way. */
  private local: SettingsView | null;
  private pending = 0;
  private failed = false;
  private testResult: { text: string; ok: boolean } | null = null;
  private testing = false;
  /** Kept across redraws: its fields hold what the user typed until "Salvar túnel". */
  private readonly tunnel: TunnelSettingsForm;
  /** "Quando avisar": built again with the page, in the page's language. */
  private attention: AttentionSettings | null = null;

  constructor(private readonly ctx: DeskContext) {
    this.local = ctx.settings;
    this.element = h('section', { className: 'view settings-view', attrs: { 'data-testid': 'settings' } });
    this.tunnel = new TunnelSettingsForm(ctx);
    this.relabel();
    if (!this.local) this.reload();
  }

  reload(): void {
    this.ctx.api.getSettings().then(
      (view) => this.ctx.applySettings(view),
      (error: unknown) => this.ctx.fail(error),
    );
  }

  /** From the app, whenever settings changed anywhere (this page, another window, main). */
  settingsChanged(view: SettingsView): void {
    // The tunnel form is saved on its own ("Salvar túnel"), so the changes in flight below do not concern it.
    this.tunnel.settingsChanged(view);
    // Our own changes still in flight would be undone on screen by an older state; the last answer settles it.
    if (this.pending > 0) return;
    const relabel = this.local === null || this.local.settings.locale !== view.settings.locale;
    this.local = view;
    if (relabel) this.relabel();
    else this.sync();
  }

  establishmentsChanged(): void {
    this.relabel();
  }

  statusChanged(): void {
    this.tunnel.statusChanged();
  }

  tick(): void {}

  private patch(patch: SettingsPatch): void {
    if (!this.local) return;
    this.local = { ...this.local, settings: applyPatch(this.local.settings, patch) };
    this.sync();
    this.pending++;
    this.ctx.api.updateSettings(patch).then(
      (view) => this.settle(view),
      (error: unknown) => {
        this.failed = true;
        this.ctx.fail(error);
        this.settle(null);
      },
    );
  }

  private settle(view: SettingsView | null): void {
    this.pending--;
    if (this.pending > 0) return;
    if (this.failed || !view) {
      this.failed = false;
      // Show what main really holds after a refusal.
      this.reload();
      return;
    }
    this.ctx.applySettings(view);
  }

  // ---- drawing ----

  relabel(): void {
    const { strings } = this.ctx;
    if (!this.local) {
      this.attention = null;
      replaceChildren(this.element, h('h1', { text: strings.settingsTitle }), h('p', { text: strings.loading }));
      return;
    }
    const view = this.local;
    const locale = view.settings.locale;
    this.tunnel.settingsChanged(view);
    this.attention = new AttentionSettings(this.ctx, {
      current: () => this.local?.settings ?? null,
      patch: (patch) => this.patch(patch),
    });
    replaceChildren(
      this.element,
      h(
        'div',
        { className: 'settings-head' },
        h('h1', { text: strings.settingsTitle }),
        h('p', { className: 'muted', text: strings.settingsAutoSave }),
      ),
      this.notificationsSection(),
      this.attention.element,
      this.muteTypesSection(locale),
      this.muteEstablishmentsSection(),
      this.languageSection(view),
      this.webhookSection(view),
      this.tunnel.element,
      this.privacySection(view),
      h(
        'p',
        { className: 'config-file muted' },
        `${strings.configFile}: `,
        h('code', { text: view.configFile, attrs: { 'data-testid': 'config-file' } }),
      ),
    );
    this.sync();
  }

  private section(title: string, testId: string, ...children: (Node | null)[]): HTMLElement {
    return h(
      'section',
      { className: 'panel settings-section', attrs: { 'data-testid': testId } },
      h('h2', { text: title }),
      ...children,
    );
  }

  private notificationsSection(): HTMLElement {
    const { strings } = this.ctx;
    const button = h('button', {
      className: 'button',
      text: this.testing ? strings.testSending : strings.testNotification,
      attrs: { type: 'button', 'data-testid': 'test-notification' },
    });
    button.disabled = this.testing;
    const result = h('p', {
      className: this.testResult ? (this.testResult.ok ? 'test-result ok' : 'test-result failed') : 'test-result',
      text: this.testResult?.text ?? '',
      attrs: { 'data-testid': 'test-notification-result', 'aria-live': 'polite' },
    });
    button.addEventListener('click', () => {
      this.testing = true;
      button.disabled = true;
      button.textContent = strings.testSending;
      this.ctx.api.sendTestNotification().then(
        (answer) => {
          this.testing = false;
          const s = this.ctx.strings;
          this.testResult = answer.ok
            ? { ok: true, text: s.testSent(answer.backend) }
            : { ok: false, text: `${s.testFailed(answer.backend, answer.code)} ${answer.hint}` };
          this.relabelSection('notifications', () => this.notificationsSection());
        },
        (error: unknown) => {
          this.testing = false;
          this.relabelSection('notifications', () => this.notificationsSection());
          this.ctx.fail(error);
        },
      );
    });
    const paused = h('input', {
      attrs: { type: 'checkbox', id: 'setting-paused', 'data-testid': 'notifications-paused' },
    });
    paused.addEventListener('change', () => this.patch({ notificationsPaused: paused.checked }));
    const atLogin = h('input', {
      attrs: { type: 'checkbox', id: 'setting-start-at-login', 'data-testid': 'start-at-login' },
    });
    atLogin.addEventListener('change', () => this.patch({ startAtLogin: atLogin.checked }));
    const check = (box: HTMLInputElement, label: string, help: string): HTMLElement =>
      h(
        'div',
        { className: 'field' },
        h('label', { className: 'check', attrs: { for: box.id } }, box, h('span', { text: label })),
        h('p', { className: 'help', text: help }),
      );
    return this.section(
      strings.notificationsTitle,
      'settings-notifications',
      check(paused, strings.pauseNotifications, strings.pauseNotificationsHelp),
      // Only the desktop app can open itself at login; the headless service is started by whoever runs it.
      this.local?.shell === 'desktop' ? check(atLogin, strings.startAtLogin, strings.startAtLoginHelp) : null,
      h('div', { className: 'row-actions' }, button),
      result,
    );
  }

  private relabelSection(key: string, build: () => HTMLElement): void {
    const old = this.element.querySelector(`[data-testid="settings-${key}"]`);
    if (old) old.replaceWith(build());
  }

  private muteTypesSection(locale: Locale): HTMLElement {
    const { strings } = this.ctx;
    const groups = CATEGORIES.map((category) => {
      const lgpd = mutableTypesOf(category).length === 0;
      const all = h('input', {
        attrs: { type: 'checkbox', 'data-testid': `mute-category-${category}`, 'data-category': category },
      });
      all.disabled = lgpd;
      all.addEventListener('change', () => this.muteCategory(category, all.checked));
      const types = typesOf(category).map((type) => {
        const box = h('input', { attrs: { type: 'checkbox', 'data-testid': `mute-type-${type}`, 'data-type': type } });
        box.disabled = !CATALOG[type].popup;
        box.addEventListener('change', () => this.muteType(type, box.checked));
        return h('label', { className: 'check' }, box, h('span', { text: CATALOG[type].texts[locale].title }));
      });
      return h(
        'fieldset',
        { className: `mute-group category-${category}${lgpd ? ' disabled' : ''}` },
        h(
          'legend',
          {},
          h('label', { className: 'check check-strong' }, all, h('span', { text: CATEGORY_LABELS[category][locale] })),
        ),
        lgpd ? h('p', { className: 'note', text: strings.lgpdNeverPopup }) : null,
        ...types,
      );
    });
    return this.section(
      strings.muteTypesTitle,
      'settings-mute-types',
      h('p', { className: 'help', text: strings.muteTypesHelp }),
      h('div', { className: 'mute-grid' }, ...groups),
    );
  }

  private muteEstablishmentsSection(): HTMLElement | null {
    const { strings, establishments } = this.ctx;
    if (establishments.length === 0) return null;
    const boxes = establishments.map((place) => {
      const box = h('input', {
        attrs: { type: 'checkbox', 'data-testid': `mute-establishment-${place.id}`, 'data-establishment': place.id },
      });
      box.addEventListener('change', () => this.muteEstablishment(place.id, box.checked));
      return h('label', { className: 'check' }, box, h('span', { text: place.name ?? place.id }));
    });
    return this.section(
      strings.muteEstablishmentsTitle,
      'settings-mute-establishments',
      h('p', { className: 'help', text: strings.muteEstablishmentsHelp }),
      h('div', { className: 'check-list' }, ...boxes),
    );
  }

  private languageSection(view: SettingsView): HTMLElement {
    const { strings } = this.ctx;
    const language = h('select', { attrs: { id: 'setting-locale', 'data-testid': 'setting-locale' } });
    const names: Record<Locale, string> = { 'pt-BR': strings.languagePtBR, en: strings.languageEn };
    for (const locale of LOCALES) {
      language.appendChild(h('option', { text: names[locale], attrs: { value: locale, lang: locale } }));
    }
    language.addEventListener('change', () => {
      const locale = LOCALES.find((candidate) => candidate === language.value);
      if (locale) this.patch({ locale });
    });

    const zone = h('select', { attrs: { id: 'setting-timezone', 'data-testid': 'setting-timezone' } });
    for (const name of timeZones(view.settings.timeZone)) {
      zone.appendChild(h('option', { text: name.replaceAll('_', ' '), attrs: { value: name } }));
    }
    zone.addEventListener('change', () => {
      if (zone.value) this.patch({ timeZone: zone.value });
    });

    return this.section(
      strings.languageTitle,
      'settings-language',
      h(
        'div',
        { className: 'field-grid' },
        h('div', { className: 'field' }, h('label', { text: strings.language, attrs: { for: language.id } }), language),
        h(
          'div',
          { className: 'field' },
          h('label', { text: strings.timeZone, attrs: { for: zone.id } }),
          zone,
          h('p', { className: 'help', text: strings.timeZoneHelp }),
        ),
      ),
    );
  }

  private webhookSection(view: SettingsView): HTMLElement {
    const { strings } = this.ctx;
    const regenerate = h('button', {
      className: 'button button-danger',
      text: strings.regenerateSecret,
      attrs: { type: 'button', 'data-testid': 'regenerate-secret' },
    });
    regenerate.disabled = view.secretFromEnvironment;
    regenerate.addEventListener('click', () => {
      if (!confirm(this.ctx.strings.regenerateConfirm)) return;
      regenerate.disabled = true;
      this.ctx.api.regenerateWebhookSecret().then(
        (next) => {
          this.ctx.applySettings(next);
          this.ctx.toasts.show(this.ctx.strings.regenerated, 'info');
        },
        (error: unknown) => {
          regenerate.disabled = false;
          this.ctx.fail(error);
        },
      );
    });
    return this.section(
      strings.webhookTitle,
      'settings-webhook',
      h('p', { className: 'help', text: strings.webhookHelp }),
      h('label', { className: 'field-label', text: strings.webhookUrl }),
      copyField(this.ctx, {
        value: view.webhookUrl,
        inputTestId: 'webhook-url',
        buttonTestId: 'copy-webhook-url',
        label: strings.webhookUrl,
      }),
      h(
        'div',
        { className: 'row-actions' },
        regenerate,
        view.secretFromEnvironment
          ? h('p', {
              className: 'note',
              text: strings.secretFromEnvironment,
              attrs: { 'data-testid': 'secret-from-env' },
            })
          : null,
      ),
      h('a', {
        className: 'button-link',
        text: strings.deliveriesLink,
        attrs: { href: '#/deliveries', 'data-testid': 'deliveries-link' },
      }),
    );
  }

  private privacySection(view: SettingsView): HTMLElement {
    const { strings } = this.ctx;
    const retention = h('input', {
      attrs: {
        type: 'number',
        id: 'setting-retention',
        min: RETENTION_MIN,
        max: RETENTION_MAX,
        step: 1,
        inputmode: 'numeric',
        'data-testid': 'retention-days',
      },
    });
    const error = h('p', { className: 'field-error', attrs: { 'data-testid': 'retention-error', hidden: true } });
    retention.addEventListener('change', () => {
      const days = Number(retention.value);
      if (!Number.isInteger(days) || days < RETENTION_MIN || days > RETENTION_MAX || retention.value.trim() === '') {
        error.textContent = this.ctx.strings.retentionInvalid;
        error.hidden = false;
        return;
      }
      error.hidden = true;
      const current = this.local?.settings.privacy ?? view.settings.privacy;
      if (days !== current.retentionDays) this.patch({ privacy: { ...current, retentionDays: days } });
    });
    const keep = h('input', { attrs: { type: 'checkbox', id: 'setting-keep-cpf-rg', 'data-testid': 'keep-cpf-rg' } });
    keep.addEventListener('change', () => {
      const current = this.local?.settings.privacy ?? view.settings.privacy;
      this.patch({ privacy: { ...current, keepCpfRg: keep.checked } });
    });
    return this.section(
      strings.privacyTitle,
      'settings-privacy',
      h(
        'div',
        { className: 'field' },
        h('label', { text: strings.retentionDays, attrs: { for: retention.id } }),
        retention,
        error,
        h('p', { className: 'help', text: strings.retentionHelp }),
      ),
      h(
        'div',
        { className: 'field' },
        h(
          'label',
          { className: 'check check-strong', attrs: { for: keep.id } },
          keep,
          h('span', { text: strings.keepCpfRg }),
        ),
        h('p', { className: 'help', text: strings.keepCpfRgHelp }),
      ),
    );
  }

  /** Puts every control in the state of `this.local` without rebuilding (focus and scroll stay where they are). */
  private sync(): void {
    const view = this.local;
    if (!view) return;
    const { settings } = view;
    const muted = new Set(settings.mutedTypes);
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[data-type]')) {
      const type = box.dataset['type']!;
      box.checked = catalogEntry(type).popup && muted.has(type);
    }
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[data-category]')) {
      const types = mutableTypesOf(box.dataset['category'] as Category);
      const count = types.filter((type) => muted.has(type)).length;
      box.checked = types.length > 0 && count === types.length;
      box.indeterminate = count > 0 && count < types.length;
    }
    const mutedPlaces = new Set(settings.mutedEstablishments);
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[data-establishment]')) {
      box.checked = mutedPlaces.has(box.dataset['establishment']!);
    }
    const language = this.element.querySelector<HTMLSelectElement>('[data-testid="setting-locale"]');
    if (language) language.value = settings.locale;
    const zone = this.element.querySelector<HTMLSelectElement>('[data-testid="setting-timezone"]');
    if (zone) {
      if (![...zone.options].some((option) => option.value === settings.timeZone)) {
        zone.prepend(h('option', { text: settings.timeZone, attrs: { value: settings.timeZone } }));
      }
      zone.value = settings.timeZone;
    }
    const url = this.element.querySelector<HTMLInputElement>('[data-testid="webhook-url"]');
    if (url) url.value = view.webhookUrl;
    const regenerate = this.element.querySelector<HTMLButtonElement>('[data-testid="regenerate-secret"]');
    if (regenerate) regenerate.disabled = view.secretFromEnvironment;
    const retention = this.element.querySelector<HTMLInputElement>('[data-testid="retention-days"]');
    if (retention && document.activeElement !== retention) retention.value = String(settings.privacy.retentionDays);
    const keep = this.element.querySelector<HTMLInputElement>('[data-testid="keep-cpf-rg"]');
    if (keep) keep.checked = settings.privacy.keepCpfRg;
    const paused = this.element.querySelector<HTMLInputElement>('[data-testid="notifications-paused"]');
    if (paused) paused.checked = settings.notificationsPaused;
    const atLogin = this.element.querySelector<HTMLInputElement>('[data-testid="start-at-login"]');
    if (atLogin) atLogin.checked = settings.startAtLogin;
    this.attention?.sync(settings);
  }

  private muteType(type: string, mute: boolean): void {
    if (!this.local) return;
    const current = this.local.settings.mutedTypes;
    const mutedTypes = mute ? [...new Set([...current, type])] : current.filter((t) => t !== type);
    this.patch({ mutedTypes });
  }

  private muteCategory(category: Category, mute: boolean): void {
    if (!this.local) return;
    const types = new Set<string>(mutableTypesOf(category));
    const current = this.local.settings.mutedTypes;
    const mutedTypes = mute ? [...new Set([...current, ...types])] : current.filter((type) => !types.has(type));
    this.patch({ mutedTypes });
  }

  private muteEstablishment(id: string, mute: boolean): void {
    if (!this.local) return;
    const current = this.local.settings.mutedEstablishments;
    const mutedEstablishments = mute ? [...new Set([...current, id])] : current.filter((e) => e !== id);
    this.patch({ mutedEstablishments });
  }
}
