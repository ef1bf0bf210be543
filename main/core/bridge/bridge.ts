// The bridge's main side, the same for IPC and HTTP + SSE: every request validated, every push fanned out.
import {
  bridgeMethods,
  BridgeError,
  isBridgeMethodName,
  type BridgeEnvelope,
  type BridgeErrorBody,
  type BridgeEventName,
  type BridgeEventPayload,
  type BridgeMethodName,
  type BridgeParsedRequest,
  type BridgeResponse,
  type DeliveryDetail,
  type FanoutRun,
  type OtherDesksView,
  type ReplayResult,
  type SettingsView,
  type Status,
} from '../../../shared/bridge-contract.js';
import type { Locale } from '../../../shared/catalog.js';
import type { Settings } from '../../../shared/settings-schema.js';
import { toPublicTunnel } from '../../../shared/tunnel-settings.js';
import { z, ZodError } from 'zod';
import { ownValidationText } from '../../../shared/validation-texts.js';
import type { Bus } from '../bus.js';
import type { Fanout, FanoutOptions } from '../fanout/fanout.js';
import { savedDiffersFromRunning } from '../settings/fanout-setting.js';
import type { Logger } from '../logger.js';
import { notificationHint } from '../notify/troubleshooting.js';
import type { NotifierPort } from '../notify/notifier-port.js';
import { photoOfCustomer, type PhotoCache } from '../photos/photo-cache.js';
import type { Store } from '../store/store-client.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Snooze } from '../notify/snooze.js';
import { toCustomerCard, toFeedItem } from './feed-item.js';

export type BridgeHandlers = {
  [K in BridgeMethodName]: (request: BridgeParsedRequest<K>) => Promise<BridgeResponse<K>> | BridgeResponse<K>;
};

export type BridgeListener = <E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) => void;

export interface BridgeDeps {
  /** The store's worker: every read and write is a message; the unread count is kept on this side. */
  store: Store;
  settings: SettingsStore;
  bus: Bus;
  notifier: NotifierPort;
  photos: Pick<PhotoCache, 'get' | 'removals'>;
  snooze: Snooze;
  log: Logger;
  webhookUrl: () => string;
  secretFromEnvironment: boolean;
  shell: SettingsView['shell'];
  /** Listener, tunnel and store state, from the shell. */
  connection: () => Pick<Status, 'listening' | 'port' | 'tunnel' | 'store'>;
  /** The tunnel's controls: the staff pasted the URL into WiFire; start it again now; a test event through it. */
  tunnel: {
    confirm(publicWebhookUrl: string): void;
    restart(): void;
    sendTestEvent(locale: Locale, timeZone: string): Promise<BridgeResponse<'sendTestEvent'>>;
  };
  /** The delivery log: list, one redacted payload, "Reenviar". */
  deliveries: {
    list(request: BridgeParsedRequest<'listDeliveries'>): Promise<BridgeResponse<'listDeliveries'>>;
    get(id: string): Promise<DeliveryDetail | null>;
    replay(id: string): Promise<ReplayResult>;
  };
  /** What this run's fan-out started with, and where that came from: weighed against the saved "Este computador é…". */
  fanoutStart: { options: FanoutOptions | undefined; source: FanoutRun['source'] };
  /** The desktop app's "Reiniciar agora": through its quit path, then opened again. The headless shell has none. */
  relaunch?: () => void;
  /** Fan-out ("Outros balcões"): the hub, or a satellite; null when it is off. */
  fanout:
    | (Pick<Fanout, 'role' | 'status' | 'joinCode' | 'onChange' | 'desks' | 'deskId' | 'revokeDesk' | 'renewJoinCode'> &
        Partial<Pick<Fanout, 'existingNats'>>)
    | null;
  platform?: string;
  now?: () => number;
}

type MessageKey =
  | 'invalid'
  | 'unknown'
  | 'internal'
  | 'secretFromEnv'
  | 'unavailable'
  | 'fanoutOff'
  | 'hubOnly'
  | 'deskUnknown'
  | 'noRelaunch';

