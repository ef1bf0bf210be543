// Settings (#/settings[/<section>]): every change is sent at once with updateSettings and the page redrawn from the
// answer. Sections with a menu beside them (above, on narrow screens); on a first run the connection comes first.
import type { PublicSettings, SettingsView } from '../shared/bridge-contract.js';
import { LOCALES, type Locale } from '../shared/catalog.js';
import { mergeSettingsPatch } from '../shared/settings-patch.js';
import type { SettingsPatch } from '../shared/settings-schema.js';
import { AlertTypesSettings } from './alert-types-settings.js';
import { AttentionSettings } from './attention-settings.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { FanoutRoleForm } from './fanout-role-form.js';
import type { LiveView } from './live-view.js';
import { OtherDesksSettings } from './other-desks-settings.js';
import {
  isFirstRun,
  isSettingsSection,
  sectionElement,
  sectionId,
  sectionLink,
  sectionMenuLabel,
  sectionOrder,
  sectionTitleId,
  type SettingsSection,
} from './settings-sections.js';
import { TunnelSettingsForm } from './tunnel-settings-form.js';
import { WebhookAddressSettings } from './webhook-address-settings.js';

export const RETENTION_MIN = 1;
export const RETENTION_MAX = 3650;

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

/** How long after a reveal the page still follows it (the places and the first-run order arrive within it). */
const REVEAL_SETTLE_MS = 1500;

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
  /** "Este computador é…", kept across redraws like the tunnel: a code typed stays until "Salvar". */
  private readonly fanoutRole: FanoutRoleForm;
  /** Built again with the page, in the page's language. */
  private attention: AttentionSettings | null = null;
  private alerts: AlertTypesSettings | null = null;
  private webhook: WebhookAddressSettings | null = null;
  private otherDesks: OtherDesksSettings | null = null;
  /** Another desk (a satellite) has no webhook of its own: its page leaves the address and the tunnel out. */
  private drawnSatellite = false;
  /** Decided once per opening, so sections never move while someone is using them; null until known. */
  private firstRun: boolean | null = null;
  private drawnFirstRun = false;
  /** The section the address names (`#/settings/tunnel`), shown once the page is drawn and on screen. */
  private addressed: SettingsSection | null = null;
  private revealPending = false;
  private spy: IntersectionObserver | null = null;
  /** The menu entry marked as on screen; kept across redraws. */
  private onScreen: SettingsSection | null = null;
  /** Just after a reveal: the menu keeps its mark, and a redraw (places or order arriving) reveals again. */
  private pinnedUntil = 0;

  constructor(private readonly ctx: DeskContext) {
    this.local = ctx.settings;
    this.element = h('section', { className: 'view settings-view', attrs: { 'data-testid': 'settings' } });
    this.tunnel = new TunnelSettingsForm(ctx);
    this.fanoutRole = new FanoutRoleForm(ctx);
    this.decideOrder();
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
    // The tunnel form and "Este computador é…" are saved on their own, so the changes in flight below do not concern them.
    this.tunnel.settingsChanged(view);
    this.fanoutRole.settingsChanged(view);
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
    this.webhook?.update();
    this.otherDesks?.refresh();
    this.decideOrder();
    if (this.local && this.element.hasChildNodes() && this.isSatellite() !== this.drawnSatellite) this.relabel();
  }

  /** "Visto por último" moves on: the desks are asked for again. */
  tick(): void {
    this.otherDesks?.refresh();
  }

  private isSatellite(): boolean {
    return this.ctx.status?.fanout?.role === 'satellite';
  }

  detached(): void {
    this.spy?.disconnect();
    this.spy = null;
  }

  /** From the app on every settings address: brings the named section into view (the top when none). */
  showSection(section: string | undefined): void {
    this.addressed = section !== undefined && isSettingsSection(section) ? section : null;
    this.revealPending = true;
    this.reveal();
  }

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

  /** Latches the first-run verdict once the status is known (usually before the first draw); redraws if it moves things. */
  private decideOrder(): void {
    if (this.firstRun !== null || !this.ctx.status) return;
    this.firstRun = isFirstRun(this.ctx.status);
    if (this.local && this.element.hasChildNodes() && this.firstRun !== this.drawnFirstRun) {
      this.relabel();
      // The addressed section moved with the new order: bring it back into view.
      if (this.addressed) {
        this.revealPending = true;
        this.reveal();
      }
    }
  }

  // ---- drawing ----

  relabel(): void {
    const { strings } = this.ctx;
    this.spy?.disconnect();
    this.spy = null;
    if (!this.local) {
      this.attention = null;
      this.alerts = null;
      this.webhook = null;
      this.otherDesks = null;
      replaceChildren(this.element, h('h1', { text: strings.settingsTitle }), h('p', { text: strings.loading }));
      return;
    }
    const view = this.local;
    const host = {
      current: (): PublicSettings | null => this.local?.settings ?? null,
      patch: (patch: SettingsPatch): void => this.patch(patch),
    };
    this.tunnel.settingsChanged(view);
    this.fanoutRole.settingsChanged(view);
    this.attention = new AttentionSettings(this.ctx, host);
    this.alerts = new AlertTypesSettings(strings, view.settings.locale, host);
    this.webhook = new WebhookAddressSettings(this.ctx, () => this.local);
    // What it showed is drawn again at once (in the new language), then asked for again.
    this.otherDesks = new OtherDesksSettings(this.ctx, this.otherDesks?.current, this.fanoutRole.element);
    const satellite = this.isSatellite();
    this.drawnSatellite = satellite;
    const firstRun = this.firstRun ?? false;
    this.drawnFirstRun = firstRun;
    const built: Record<SettingsSection, HTMLElement | null> = {
      notifications: this.notificationsSection(),
      alerts: this.alerts.element,
      attention: this.attention.element,
      establishments: this.muteEstablishmentsSection(),
      language: this.languageSection(view),
      webhook: satellite ? null : this.webhook.element,
      tunnel: satellite ? null : this.tunnel.element,
      'other-desks': this.otherDesks.element,
      privacy: this.privacySection(view),
    };
    const order = sectionOrder(firstRun).filter((section) => built[section] !== null);
    replaceChildren(
      this.element,
      h(
        'div',
        { className: 'settings-head' },
        h('h1', { text: strings.settingsTitle }),
        h('p', { className: 'muted', text: strings.settingsAutoSave }),
      ),
      h(
        'div',
        { className: 'settings-layout' },
        this.menu(order),
        h(
          'div',
          { className: 'settings-sections' },
          ...order.map((section) => built[section]),
          h(
            'p',
            { className: 'config-file muted' },
            `${strings.configFile}: `,
            h('code', { text: view.configFile, attrs: { 'data-testid': 'config-file' } }),
          ),
        ),
      ),
    );
    this.markCurrent(this.onScreen);
    this.sync();
    this.watchSections(order);
    // A section drawn above the addressed one (the places, once known) would push it out of view.
    if (this.addressed && Date.now() < this.pinnedUntil) this.revealPending = true;
    this.reveal();
  }

  private menu(order: SettingsSection[]): HTMLElement {
    const { strings } = this.ctx;
    return h(
      'nav',
      {
        className: 'settings-menu',
        attrs: { 'aria-label': strings.settingsMenuLabel, 'data-testid': 'settings-menu' },
      },
      h(
        'ul',
        {},
        ...order.map((section) =>
          h(
            'li',
            {},
            sectionLink((route) => this.ctx.navigate(route), section, sectionMenuLabel(section, strings), {
              className: 'settings-menu-link',
              testId: `settings-menu-${section}`,
            }),
          ),
        ),
      ),
    );
  }

  /** Scrolls to the addressed section and gives its heading the focus (or goes to the top when none is named). */
  private reveal(): void {
    if (!this.revealPending || !this.local || !this.element.isConnected) return;
    this.revealPending = false;
    const section = this.addressed;
    const target = section ? this.element.querySelector<HTMLElement>(`#${sectionId(section)}`) : null;
    this.markCurrent(target ? section : null);
    if (!section || !target) {
      this.element.scrollIntoView?.({ block: 'start' });
      return;
    }
    this.pinnedUntil = Date.now() + REVEAL_SETTLE_MS;
    target.scrollIntoView?.({ block: 'start' });
    // Keyboard and screen-reader users land where sighted users look.
    this.element.querySelector<HTMLElement>(`#${sectionTitleId(section)}`)?.focus({ preventScroll: true });
  }

  /** Marks the menu entry of the section on screen (aria-current), following the scroll where the page can tell. */
  private markCurrent(section: SettingsSection | null): void {
    this.onScreen = section;
    for (const link of this.element.querySelectorAll<HTMLAnchorElement>('.settings-menu-link')) {
      const current = section !== null && link.dataset['testid'] === `settings-menu-${section}`;
      link.classList.toggle('current', current);
      if (current) link.setAttribute('aria-current', 'location');
      else link.removeAttribute('aria-current');
    }
  }

  private watchSections(order: SettingsSection[]): void {
    if (typeof IntersectionObserver !== 'function') return;
    const visible = new Set<SettingsSection>();
    this.spy = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const section = (entry.target as HTMLElement).dataset['section'] as SettingsSection;
          if (entry.isIntersecting) visible.add(section);
          else visible.delete(section);
        }
        if (Date.now() < this.pinnedUntil) return;
        // None at the very top of the page, above the first section.
        this.markCurrent(order.find((section) => visible.has(section)) ?? null);
      },
      // A section counts as the one on screen while it crosses the upper third of the window.
      { rootMargin: '0px 0px -66% 0px' },
    );
    for (const section of order) {
      const element = this.element.querySelector<HTMLElement>(`#${sectionId(section)}`);
      if (!element) continue;
      element.dataset['section'] = section;
      this.spy.observe(element);
    }
  }

  private sectionOf(key: SettingsSection, title: string, ...children: (Node | null)[]): HTMLElement {
    return sectionElement(key, title, '', ...children);
  }

  private relabelSection(key: SettingsSection, build: () => HTMLElement): void {
    const old = this.element.querySelector(`#${sectionId(key)}`);
    if (old) old.replaceWith(build());
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
    return this.sectionOf(
      'notifications',
      strings.notificationsTitle,
      check(paused, strings.pauseNotifications, strings.pauseNotificationsHelp),
      // Only the desktop app can open itself at login; the headless service is started by whoever runs it.
      this.local?.shell === 'desktop' ? check(atLogin, strings.startAtLogin, strings.startAtLoginHelp) : null,
      h('div', { className: 'row-actions' }, button),
      result,
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
    return this.sectionOf(
      'establishments',
      strings.muteEstablishmentsTitle,
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

    return this.sectionOf(
      'language',
      strings.languageTitle,
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
    return this.sectionOf(
      'privacy',
      strings.privacyTitle,
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

  private muteEstablishment(id: string, mute: boolean): void {
    if (!this.local) return;
    const current = this.local.settings.mutedEstablishments;
    const mutedEstablishments = mute ? [...new Set([...current, id])] : current.filter((e) => e !== id);
    this.patch({ mutedEstablishments });
  }

  /** Puts every control in the state of `this.local` without rebuilding (focus and scroll stay where they are). */
  private sync(): void {
    const view = this.local;
    if (!view) return;
    const { settings } = view;
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
    const retention = this.element.querySelector<HTMLInputElement>('[data-testid="retention-days"]');
    if (retention && document.activeElement !== retention) retention.value = String(settings.privacy.retentionDays);
    const keep = this.element.querySelector<HTMLInputElement>('[data-testid="keep-cpf-rg"]');
    if (keep) keep.checked = settings.privacy.keepCpfRg;
    const paused = this.element.querySelector<HTMLInputElement>('[data-testid="notifications-paused"]');
    if (paused) paused.checked = settings.notificationsPaused;
    const atLogin = this.element.querySelector<HTMLInputElement>('[data-testid="start-at-login"]');
    if (atLogin) atLogin.checked = settings.startAtLogin;
    this.alerts?.sync(settings);
    this.attention?.sync(settings);
    this.webhook?.update();
    // A new time zone moves "desde" and "visto por último".
    this.otherDesks?.redraw();
  }
}
