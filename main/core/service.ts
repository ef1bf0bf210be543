// The composition root: the same core for both shells. Intake → store → bus → classify → policy → notifier.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { Bridge, type BridgeDeps } from './bridge/bridge.js';
import { Bus } from './bus.js';
import { classify } from './notify/classify.js';
import { dataPaths, ensureDataDir, type DataPaths } from './data-dir/data-dir.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir/data-dir-lock.js';
import { guardConnections, listenerLimits, serverOptions, type ListenerLimits } from './intake/connection-guard.js';
import { trustedForwarding } from './intake/forwarded-source.js';
import { RateLimiter } from './intake/rate-limit.js';
import { createWebhookApp } from './intake/webhook-app.js';
import type { IntakeOutcome } from './intake/intake.js';
import { silentLogger, type Logger } from './logger.js';
import { tuneHeap } from './heap-tuning.js';
import type { NormalizedInsight } from './intake/normalize.js';
import { NotifierPort, type NotifierBackend, type NotifierPortOptions } from './notify/notifier-port.js';
import { photoOfCustomer, PhotoCache, type CachedPhoto } from './photos/photo-cache.js';
import type { fetchPhoto } from './photos/photo-fetcher.js';

export type PhotoFetch = typeof fetchPhoto;
import { decide, isHeldReason, isQuietTime } from './notify/policy.js';
import { Attention } from './notify/attention.js';
import { Privacy } from './privacy/lgpd.js';
import { DeliveryLog, type ReplayIntakeDeps } from './delivery-log/delivery-log.js';
import { DEDUPE_WINDOW_MS } from './store/event-store.js';
import { openStore, type PrestartedStoreWorker, type Store } from './store/store-client.js';
import { databaseOpenError } from './store/database-open-error.js';
import { RetentionScheduler } from './privacy/retention.js';
import { Snooze } from './notify/snooze.js';
import express from 'express';
import {
  openSettingsStore,
  resolveWebhookSecret,
  type SettingsBacking,
  type SettingsBackingOptions,
  type SettingsStore,
} from './settings/settings-store.js';
import type { SecretVault } from './settings/secret-vault.js';
import { VERSION } from './version.js';
import { StartupError } from './startup-error.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './intake/listen-defaults.js';
import type { TunnelPreset } from '../../shared/tunnel-presets.js';
import { ProbeRegistry } from './tunnel/reachability.js';
import { TunnelService, type TunnelServiceOptions } from './tunnel/tunnel-service.js';
import { StoreHealth } from './store/store-health.js';
import { isTestEvent } from '../../shared/test-event.js';
import type { FirstRunFact } from '../../shared/settings-schema.js';
import type { Fanout, FanoutOptions } from './fanout/fanout.js';
import { OverviewRuntime, withPlace } from './fanout/overview.js';
import type { FanoutFromSetting } from './settings/fanout-setting.js';
import { formatHostPort } from './host-port.js';

export interface ServiceOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Listening beyond the loopback exposes the listener to the network: only when asked for explicitly. */
  allowNonLoopback?: boolean;
  /** What puts pop-ups on screen; a factory when it needs the core (the desktop's icon is the customer's photo). */
  notifier: NotifierBackend | ((core: NotifierCore) => NotifierBackend);
  notifierOptions?: NotifierPortOptions;
  /** How long a minute of the urgent repeat interval lasts (tests shorten it). */
  repeatMinuteMs?: number;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  busyTimeoutMs?: number;
  /** The shell's way to show the panel over this listener (the headless shell's HTTP + SSE bridge). */
  mountPanel?: (routes: express.Router, context: PanelContext) => { close(): void };
  /** Which shell runs this core (the panel offers "start at login" only on the desktop). */
  shell?: 'desktop' | 'headless';
  /** Seals secrets in config.json (the desktop's safeStorage), and what holds the file (electron-store there). */
  settingsVault?: SecretVault;
  settingsBacking?: (options: SettingsBackingOptions) => SettingsBacking;
  /** better-sqlite3's addon built for this runtime, when it is not the one in node_modules (Electron from source). */
  sqliteBinding?: string;
  /** The store worker's script, replaceable in tests (one that ends mid-day); the built bundle by default. */
  storeWorkerFile?: string;
  /** The store's worker, started by the shell before the rest of it loaded (prestartStoreWorker). */
  prestartedStore?: PrestartedStoreWorker | null;
  /** Photo downloads, replaceable in tests (the default refuses private addresses). */
  photoFetch?: PhotoFetch;
  /** `--tunnel <preset>` for this run, and the tunnel's test seams (stand-ins on PATH, probe routing, timing). */
  tunnel?: { override?: TunnelPreset } & Partial<
    Pick<TunnelServiceOptions, 'env' | 'platform' | 'spawn' | 'fetch' | 'timing'>
  >;
  /** The listener's time limits and connection caps (tests shorten them); the defaults are the promised ones. */
  listener?: Partial<ListenerLimits>;
  /**
   * Fan-out over NATS: this desk is the hub (it receives WiFire's webhooks), or a satellite joined with a code. Given
   * outright for this run (the headless shell's --fanout / --join), or worked out from the saved "Este computador
   * é…" once config.json is read (`fanoutFromSetting`); absent, it is off.
   */
  fanout?: FanoutOptions | FanoutFromSetting;
  /** The desktop app's way to stop through its quit path and open again ("Reiniciar agora"); the headless shell has none. */
  relaunch?: () => void;
}

