// The composition root: the same core for both shells. Intake → store → bus → classify → policy → notifier.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/settings-schema.js';
import { Bridge } from './bridge/bridge.js';
import { Bus } from './bus.js';
import { classify } from './classify.js';
import { dataPaths, ensureDataDir, type DataPaths } from './data-dir.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { guardConnections, listenerLimits, serverOptions, type ListenerLimits } from './intake/connection-guard.js';
import { trustedForwarding } from './intake/forwarded-source.js';
import { RateLimiter } from './intake/rate-limit.js';
import { createWebhookApp } from './intake/webhook-app.js';
import type { IntakeOutcome } from './intake/intake.js';
import { silentLogger, type Logger } from './logger.js';
import type { NormalizedInsight } from './normalize.js';
import { NotifierPort, type NotifierBackend, type NotifierPortOptions } from './notify/notifier-port.js';
import { PhotoCache } from './photo-cache.js';
import type { fetchPhoto } from './photos/photo-fetcher.js';

export type PhotoFetch = typeof fetchPhoto;
import { decide, isHeldReason, isQuietTime } from './policy.js';
import { Attention } from './notify/attention.js';
import { Privacy } from './privacy.js';
import { CommitQueue } from './store/commit-queue.js';
import { DeliveryLog } from './store/delivery-log.js';
import { Deliveries, type ReplayIntakeDeps } from './deliveries.js';
import { DEDUPE_WINDOW_MS, EventStore } from './store/event-store.js';
import { FeedQueries } from './store/feed-queries.js';
import { RetentionScheduler } from './retention.js';
import { Snooze } from './snooze.js';
import type express from 'express';
import { openDatabase } from './store/open-database.js';
import {
  openSettingsStore,
  resolveWebhookSecret,
  type SettingsBacking,
  type SettingsBackingOptions,
  type SettingsStore,
} from './settings-store.js';
import type { SecretVault } from './secret-vault.js';
import { VERSION } from './version.js';
import { StartupError } from './startup-error.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './listen-defaults.js';
import { TUNNEL_OFF, type TunnelPreset } from '../../shared/tunnel-presets.js';
import { ProbeRegistry } from './tunnel/reachability.js';
import { TunnelService, type TunnelServiceOptions } from './tunnel/tunnel-service.js';
import { sendTestEvent } from './tunnel/test-event.js';
import { isTestEvent } from '../../shared/test-event.js';
import type { FirstRunFact } from '../../shared/settings-schema.js';

export interface ServiceOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Listening beyond the loopback exposes the listener to the network: only when asked for explicitly. */
  allowNonLoopback?: boolean;
  notifier: NotifierBackend;
  notifierOptions?: NotifierPortOptions;
  /** How long a minute of the urgent repeat interval lasts (tests shorten it). */
  repeatMinuteMs?: number;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  busyTimeoutMs?: number;
  /** The shell's way to show the panel over this listener (the headless shell's HTTP + SSE bridge). */
  mountPanel?: (app: express.Express, context: PanelContext) => { close(): void };
  /** Which shell runs this core (the panel offers "start at login" only on the desktop). */
  shell?: 'desktop' | 'headless';
  /** Seals secrets in config.json (the desktop's safeStorage), and what holds the file (electron-store there). */
  settingsVault?: SecretVault;
  settingsBacking?: (options: SettingsBackingOptions) => SettingsBacking;
  /** better-sqlite3's addon built for this runtime, when it is not the one in node_modules (Electron from source). */
  sqliteBinding?: string;
  /** Photo downloads, replaceable in tests (the default refuses private addresses). */
  photoFetch?: PhotoFetch;
  /** `--tunnel <preset>` for this run, and the tunnel's test seams (stand-ins on PATH, probe routing, timing). */
  tunnel?: { override?: TunnelPreset } & Partial<
    Pick<TunnelServiceOptions, 'env' | 'platform' | 'spawn' | 'fetch' | 'timing'>
  >;
  /** The listener's time limits and connection caps (tests shorten them); the defaults are the promised ones. */
  listener?: Partial<ListenerLimits>;
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
  readonly db: Database.Database;
  readonly store: EventStore;
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
  /** Stops listening, answers what is in flight, commits what was accepted, closes the database. */
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export class ListenError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