const MESSAGES: Record<MessageKey, Record<Locale, string>> = {
  invalid: { 'pt-BR': 'Pedido inválido.', en: 'Invalid request.' },
  unknown: { 'pt-BR': 'Operação desconhecida.', en: 'Unknown operation.' },
  internal: { 'pt-BR': 'Algo deu errado. Tente de novo.', en: 'Something went wrong. Try again.' },
  unavailable: {
    'pt-BR': 'O banco de dados está indisponível no momento. Tente de novo em instantes.',
    en: 'The database is unavailable right now. Try again shortly.',
  },
  secretFromEnv: {
    'pt-BR': 'O segredo vem da variável WIFIRE_DESK_TOKEN; troque-o lá.',
    en: 'The secret comes from WIFIRE_DESK_TOKEN; change it there.',
  },
  fanoutOff: {
    'pt-BR':
      'Outros balcões está desligado neste computador: em Configurações > Outros balcões, escolha "o balcão principal" e reinicie (ou inicie com --fanout hub).',
    en: 'Other desks is off on this computer: in Settings > Other desks, choose "the main desk" and restart (or start with --fanout hub).',
  },
  noRelaunch: {
    'pt-BR':
      'O serviço sem interface não se reinicia sozinho: pare-o (Ctrl+C, ou pelo gerenciador de serviços) e inicie-o de novo.',
    en: 'The headless service cannot restart itself: stop it (Ctrl+C, or through the service manager) and start it again.',
  },
  hubOnly: {
    'pt-BR': 'Este computador é outro balcão: só o balcão principal gera códigos e revoga balcões.',
    en: 'This computer is another desk: only the main desk makes join codes and revokes desks.',
  },
  deskUnknown: {
    'pt-BR': 'Este balcão não está na lista do balcão principal.',
    en: "This desk is not in the main desk's list.",
  },
};

const TEST_POPUP: Record<Locale, { title: string; body: string }> = {
  'pt-BR': { title: 'WiFire Desk', body: 'Notificação de teste: se você está lendo isto, as notificações funcionam.' },
  en: { title: 'WiFire Desk', body: 'Test notification: if you can read this, notifications work.' },
};

function publicView(settings: Settings): SettingsView['settings'] {
  const {
    webhookSecret: _secret,
    panelToken: _token,
    tunnelConfirmed: _confirmed,
    firstRun: _firstRun,
    tunnel,
    fanout,
    ...rest
  } = settings;
  // Named field by field: the join code is a secret, and a spread would carry it along.
  return { ...rest, tunnel: toPublicTunnel(tunnel), fanout: { role: fanout.role, listen: fanout.listen } };
}

/** zod's own messages (too short, too big…) in each language; English is zod's default. */
const ZOD_MESSAGES: Record<Locale, z.core.$ZodErrorMap | undefined> = {
  'pt-BR': z.locales.ptBR().localeError,
  en: undefined,
};

/** The parse options that make zod's own messages speak the desk's language. */
function parseIn(locale: Locale): { error?: z.core.$ZodErrorMap } {
  const error = ZOD_MESSAGES[locale];
  return error ? { error } : {};
}

/** Paths and messages only, never the values sent; our own rules' messages in the desk's language. */
function issuesOf(error: ZodError, locale: Locale): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: ownValidationText(issue.message, locale) ?? issue.message,
  }));
}

export class Bridge {
  private readonly listeners = new Set<BridgeListener>();
  private readonly unsubscribe: Array<() => void> = [];
  readonly handlers: BridgeHandlers;

  constructor(private readonly deps: BridgeDeps) {
    this.handlers = this.createHandlers();
    this.unsubscribe.push(...this.wirePushes());
  }