/** What a notifier backend may ask of the core. */
export interface NotifierCore {
  customerPhoto(customerId: string): Promise<CachedPhoto | null>;
}

export interface PanelContext {
  bridge: Bridge;
  panelToken: () => string | undefined;
  /** host:port of the Panel URL. */
  panelHost: () => string;
  log: Logger;
}

export interface Service {
  readonly paths: DataPaths;
  readonly port: number;
  readonly host: string;
  readonly webhookUrl: string;
  readonly panelUrl: string;
  /** The store's worker: every read and write is a message answered with a promise. */
  readonly store: Store;
  readonly settings: SettingsStore;
  readonly bus: Bus;
  readonly notifier: NotifierPort;
  readonly privacy: Privacy;
  readonly bridge: Bridge;
  readonly retention: RetentionScheduler;
  readonly photos: PhotoCache;
  readonly tunnel: TunnelService;
  /** Bursts, catch-ups and urgent repeats (the desktop tells it when the computer wakes up). */
  readonly attention: Attention;
  /** Fan-out to other desks: the hub's engine and join code, or this satellite's link to its hub; null when off. */
  readonly fanout: Fanout | null;
  /** Stops listening, answers what is in flight, commits what was accepted, closes the database. */
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export class ListenError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const host = listenHost(options);
  // The service is what keeps this process resident all day: its heap is sized for that (see heap-tuning).
  tuneHeap();
  // One service per data folder, for the life of the process: a second one would start its own tunnel.
  ensureDataDir(options.dataDir);
  const lock = await acquireDataDirLock(options.dataDir);
  try {
    return await assemble(options, host, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The address to listen on: beyond the loopback only when asked for explicitly. */
function listenHost(options: ServiceOptions): string {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new ListenError(
      `Recusado: escutar em ${host} expõe o WiFire Desk à rede. Use um túnel, ou passe --allow-non-loopback se tiver certeza. ` +
        `/ Refused to listen on a non-loopback host without --allow-non-loopback.`,
    );
  }
  return host;
}

/** The start-up in dependency order: each phase gets what the earlier ones made, nothing is bound later. */
async function assemble(options: ServiceOptions, host: string, lock: DataDirLock): Promise<Service> {
  const log = options.log ?? silentLogger;
  const paths = dataPaths(options.dataDir);
  const env = options.env ?? process.env;

  const config = openConfig(options, paths, log, env);
  const fanoutStart = fanoutForThisRun(options, config.settings);
  // The NATS client and the hub's and satellite's code load only when this run has a fan-out role: on a desk alone
  // they held about 2 MB of heap and 8 MB of resident memory all day (measured on importing the service).
  const fanout = fanoutStart.options
    ? (await import('./fanout/fanout.js')).openFanout(fanoutStart.options, paths.root, log)
    : null;
  const data = fanout?.satellite
    ? { store: fanout.satellite.store, close: () => fanout.close() }
    : await openData(options, fanoutStart.options, paths, log);
  try {
    const bus = createBus(log);
    const photos = new PhotoCache(paths.photos, { log, ...(options.photoFetch ? { fetch: options.photoFetch } : {}) });
    const backend =
      typeof options.notifier === 'function'
        ? options.notifier({ customerPhoto: (customerId) => photoOfCustomer(data.store, photos, customerId) })
        : options.notifier;
    // An overview follows several places: each pop-up says which.
    const namePlaces = fanout?.satellite instanceof OverviewRuntime;
    const alerts = setupNotifications(backend, options, config.settings, bus, log, namePlaces);
    const privacy = setupPrivacy(data, config.settings, bus, photos, alerts, log);
    const intake = setupIntake(data, config.settings, bus, privacy, log);
    const probes = new ProbeRegistry();
    const tunnel = createTunnel(options, config, paths, alerts.notifier, probes, log);
    const listener = await listen(options, host, config, intake, tunnel, probes, log, !fanout?.satellite);
    lock.listening(host, listener.port);
    privacy.retention.start();
    tunnel.start(listener.port);
    const bridge = setupBridge(options, env, config, data, bus, photos, alerts, intake, tunnel, listener, log, {
      fanout,
      fanoutStart,
    });
    const panel = mountPanelOn(options, listener, config.settings, bridge, log);
    fanout?.start({
      store: data.store,
      bus,
      withdrawCustomer: (customerId) => void alerts.withdrawCustomer(customerId),
      markRead: async (read) => {
        const answer = await bridge.invoke(
          'markRead',
          'ids' in read ? { ids: read.ids } : { all: true, upToId: String(read.upToId) },
        );
        if (!answer.ok) throw new Error(answer.error.code);
        return (answer.result as { unread: number }).unread;
      },
    });
    log.info('listening', {
      port: listener.port,
      loopback: isLoopbackHost(host),
      notifier: alerts.notifier.backendName,
    });
    return serviceOf({
      paths,
      host,
      config,
      data,
      bus,
      photos,
      alerts,
      privacy,
      tunnel,
      listener,
      bridge,
      panel,
      lock,
      log,
      fanout,
    });
  } catch (error) {
    await data.close().catch(() => undefined);
    await fanout?.close().catch(() => undefined);
    throw error;
  }
}

interface Config {
  settings: SettingsStore;
  /** The webhook secret in force (WIFIRE_DESK_TOKEN, else the kept one). */
  secret: () => string;
}

function openConfig(options: ServiceOptions, paths: DataPaths, log: Logger, env: NodeJS.ProcessEnv): Config {
  const settings = openSettingsStore(paths.root, log, {
    generateWebhookSecret: !env.WIFIRE_DESK_TOKEN,
    vault: options.settingsVault,
    backing: options.settingsBacking,
  });
  const secret = (): string => resolveWebhookSecret(settings.get(), env);
  secret(); // fail fast on a malformed WIFIRE_DESK_TOKEN
  return { settings, secret };
}

/** This run's fan-out: the shell's own (its command line), else the saved choice read through the shell's rule. */
function fanoutForThisRun(options: ServiceOptions, settings: SettingsStore): BridgeDeps['fanoutStart'] {
  if (typeof options.fanout === 'function') {
    return { options: options.fanout(settings.get().fanout), source: 'settings' };
  }
  return { options: options.fanout, source: 'command-line' };
}

interface Data {
  /** The store's worker thread, which owns the database: this thread never waits on the disk. */
  store: Store;
  /** Whether that worker answers now; absent on another desk, whose store is the main desk's. */
  health?: StoreHealth;
  /** Commits what was accepted, closes the database and ends the worker. */
  close(): Promise<void>;
}

async function openData(
  options: ServiceOptions,
  fanout: FanoutOptions | undefined,
  paths: DataPaths,
  log: Logger,
): Promise<Data> {
  const health = new StoreHealth();
  const store = await openStore({
    file: paths.database,
    // A hub writes each stored event's pointer (and each erasure's tombstone) to the outbox, in the same transaction.
    fanout: fanout?.role === 'hub',
    // Until the new worker is up, webhooks are answered 503 and WiFire sends them again.
    onWorkerLost: ({ restartInMs }) => {
      log.error('store worker ended: starting a new one', { restartInMs });
      health.lost();
    },
    onWorkerBack: () => {
      log.info('store worker back');
      health.back();
    },
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}),
    ...(options.storeWorkerFile ? { workerFile: options.storeWorkerFile } : {}),
    ...(options.prestartedStore ? { prestarted: options.prestartedStore } : {}),
  }).catch((error: unknown) => {
    throw databaseOpenError(error, paths.database);
  });
  return { store, health, close: () => store.close() };
}