export async function startService(options: ServiceOptions): Promise<Service> {
  // One service per data folder, for the life of the process: a second one would start its own tunnel.
  ensureDataDir(options.dataDir);
  const lock = await acquireDataDirLock(options.dataDir);
  try {
    return await startLockedService(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLockedService(options: ServiceOptions, lock: DataDirLock): Promise<Service> {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new ListenError(
      `Recusado: escutar em ${host} expõe o WiFire Desk à rede. Use um túnel, ou passe --allow-non-loopback se tiver certeza. ` +
        `/ Refused to listen on a non-loopback host without --allow-non-loopback.`,
    );
  }
  const log = options.log ?? silentLogger;
  const paths = dataPaths(options.dataDir);

  const env = options.env ?? process.env;
  const settings = openSettingsStore(paths.root, log, {
    generateWebhookSecret: !env.WIFIRE_DESK_TOKEN,
    vault: options.settingsVault,
    backing: options.settingsBacking,
  });
  const secret = (): string => resolveWebhookSecret(settings.get(), env);
  secret(); // fail fast on a malformed WIFIRE_DESK_TOKEN

  let base = '';
  let boundPort = 0;
  const db = openDatabase(paths.database, {
    busyTimeoutMs: options.busyTimeoutMs,
    nativeBinding: options.sqliteBinding,
  });
  const store = new EventStore(db);
  const queue = new CommitQueue(db);
  const deliveryLog = new DeliveryLog(db, queue);
  const photos = new PhotoCache(paths.photos, { log, ...(options.photoFetch ? { fetch: options.photoFetch } : {}) });
  const bus = new Bus((channel, error) =>
    log.error('bus listener failed', { channel, error: error instanceof Error ? error.name.toLowerCase() : 'unknown' }),
  );
  const notifier = new NotifierPort(options.notifier, log, options.notifierOptions);
  const feed = new FeedQueries(db);
  // Declared before `current` is read: the attention layer only reads settings when a pop-up comes.
  let attention: Attention | null = null;
  const snooze = new Snooze(Date.now, () => attention?.tick());
  const privacy = new Privacy({
    db,
    store,
    queue,
    photos,
    bus,
    log,
    deliveries: deliveryLog,
    // An erased customer's pop-ups are withdrawn wherever they wait: the queue, a burst, a catch-up, a repeat.
    notifier: { cancelCustomer: (id) => (attention?.cancelCustomer(id) ?? 0) + notifier.cancelCustomer(id) },
  });
  const retention = new RetentionScheduler({
    db,
    queue,
    photos,
    bus,
    log,
    retentionDays: () => settings.get().privacy.retentionDays,
  });
  let current: Settings = settings.get();
  const limiter = new RateLimiter(current.intake);
  const attentionLayer = new Attention({
    minuteMs: options.repeatMinuteMs,
    notify: (popUp) => notifier.notify(popUp),
    settings: () => current,
    quietNow: (forUrgent) =>
      current.notificationsPaused ||
      snooze.snoozedUntil !== null ||
      (!forUrgent && isQuietTime(Date.now(), current.quietHours, current.timeZone)),
  });
  attention = attentionLayer;
  settings.onChange((next) => {
    const retentionChanged = next.privacy.retentionDays !== current.privacy.retentionDays;
    current = next;
    limiter.configure(next.intake);
    if (retentionChanged) retention.reschedule();
    // Resuming from a pause brings the catch-up summary at once.
    attentionLayer.tick();
  });
  bus.on('events-read', (read) => attentionLayer.acknowledge(read));

  let listening = false;
  let panelUrl = '';
  const probes = new ProbeRegistry();
  let tunnel: TunnelService | null = null;
  const bridge = new Bridge({
    store,
    feed,
    queue,
    settings,
    bus,
    notifier,
    photos,
    snooze,
    log,
    webhookUrl: () => `${base}/hooks/${secret()}`,
    secretFromEnvironment: Boolean(env.WIFIRE_DESK_TOKEN),
    shell: options.shell ?? 'headless',
    connection: () => ({ listening, port: boundPort, tunnel: tunnel?.status(current.locale) ?? TUNNEL_OFF }),
    tunnel: {
      confirm: (url) => tunnel?.confirm(url),
      restart: () => tunnel?.restart(),
      sendTestEvent: (locale, timeZone) =>
        tunnel ? tunnel.sendTestEvent(locale, timeZone) : sendTestEvent({ publicWebhookUrl: null, locale, timeZone }),
    },
    // `deliveries` needs the accept path defined below; the bridge only calls it once the panel asks.
    deliveries: {
      list: (request) => deliveries.list(request),
      get: (id) => deliveries.get(id),
      replay: (id) => deliveries.replay(id),
    },
  });

  // A pop-up dismissed or clicked is the staff acknowledging it: read in the feed, and an urgent one stops repeating.
  notifier.onReaction((popUp) => {
    if (/^[1-9]\d*$/.test(popUp.eventId)) void bridge.invoke('markRead', { ids: [popUp.eventId] });
  });

  // The first-run checklist's facts, noted once: the first event stored, the first pop-up on screen.
  const noteFirstRun = (fact: FirstRunFact, at: number): void => {
    if (settings.get().firstRun[fact] !== null) return;
    settings.noteFirstRun(fact, at);
    bridge.pushStatus();
  };
  notifier.onOutcome((outcome) => {
    if (outcome.lastShownAt !== null) noteFirstRun('popUpAt', outcome.lastShownAt);
    bridge.pushStatus();
  });

  bus.on('event-stored', ({ event, customer }) => {
    retention.noteStored(event.createdAt);
    noteFirstRun('eventAt', event.receivedAt);
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
      body: classified.body,
      priority: classified.priority,
      icon: classified.icon,
      category: classified.category,
      customerName: customer?.name ?? null,
      createdAt: event.createdAt,
    };
    if (decision.popup) attentionLayer.offer(popUp);
    else if (isHeldReason(decision.reason)) attentionLayer.hold(popUp, decision.reason);
  });

  /** `precondition` runs inside the insert's transaction and may throw to refuse it (a replay whose row was erased). */
  const acceptInsight = async (event: NormalizedInsight, precondition?: () => void): Promise<IntakeOutcome> => {
    const result = await queue.write(() => {
      precondition?.();
      return store.insert(event, event.receivedAt - DEDUPE_WINDOW_MS);
    });
    if (result.status !== 'stored') return result;
    bus.emit('event-stored', { event: result.event, customer: result.customer });
    return { status: 'stored', id: result.event.id, outdated: result.outdated };
  };

  // The one accept path, for deliveries and for the delivery log's "Reenviar".
  const intake: ReplayIntakeDeps = {
    log,
    normalizeOptions: () => ({ timeZone: current.timeZone, keepCpfRg: current.privacy.keepCpfRg }),
    acceptInsight,
    acceptLgpd: async (event) => {
      if (event.type === 'cliente-removeu-conta') await privacy.removeAccount(event.customerId);
      else await privacy.updateAccount(event.customerId, event.contact);
    },
  };
  const deliveries = new Deliveries({
    log: deliveryLog,
    intake,
    logger: log,
    locale: () => current.locale,
    onRecorded: (receivedAt) => retention.noteStored(receivedAt),
  });

  let mountedPanel: { close(): void } | undefined;
  const app = createWebhookApp({
    ...intake,
    version: VERSION,
    limiter,
    secret,
    probeAnswer: (nonce) => probes.take(nonce),
    recordDelivery: (facts) => void deliveries.record(facts),
    forwarding: () => trustedForwarding(tunnel?.status(current.locale) ?? TUNNEL_OFF),
    mount: (express) => {
      mountedPanel = options.mountPanel?.(express, {
        bridge,
        panelToken: () => current.panelToken,
        panelHost: () => new URL(panelUrl).host,
        log,
      });
    },
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
  }).catch((error: unknown) => {
    queue.close();
    db.close();
    throw error;
  });

  boundPort = port;
  lock.listening(host, port);
  base = `http://${urlHost(host)}:${port}`;
  listening = true;
  retention.start();
  panelUrl = `${base}/panel?token=${current.panelToken ?? ''}`;
  log.info('listening', { port, loopback: isLoopbackHost(host), notifier: notifier.backendName });

  const startedTunnel = new TunnelService({
    ...options.tunnel,
    settings,
    localPort: port,
    dataDir: paths.root,
    log,
    notifier,
    registry: probes,
    webhookUrlFor: (publicBase) => `${publicBase}/hooks/${secret()}`,
    onStatusChange: () => {
      if (tunnel?.status(current.locale).state === 'online') noteFirstRun('reachedAt', Date.now());
      bridge.pushStatus();
    },
  });
  tunnel = startedTunnel;
  startedTunnel.start();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await startedTunnel.stop();
      attentionLayer.close();
      listening = false;
      retention.stop();
      bridge.pushStatus();
      mountedPanel?.close();
      bridge.close();
      await new Promise<void>((resolve) => {
        // Connections answered while closing turn idle afterwards: closed as they do, not after the 3 s cap.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      });
      queue.close();
      db.close();
      lock.release();
      log.info('stopped', { pendingPopUps: notifier.pendingCount });
    })());

  return {
    paths,
    port,
    host,
    get webhookUrl() {
      return `${base}/hooks/${secret()}`;
    },
    bridge,
    retention,
    photos,
    tunnel: startedTunnel,
    attention: attentionLayer,
    get panelUrl() {
      return panelUrl;
    },
    db,
    store,
    settings,
    bus,
    notifier,
    privacy,
    close,
  };
}
