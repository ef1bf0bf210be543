// The app: owns the shared state, subscribes once to every pushed event, routes, and hands events to open views.
import type {
  BridgeEventPayload,
  BridgeRequest,
  FeedItem,
  FeedPage,
  FeedQuery,
  SettingsView,
  Status,
  WifireDeskApi,
} from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import { UI_STRINGS, type UiStrings } from '../shared/ui-strings.js';
import { AppHeader } from './app-header.js';
import { CustomerView } from './customer-view.js';
import { compareEventIds } from '../shared/event-ids.js';
import type { DeskContext, Establishment } from './desk-context.js';
import { errorMessage } from './error-message.js';
import { EMPTY_FILTERS, filtersToQuery } from './feed-filter.js';
import { FeedView, FIRST_PAGE_SIZE } from './feed-view.js';
import { h, replaceChildren } from './dom.js';
import type { LiveView } from './live-view.js';
import { PhotoCache } from './photo-cache.js';
import { PublicUrlBanner } from './public-url-banner.js';
import { FirstRunChecklist } from './first-run-checklist.js';
import { parseRoute, routeHash, type Route } from './route.js';
import { SettingsPanel } from './settings-view.js';
import { DeliveriesView } from './deliveries-view.js';
import { warmTimeFormats } from './time-format.js';
import { Toasts } from './toast.js';
import { TrayView, TRAY_LIMIT } from './tray-view.js';

const DEFAULT_LOCALE: Locale = 'pt-BR';
const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
export const TICK_MS = 30_000;

export interface DeskAppOptions {
  now?: () => number;
  /** How often relative times are redrawn; 0 turns the timer off (tests). */
  tickMs?: number;
}

/** The settings a row's "silenciado" mark depends on. */
function silenceKey(view: SettingsView | null): string {
  if (!view) return '';
  const { mutedTypes, mutedEstablishments, followedEstablishments, quietHours } = view.settings;
  return JSON.stringify([mutedTypes, mutedEstablishments, followedEstablishments, quietHours]);
}

export class DeskApp implements DeskContext {
  readonly photos: PhotoCache;
  readonly toasts: Toasts;
  settings: SettingsView | null = null;
  status: Status | null = null;
  establishments: Establishment[] = [];
  unread = 0;

  private route: Route = { name: 'feed' };
  private lastList: Route = { name: 'feed' };
  private readonly header: AppHeader;
  /** "Cole o novo endereço no WiFire", above every panel page (the tray window draws its own, compact). */
  private readonly banner: PublicUrlBanner;
  private readonly checklist: FirstRunChecklist;
  private readonly main: HTMLElement;
  private tray: TrayView | null = null;
  private feed: FeedView | null = null;
  private customer: CustomerView | null = null;
  private settingsPanel: SettingsPanel | null = null;
  private deliveries: DeliveriesView | null = null;
  private current: LiveView | null = null;
  private newestId: string | null = null;
  private listening: boolean | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly nowFn: () => number;
  private readonly onHashChange = (): void => this.showRoute(parseRoute(window.location.hash));
  private started = false;
  /** No header is drawn before the first route is known (the tray window has none). */
  private routed = false;
  private compact = false;

  constructor(
    private readonly root: HTMLElement,
    readonly api: WifireDeskApi,
    private readonly options: DeskAppOptions = {},
  ) {
    this.nowFn = options.now ?? Date.now;
    this.photos = new PhotoCache(api);
    this.toasts = new Toasts(() => this.strings.dismiss);
    this.header = new AppHeader(this);
    this.banner = new PublicUrlBanner(this);
    this.banner.setActive(false);
    this.checklist = new FirstRunChecklist(this);
    this.checklist.setActive(false);
    this.main = h('main', { className: 'app-main', attrs: { id: 'main' } });
  }

  // ---- DeskContext ----

  get locale(): Locale {
    return this.settings?.settings.locale ?? DEFAULT_LOCALE;
  }

  get timeZone(): string {
    return this.settings?.settings.timeZone ?? DEFAULT_TIME_ZONE;
  }

  get strings(): UiStrings {
    return UI_STRINGS[this.locale];
  }

  now(): number {
    return this.nowFn();
  }

  navigate(route: Route): void {
    const hash = routeHash(route);
    if (window.location.hash === hash) this.showRoute(route);
    else window.location.hash = hash;
  }

  backRoute(): Route {
    return this.lastList;
  }

  setUnread(unread: number): void {
    if (unread === this.unread) return;
    this.unread = unread;
    document.title = this.strings.documentTitle(unread);
    this.drawHeader();
    for (const view of this.views()) view.unreadChanged?.();
  }

  noteEventId(id: string): void {
    if (this.newestId === null || compareEventIds(id, this.newestId) > 0) this.newestId = id;
  }