function createBus(log: Logger): Bus {
  return new Bus((channel, error) =>
    log.error('bus listener failed', { channel, error: error instanceof Error ? error.name.toLowerCase() : 'unknown' }),
  );
}

interface Alerts {
  notifier: NotifierPort;
  snooze: Snooze;
  /** Bursts, catch-ups and urgent repeats. */
  attention: Attention;
  /** An erased customer's pop-ups, withdrawn wherever they wait: the queue, a burst, a catch-up, a repeat. */
  withdrawCustomer(customerId: string): number;
}

/** Stored event → classify → policy → attention → notifier; the catch-up comes when a pause or snooze ends. */
function setupNotifications(
  backend: NotifierBackend,
  options: ServiceOptions,
  settings: SettingsStore,
  bus: Bus,
  log: Logger,
  namePlaces = false,
): Alerts {
  const notifier = new NotifierPort(backend, log, options.notifierOptions);
  const snooze = new Snooze(Date.now);
  const attention = new Attention({
    minuteMs: options.repeatMinuteMs,
    notify: (popUp) => notifier.notify(popUp),
    settings: () => settings.get(),
    quietNow: (forUrgent) => {
      const current = settings.get();
      return (
        current.notificationsPaused ||
        snooze.snoozedUntil !== null ||
        (!forUrgent && isQuietTime(Date.now(), current.quietHours, current.timeZone))
      );
    },
  });
  // Resuming from a pause or lifting a snooze brings the catch-up summary at once.
  snooze.onChange(() => attention.tick());
  settings.onChange(() => attention.tick());
  bus.on('events-read', (read) => attention.acknowledge(read));

  bus.on('event-stored', ({ event, customer, missed }) => {
    const current = settings.get();
    const classified = classify(event, customer, current.locale);
    // The test event proves the chain up to the screen: it pops up whatever the mutes say.
    const decision = isTestEvent(event)
      ? { popup: true as const }
      : decide(classified, current, { now: Date.now(), snoozedUntil: snooze.snoozedUntil });
    if (!decision.popup && !isHeldReason(decision.reason)) return;
    const popUp = {
      eventId: event.id,
      customerId: event.customerId,
      type: event.type,
      title: classified.title,
      body: namePlaces ? withPlace(classified.body, event.establishmentName) : classified.body,
      priority: classified.priority,
      icon: classified.icon,
      category: classified.category,
      customerName: customer?.name ?? null,
      createdAt: event.createdAt,
    };
    if (decision.popup) {
      if (missed) attention.offerMissed(popUp);
      else attention.offer(popUp);
    } else if (isHeldReason(decision.reason)) attention.hold(popUp, decision.reason);
  });

  return {
    notifier,
    snooze,
    attention,
    withdrawCustomer: (customerId) => attention.cancelCustomer(customerId) + notifier.cancelCustomer(customerId),
  };
}