  private get locale(): Locale {
    return this.deps.settings.get().locale;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  settingsView(): SettingsView {
    return {
      settings: publicView(this.deps.settings.get()),
      webhookUrl: this.deps.webhookUrl(),
      secretFromEnvironment: this.deps.secretFromEnvironment,
      configFile: this.deps.settings.file,
      shell: this.deps.shell,
      fanout: this.fanoutRun(),
    };
  }

  /** What runs beside what is saved: the panel says both while they differ (a new choice waits for a restart). */
  private fanoutRun(): FanoutRun {
    const saved = this.deps.settings.get().fanout;
    const { options, source } = this.deps.fanoutStart;
    return {
      running: options?.role ?? 'off',
      source,
      joinCodeSaved: saved.joinCode !== undefined,
      restartNeeded: savedDiffersFromRunning(saved, options),
    };
  }

  status(): Status {
    const settings = this.deps.settings.get();
    const { lastShownAt, failing } = this.deps.notifier.outcome;
    const platform = this.deps.platform ?? process.platform;
    return {
      ...this.deps.connection(),
      notifier: this.deps.notifier.backendName,
      snoozedUntil: this.deps.snooze.snoozedUntil,
      unread: this.deps.store.unread,
      popUps: {
        lastShownAt,
        failing: failing && { ...failing, hint: notificationHint(failing.code, platform, settings.locale) },
      },
      // Facts kept in settings: a restart does not bring the checklist back while the tunnel comes up again.
      checklist: {
        tunnel: settings.firstRun.reachedAt !== null,
        pasted: settings.tunnelConfirmed !== undefined,
        firstEvent: settings.firstRun.eventAt !== null,
        notification: settings.firstRun.popUpAt !== null,
      },
      fanout: this.fanoutStatus(settings.locale),
    };
  }

  private fanoutStatus(locale: Locale): Status['fanout'] {
    const fanout = this.deps.fanout;
    if (!fanout) return null;
    const { role, state, reasonText, places } = fanout.status(locale);
    return { role, state, reasonText, ...(places ? { places } : {}) };
  }

  /** "Outros balcões" as the panel shows it; the join code goes into this answer only, never into a log or a push. */
  private otherDesksView(): OtherDesksView | null {
    const fanout = this.deps.fanout;
    const status = this.fanoutStatus(this.locale);
    if (!fanout || !status) return null;
    const hub = fanout.role === 'hub';
    return {
      ...status,
      joinCode: hub ? fanout.joinCode() : null,
      desks: hub ? fanout.desks() : [],
      self: hub ? null : fanout.deskId(),
      ...(fanout.existingNats ? { existingNats: true } : {}),
    };
  }

  /** The hub's fan-out, or a refusal that says why this desk cannot do that. */
  private hubFanout(): NonNullable<BridgeDeps['fanout']> {
    const fanout = this.deps.fanout;
    if (!fanout) throw new BridgeError('not_found', MESSAGES.fanoutOff[this.locale]);
    if (fanout.role !== 'hub') throw new BridgeError('forbidden', MESSAGES.hubOnly[this.locale]);
    return fanout;
  }

  /** Validates the method name and its request, runs it, and wraps the answer; nothing thrown escapes. */
  async invoke(method: string, request: unknown): Promise<BridgeEnvelope<unknown>> {
    const locale = this.locale;
    if (!isBridgeMethodName(method)) {
      return { ok: false, error: { code: 'not_found', message: MESSAGES.unknown[locale] } };
    }
    const parsed = bridgeMethods[method].request.safeParse(request, parseIn(locale));
    if (!parsed.success) {
      // Paths and messages only: never the values that were sent.
      const issues = issuesOf(parsed.error, locale);
      this.deps.log.warn('bridge request refused: invalid', { method, issues: issues.length });
      return { ok: false, error: { code: 'invalid_request', message: MESSAGES.invalid[locale], issues } };
    }
    try {
      const handler = this.handlers[method] as (request: unknown) => Promise<unknown> | unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: this.errorBody(method, error, locale) };
    }
  }