  async markRead(request: BridgeRequest<'markRead'>): Promise<void> {
    try {
      const { unread } = await this.api.markRead(request);
      // Main also pushes eventsRead; applying it here too keeps this window right if the push is slow.
      const read: BridgeEventPayload<'eventsRead'> = { unread };
      if ('ids' in request) read.ids = request.ids;
      else if (request.upToId !== undefined) read.upToId = request.upToId;
      this.dispatch((view) => view.eventsRead?.(read));
      this.setUnread(unread);
    } catch (error) {
      this.fail(error);
    }
  }

  markAllRead(): Promise<void> {
    return this.markRead(this.newestId ? { all: true, upToId: this.newestId } : { all: true });
  }

  setStatus(status: Status): void {
    this.status = status;
    const cameBack = this.listening === false && status.listening;
    this.listening = status.listening;
    this.setUnread(status.unread);
    this.drawHeader();
    this.checklist.update();
    this.banner.update();
    for (const view of this.views()) view.statusChanged?.();
    // Events may have arrived while the service was out of reach: fetch the open view again.
    if (cameBack) {
      this.loadEstablishments();
      this.api.getSettings().then(
        (view) => this.applySettings(view),
        () => undefined,
      );
      this.current?.reload();
    }
  }

  applySettings(view: SettingsView): void {
    // Compared with what is on screen (the defaults, if the first getSettings failed).
    const localeChanged = this.locale !== view.settings.locale;
    const zoneChanged = this.timeZone !== view.settings.timeZone;
    const pausedChanged = this.settings?.settings.notificationsPaused !== view.settings.notificationsPaused;
    const silenceChanged = silenceKey(this.settings) !== silenceKey(view);
    this.settings = view;
    for (const live of this.views()) live.settingsChanged?.(view);
    if (!localeChanged && !zoneChanged) {
      // "Notificações pausadas" shows beside the snooze control, in the header and the tray view.
      if (pausedChanged) {
        this.drawHeader();
        this.tray?.relabel();
      }
      // Main marks rows "silenciado" from these settings: the rows on screen are asked for again.
      if (silenceChanged) {
        this.tray?.reload();
        this.feed?.reload();
        this.customer?.reload();
      }
      return;
    }
    document.documentElement.lang = view.settings.locale;
    document.title = this.strings.documentTitle(this.unread);
    this.drawHeader();
    this.checklist.update();
    this.banner.update();
    for (const live of this.views()) live.relabel();
    // Titles and bodies come from main in the desk's language; a new zone moves the day filters.
    this.tray?.reload();
    this.feed?.reload();
    this.customer?.reload();
  }

  fail(error: unknown): void {
    this.toasts.show(errorMessage(error, this.strings.errorGeneric), 'error');
  }

  // ---- life cycle ----

  /** The first feed page, asked for alongside the settings so the first rows cost one round trip, not two. */
  private prefetched: { key: string; page: Promise<FeedPage> } | null = null;

  listFeed(query: FeedQuery): Promise<FeedPage> {
    const prefetched = this.prefetched;
    this.prefetched = null;
    if (prefetched && prefetched.key === JSON.stringify(query)) return prefetched.page;
    return this.api.listFeed(query);
  }

  private prefetchFirstPage(route: Route): void {
    const query: FeedQuery | null =
      route.name === 'tray'
        ? { limit: TRAY_LIMIT }
        : route.name === 'feed'
          ? { ...filtersToQuery(EMPTY_FILTERS), limit: FIRST_PAGE_SIZE }
          : null;
    if (!query) return;
    const page = this.api.listFeed(query);
    page.catch(() => undefined); // the view that takes it reports the failure
    this.prefetched = { key: JSON.stringify(query), page };
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.subscribe();
    // Every request the first screen needs goes out before anything is drawn.
    this.prefetchFirstPage(parseRoute(window.location.hash));
    const settings = this.api.getSettings().then(
      (view) => {
        this.settings = view;
        document.documentElement.lang = view.settings.locale;
      },
      (error: unknown) => this.fail(error),
    );
    this.api.getStatus().then(
      (status) => this.setStatus(status),
      () => undefined,
    );
    this.loadEstablishments();
    replaceChildren(
      this.root,
      this.header.element,
      this.checklist.element,
      this.banner.element,
      this.main,
      this.toasts.element,
    );
    // While they are on their way: the first Intl formatter of a page loads the browser's locale data, which costs
    // as much as drawing the rows. The defaults are the likely settings; others are made when first used.
    warmTimeFormats(DEFAULT_LOCALE, DEFAULT_TIME_ZONE, this.now());
    // The language decides every text, so the first view waits for the settings (one local round trip).
    await settings;
    document.title = this.strings.documentTitle(this.unread);
    window.addEventListener('hashchange', this.onHashChange);
    this.showRoute(parseRoute(window.location.hash));
    const tickMs = this.options.tickMs ?? TICK_MS;
    if (tickMs > 0) this.timer = setInterval(() => this.tick(), tickMs);
  }