interface PrivacyParts {
  privacy: Privacy;
  retention: RetentionScheduler;
}

/** LGPD removal and update, and retention: what leaves the disk, and when. */
function setupPrivacy(
  data: Data,
  settings: SettingsStore,
  bus: Bus,
  photos: PhotoCache,
  alerts: Alerts,
  log: Logger,
): PrivacyParts {
  const { store } = data;
  const privacy = new Privacy({
    store,
    photos,
    bus,
    log,
    notifier: { cancelCustomer: (customerId) => alerts.withdrawCustomer(customerId) },
  });
  const retention = new RetentionScheduler({
    store,
    photos,
    bus,
    log,
    retentionDays: () => settings.get().privacy.retentionDays,
  });
  let retentionDays = settings.get().privacy.retentionDays;
  settings.onChange((next) => {
    if (next.privacy.retentionDays === retentionDays) return;
    retentionDays = next.privacy.retentionDays;
    retention.reschedule();
  });
  bus.on('event-stored', ({ event }) => retention.noteStored(event.createdAt));
  return { privacy, retention };
}

interface Intake {
  /** The one accept path, for deliveries and for the delivery log's "Reenviar". */
  deps: ReplayIntakeDeps;
  deliveries: DeliveryLog;
  limiter: RateLimiter;
}