  private errorBody(method: string, error: unknown, locale: Locale): BridgeErrorBody {
    if (error instanceof BridgeError) {
      return { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
    }
    if (error instanceof ZodError) {
      // A rule across fields (a named tunnel without its token) fails after the request's own schema passed.
      return { code: 'invalid_request', message: MESSAGES.invalid[locale], issues: issuesOf(error, locale) };
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof Error && error.name === 'StoreUnavailableError') {
      return { code: 'unavailable', message: MESSAGES.unavailable[locale] };
    }
    this.deps.log.error('bridge method failed', {
      method,
      error: (typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown').toLowerCase(),
    });
    return { code: 'internal', message: MESSAGES.internal[locale] };
  }

  /** Hears every push; returns the function that stops listening. */
  subscribe(listener: BridgeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  push<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        this.deps.log.warn('bridge listener failed', {
          event,
          error: error instanceof Error ? error.name.toLowerCase() : 'unknown',
        });
      }
    }
  }

  private pushFailed(event: BridgeEventName, error: unknown): void {
    this.deps.log.warn('bridge push failed', {
      event,
      error: error instanceof Error ? error.name.toLowerCase() : 'unknown',
    });
  }

  /** Tells open views that the listener or tunnel changed. */
  pushStatus(): void {
    if (this.listeners.size > 0) this.push('status', this.status());
  }

  close(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.listeners.clear();
  }

  private wirePushes(): Array<() => void> {
    const { bus, store, settings } = this.deps;
    // Nothing is rendered for views when none is open: intake pays nothing for the panel.
    const open = (): boolean => this.listeners.size > 0;
    return [
      bus.on('event-stored', ({ event, customer }) => {
        if (!open()) return;
        const row = { event, customerName: customer?.name ?? null, hasPhoto: Boolean(customer?.photoUrl) };
        this.push('eventAdded', toFeedItem(row, settings.get()));
      }),
      // Read on another desk: the feed here shows it read too, with the count the hub has now.
      bus.on('events-read', (read) => {
        if (!read.remote || !open()) return;
        void store.unreadCount().then(
          (unread) => {
            if (open())
              this.push('eventsRead', { ...(read.ids ? { ids: read.ids } : { upToId: read.upToId! }), unread });
          },
          (error: unknown) => this.pushFailed('eventsRead', error),
        );
      }),
      bus.on('customer-purged', ({ customerId }) => {
        if (open()) this.push('customerPurged', { customerId, unread: store.unread });
      }),
      bus.on('customer-updated', ({ customerId }) => {
        if (!open()) return;
        void store.ofCustomer(customerId).then(
          (rows) => {
            if (open())
              this.push('customerUpdated', { customerId, items: rows.map((row) => toFeedItem(row, settings.get())) });
          },
          (error: unknown) => this.pushFailed('customerUpdated', error),
        );
      }),
      bus.on('events-expired', ({ createdBefore, customerIds }) => {
        if (!open()) return;
        const unread = store.unread;
        this.push('eventsExpired', { createdBefore, unread });
        for (const customerId of customerIds) this.push('customerPurged', { customerId, unread });
      }),
      settings.onChange(() => {
        if (open()) this.push('settingsChanged', this.settingsView());
      }),
      // The link to the hub, the hub's engine, a desk that joined or was revoked: "Outros balcões" asks again.
      ...(this.deps.fanout ? [this.deps.fanout.onChange(() => this.pushStatus())] : []),
    ];
  }