  destroy(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
    window.removeEventListener('hashchange', this.onHashChange);
    clearInterval(this.timer);
    this.photos.clear();
    this.root.replaceChildren();
  }

  tick(): void {
    this.drawHeader();
    this.current?.tick();
  }

  private loadEstablishments(): void {
    this.api.listEstablishments().then(
      (list) => {
        this.establishments = list;
        for (const view of this.views()) view.establishmentsChanged?.();
      },
      () => undefined,
    );
  }

  private subscribe(): void {
    const on = this.unsubscribe;
    on.push(this.api.on('eventAdded', (item) => this.onEventAdded(item)));
    on.push(
      this.api.on('eventsRead', (payload) => {
        this.dispatch((view) => view.eventsRead?.(payload));
        this.setUnread(payload.unread);
      }),
    );
    on.push(
      this.api.on('eventsExpired', (payload) => {
        this.dispatch((view) => view.eventsExpired?.(payload));
        this.setUnread(payload.unread);
      }),
    );
    on.push(
      this.api.on('customerPurged', (payload) => {
        this.photos.drop(payload.customerId);
        this.dispatch((view) => view.customerPurged?.(payload));
        this.setUnread(payload.unread);
      }),
    );
    on.push(this.api.on('customerUpdated', (payload) => this.dispatch((view) => view.customerUpdated?.(payload))));
    on.push(this.api.on('settingsChanged', (view) => this.applySettings(view)));
    on.push(this.api.on('status', (status) => this.setStatus(status)));
  }

  private onEventAdded(item: FeedItem): void {
    this.noteEventId(item.id);
    // A place seen for the first time joins the filters and the mute list without a reload.
    if (!this.establishments.some((place) => place.id === item.establishmentId)) {
      this.establishments = [...this.establishments, { id: item.establishmentId, name: item.establishmentName }];
      for (const view of this.views()) view.establishmentsChanged?.();
    }
    this.dispatch((view) => view.eventAdded?.(item));
    if (!item.read) this.setUnread(this.unread + 1);
  }

  /** Every view alive (the feed and tray stay alive while a card is open, so going back finds them current). */
  private views(): LiveView[] {
    return [this.tray, this.feed, this.customer, this.settingsPanel, this.deliveries].filter(
      (view): view is NonNullable<typeof view> => view !== null,
    );
  }

  private dispatch(action: (view: LiveView) => void): void {
    for (const view of this.views()) {
      try {
        action(view);
      } catch (error) {
        // One view's bug must not stop the others from dropping a purged customer.
        console.error('wifire-desk: view update failed', errorMessage(error, ''));
      }
    }
  }

  private drawHeader(): void {
    if (this.routed && !this.compact) this.header.render(this.route);
  }

  private showRoute(route: Route): void {
    const previous = this.route;
    this.route = route;
    if (route.name === 'tray' || route.name === 'feed') this.lastList = route;
    // A card opened from the tray window stays as compact as the tray.
    const compact = route.name === 'tray' || (route.name === 'customer' && this.lastList.name === 'tray');
    this.routed = true;
    this.compact = compact;
    this.root.classList.toggle('compact', compact);
    this.root.dataset['route'] = route.name;
    this.header.element.hidden = compact;
    if (compact) this.header.element.replaceChildren();
    else this.header.render(route);
    this.banner.setActive(!compact);
    this.checklist.setActive(!compact);

    let next: LiveView;
    switch (route.name) {
      case 'tray':
        next = this.tray ??= new TrayView(this);
        break;
      case 'feed':
        next = this.feed ??= new FeedView(this);
        break;
      case 'settings':
        next = this.settingsPanel ??= new SettingsPanel(this);
        break;
      case 'deliveries':
        next = this.deliveries ??= new DeliveriesView(this);
        break;
      case 'customer':
        if (this.customer?.customerId !== route.customerId || previous.name !== 'customer') {
          this.customer = new CustomerView(this, route.customerId);
        }
        next = this.customer;
        break;
    }
    if (route.name !== 'customer') this.customer = null;
    if (route.name !== 'settings') this.settingsPanel = null;
    if (route.name !== 'deliveries') this.deliveries = null;
    if (this.current !== next) {
      this.current?.detached?.();
      this.current = next;
      replaceChildren(this.main, next.element);
      next.attached?.();
      // Land at the top of a new page, as a browser would.
      if (route.name !== 'feed') window.scrollTo?.(0, 0);
    }
    // #/settings/tunnel from a link while settings are open: the same page, scrolled to that section.
    if (route.name === 'settings') this.settingsPanel?.showSection(route.section);
  }
}

export function startDeskApp(root: HTMLElement, api: WifireDeskApi, options?: DeskAppOptions): DeskApp {
  const app = new DeskApp(root, api, options);
  void app.start();
  return app;
}