function setupIntake(data: Data, settings: SettingsStore, bus: Bus, parts: PrivacyParts, log: Logger): Intake {
  const { store } = data;
  /** A replay asks for its delivery row's body to be still kept: checked inside the insert's transaction. */
  const acceptInsight = async (
    event: NormalizedInsight,
    options: { requireDeliveryBody?: number } = {},
  ): Promise<IntakeOutcome> => {
    const result = await store.insertInsight(event, { dedupeSince: event.receivedAt - DEDUPE_WINDOW_MS, ...options });
    if (result.status !== 'stored') return result;
    const outboxRow = 'outboxRow' in result ? result.outboxRow : undefined;
    bus.emit('event-stored', { event: result.event, customer: result.customer, ...(outboxRow && { outboxRow }) });
    return { status: 'stored', id: result.event.id, outdated: result.outdated };
  };
  const deps: ReplayIntakeDeps = {
    log,
    normalizeOptions: () => {
      const { timeZone, privacy } = settings.get();
      return { timeZone, keepCpfRg: privacy.keepCpfRg };
    },
    acceptInsight,
    acceptLgpd: async (event) => {
      if (event.type === 'cliente-removeu-conta') await parts.privacy.removeAccount(event.customerId);
      else await parts.privacy.updateAccount(event.customerId, event.contact);
    },
  };
  const deliveries = new DeliveryLog({
    log: store,
    intake: deps,
    logger: log,
    locale: () => settings.get().locale,
    onRecorded: (receivedAt) => parts.retention.noteStored(receivedAt),
  });
  const limiter = new RateLimiter(settings.get().intake);
  settings.onChange((next) => limiter.configure(next.intake));
  return { deps, deliveries, limiter };
}

/** Made before the listener (whose budget trusts the running tunnel's header), started once the port is known. */
function createTunnel(
  options: ServiceOptions,
  config: Config,
  paths: DataPaths,
  notifier: NotifierPort,
  probes: ProbeRegistry,
  log: Logger,
): TunnelService {
  return new TunnelService({
    ...options.tunnel,
    settings: config.settings,
    dataDir: paths.root,
    log,
    notifier,
    registry: probes,
    webhookUrlFor: (publicBase) => `${publicBase}/hooks/${config.secret()}`,
  });
}

interface Listener {
  port: number;
  /** http://host:port */
  base: string;
  readonly listening: boolean;
  /** The panel's routes, before the listener's catch-all 404. */
  routes: express.Router;
  /** Stops taking connections, answers what is in flight, then closes the rest. */
  close(): Promise<void>;
}

async function listen(
  options: ServiceOptions,
  host: string,
  config: Config,
  intake: Intake,
  tunnel: TunnelService,
  probes: ProbeRegistry,
  log: Logger,
  webhooks: boolean,
): Promise<Listener> {
  const routes = express.Router();
  const app = createWebhookApp({
    ...intake.deps,
    webhooks,
    version: VERSION,
    limiter: intake.limiter,
    secret: config.secret,
    probeAnswer: (nonce) => probes.take(nonce),
    recordDelivery: (facts) => void intake.deliveries.record(facts),
    forwarding: () => trustedForwarding(tunnel.status(config.settings.get().locale)),
    routes,
  });
  // A sender that stalls is cut at the request limit plus one check (Node's defaults let one hang for 90 s).
  const limits = listenerLimits(options.listener);
  const server = http.createServer(serverOptions(limits), app);
  guardConnections(server, limits, log);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ListenError(
            `A porta ${options.port ?? DEFAULT_PORT} já está em uso (outro WiFire Desk aberto?). Use --port. / Port already in use.`,
          ),
        );
      } else reject(error);
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve((server.address() as AddressInfo).port));
  });
  let listening = true;
  return {
    port,
    base: `http://${formatHostPort(host, port)}`,
    get listening() {
      return listening;
    },
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        listening = false;
        // Connections answered while closing turn idle afterwards: closed as they do, not after the 3 s cap.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      }),
  };
}