  private createHandlers(): BridgeHandlers {
    const { store, settings, notifier, photos, snooze } = this.deps;
    return {
      listFeed: async (query) => {
        const current = settings.get();
        const beforeId = query.beforeId === undefined ? undefined : Number(query.beforeId);
        const page = await store.feedPage(query, current.timeZone, query.limit, beforeId);
        const items = page.rows.map((row) => toFeedItem(row, current));
        return {
          items,
          nextBeforeId: page.more ? items[items.length - 1]!.id : null,
          total: page.total,
          unread: store.unread,
        };
      },
      listEstablishments: () => store.establishments(),
      getCustomer: async ({ customerId }) => {
        const [customer, history] = await Promise.all([store.getCustomer(customerId), store.ofCustomer(customerId)]);
        if (!customer) return null;
        return toCustomerCard(customer, history, settings.get(), this.now());
      },
      getPhoto: async ({ customerId }) => {
        const photo = await photoOfCustomer(store, photos, customerId);
        return photo ? { dataUrl: `data:${photo.mime};base64,${photo.bytes.toString('base64')}` } : null;
      },
      markRead: async (request) => {
        const now = this.now();
        const ids = 'ids' in request ? request.ids : undefined;
        const upToId = 'all' in request ? (request.upToId ?? String(Number.MAX_SAFE_INTEGER)) : undefined;
        const unread = await (ids ? store.markRead(ids, now) : store.markReadUpTo(Number(upToId), now));
        this.deps.bus.emit('events-read', ids ? { ids } : { upToId: upToId! });
        this.push('eventsRead', ids ? { ids, unread } : { upToId: upToId!, unread });
        return { unread };
      },
      getSettings: () => this.settingsView(),
      updateSettings: (patch) => {
        settings.update(patch);
        return this.settingsView();
      },
      regenerateWebhookSecret: () => {
        if (this.deps.secretFromEnvironment) {
          throw new BridgeError('forbidden', MESSAGES.secretFromEnv[this.locale]);
        }
        settings.regenerateWebhookSecret();
        this.deps.log.info('webhook secret regenerated');
        return this.settingsView();
      },
      snooze: ({ minutes }) => {
        snooze.set(minutes);
        this.deps.log.info('snooze set', { minutes });
        const status = this.status();
        this.push('status', status);
        return status;
      },
      sendTestNotification: async () => {
        const locale = this.locale;
        const result = await notifier.sendNow({
          eventId: 'test',
          customerId: null,
          type: 'teste',
          ...TEST_POPUP[locale],
          priority: 'normal',
          icon: 'bell',
        });
        if (result.ok) return { ok: true, backend: notifier.backendName };
        this.deps.log.warn('test notification failed', { code: result.code });
        return {
          ok: false,
          backend: notifier.backendName,
          code: result.code,
          hint: notificationHint(result.code, this.deps.platform ?? process.platform, locale),
        };
      },
      getStatus: () => this.status(),
      confirmPublicUrl: ({ publicWebhookUrl }) => {
        this.deps.tunnel.confirm(publicWebhookUrl);
        return this.status();
      },
      restartTunnel: () => {
        this.deps.tunnel.restart();
        return this.status();
      },
      listDeliveries: (request) => this.deps.deliveries.list(request),
      getDelivery: ({ id }) => this.deps.deliveries.get(id),
      replayDelivery: ({ id }) => this.deps.deliveries.replay(id),
      sendTestEvent: async () => {
        const { locale, timeZone } = settings.get();
        const result = await this.deps.tunnel.sendTestEvent(locale, timeZone);
        this.deps.log.info('test event sent through the public address', { ok: result.ok });
        return result;
      },
      getOtherDesks: () => this.otherDesksView(),
      revokeDesk: async ({ id }) => {
        const fanout = this.hubFanout();
        if (!(await fanout.revokeDesk(id))) {
          // Revoked already (a second click, another window): the list says so; an id the hub never knew is refused.
          if (!fanout.desks().some((desk) => desk.id === id)) {
            throw new BridgeError('not_found', MESSAGES.deskUnknown[this.locale]);
          }
        }
        return this.otherDesksView()!;
      },
      renewJoinCode: async () => {
        const fanout = this.hubFanout();
        await fanout.renewJoinCode();
        this.deps.log.info('fan-out: join code renewed');
        return this.otherDesksView()!;
      },
      restartApp: () => {
        const relaunch = this.deps.relaunch;
        if (!relaunch) throw new BridgeError('forbidden', MESSAGES.noRelaunch[this.locale]);
        this.deps.log.info('restart asked from the panel');
        // The answer leaves first: the quit path then closes this bridge with the rest of the service.
        setTimeout(relaunch, 0);
        return { restarting: true as const };
      },
    };
  }
}