/** The bridge the views talk to, and what it tells them: status changes, the first-run checklist's facts. */
function setupBridge(
  options: ServiceOptions,
  env: NodeJS.ProcessEnv,
  config: Config,
  data: Data,
  bus: Bus,
  photos: PhotoCache,
  alerts: Alerts,
  intake: Intake,
  tunnel: TunnelService,
  listener: Listener,
  log: Logger,
  { fanout, fanoutStart }: { fanout: Fanout | null; fanoutStart: BridgeDeps['fanoutStart'] },
): Bridge {
  const { settings } = config;
  const { notifier } = alerts;
  const bridge = new Bridge({
    store: data.store,
    settings,
    bus,
    notifier,
    photos,
    snooze: alerts.snooze,
    log,
    webhookUrl: () => `${listener.base}/hooks/${config.secret()}`,
    secretFromEnvironment: Boolean(env.WIFIRE_DESK_TOKEN),
    shell: options.shell ?? 'headless',
    connection: () => ({
      listening: listener.listening,
      port: listener.port,
      tunnel: tunnel.status(settings.get().locale),
      store: { restartingSince: data.health?.restartingSince ?? null },
    }),
    tunnel: {
      confirm: (url) => tunnel.confirm(url),
      restart: () => tunnel.restart(),
      sendTestEvent: (locale, timeZone) => tunnel.sendTestEvent(locale, timeZone),
    },
    deliveries: {
      list: (request) => intake.deliveries.list(request),
      get: (id) => intake.deliveries.get(id),
      replay: (id) => intake.deliveries.replay(id),
    },
    // Its changes (the hub link, the engine, a desk joining or revoked) reach open views as a status push.
    fanout,
    fanoutStart,
    ...(options.relaunch ? { relaunch: options.relaunch } : {}),
  });

  // A pop-up dismissed or clicked is the staff acknowledging it: read in the feed, and an urgent one stops repeating.
  notifier.onReaction((popUp) => {
    if (/^[1-9]\d*$/.test(popUp.eventId)) void bridge.invoke('markRead', { ids: [popUp.eventId] });
  });

  // The first-run checklist's facts, noted once: the tunnel reached, the first event stored, the first pop-up.
  const noteFirstRun = (fact: FirstRunFact, at: number): void => {
    if (settings.get().firstRun[fact] !== null) return;
    settings.noteFirstRun(fact, at);
    bridge.pushStatus();
  };
  notifier.onOutcome((outcome) => {
    if (outcome.lastShownAt !== null) noteFirstRun('popUpAt', outcome.lastShownAt);
    bridge.pushStatus();
  });
  bus.on('event-stored', ({ event }) => noteFirstRun('eventAt', event.receivedAt));
  tunnel.onStateChange(() => {
    if (tunnel.status(settings.get().locale).state === 'online') noteFirstRun('reachedAt', Date.now());
    bridge.pushStatus();
  });
  data.health?.onChange(() => bridge.pushStatus());
  return bridge;
}

interface Panel {
  url: string;
  close(): void;
}

/** The shell's panel on the listener (the headless shell's HTTP + SSE bridge), and the Panel URL. */
function mountPanelOn(
  options: ServiceOptions,
  listener: Listener,
  settings: SettingsStore,
  bridge: Bridge,
  log: Logger,
): Panel {
  const url = `${listener.base}/panel?token=${settings.get().panelToken ?? ''}`;
  const mounted = options.mountPanel?.(listener.routes, {
    bridge,
    panelToken: () => settings.get().panelToken,
    panelHost: () => new URL(url).host,
    log,
  });
  return { url, close: () => mounted?.close() };
}

interface Parts {
  paths: DataPaths;
  host: string;
  config: Config;
  data: Data;
  bus: Bus;
  photos: PhotoCache;
  alerts: Alerts;
  privacy: PrivacyParts;
  tunnel: TunnelService;
  listener: Listener;
  bridge: Bridge;
  panel: Panel;
  lock: DataDirLock;
  log: Logger;
  fanout: Fanout | null;
}

/** What the shells hold, and the shutdown in the reverse order of the start-up. */
function serviceOf(parts: Parts): Service {
  const { config, data, alerts, privacy, tunnel, listener, bridge, panel, lock, log, fanout } = parts;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await tunnel.stop();
      alerts.attention.close();
      const stopping = listener.close();
      privacy.retention.stop();
      bridge.pushStatus();
      panel.close();
      bridge.close();
      await stopping;
      // The hub stops publishing before its database closes (the outbox keeps the rest); a satellite's store is its link.
      await fanout?.close();
      await data.close();
      lock.release();
      log.info('stopped', { pendingPopUps: alerts.notifier.pendingCount });
    })());
  return {
    paths: parts.paths,
    port: listener.port,
    host: parts.host,
    get webhookUrl() {
      return `${listener.base}/hooks/${config.secret()}`;
    },
    panelUrl: panel.url,
    store: data.store,
    settings: config.settings,
    bus: parts.bus,
    notifier: alerts.notifier,
    privacy: privacy.privacy,
    bridge,
    retention: privacy.retention,
    photos: parts.photos,
    tunnel,
    attention: alerts.attention,
    fanout,
    close,
  };
}
