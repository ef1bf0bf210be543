// `window.wifireDesk` for the browser: methods as POST /panel/api/<method>, pushed events over one EventSource.
// Installed only where no preload defined it first (in Electron, the preload's IPC bridge stays).
// Types only from the contract: its zod schemas stay out of the page (main validates what enters it).
import type {
  BridgeEventPayload,
  BridgeRequest,
  BridgeResponse,
  Status,
  WifireDeskApi,
} from '../shared/bridge-contract.js';
import { BridgeError, readBridgeErrorBody } from '../shared/bridge-error.js';
import { BRIDGE_EVENT_NAMES, type BridgeEventName, type BridgeMethodName } from '../shared/bridge-names.js';
import { BRIDGE_STRINGS } from '../shared/bridge-strings.js';
import type { Locale } from '../shared/catalog.js';
import { TUNNEL_OFF } from '../shared/tunnel-status.js';

export const API_BASE = '/panel/api';
export const EVENTS_URL = `${API_BASE}/events`;
/** When the service refused the stream for good (EventSource gave up), try again after this long. */
const RECONNECT_MS = 5000;

type Listener<E extends BridgeEventName> = (payload: BridgeEventPayload<E>) => void;

/** Listeners per pushed event; `on` returns the function that removes exactly that listener. */
export class ListenerRegistry {
  private readonly listeners = new Map<BridgeEventName, Set<(payload: never) => void>>();

  on<E extends BridgeEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // Wrapped so the same function registered twice is two subscriptions, each removable on its own.
    const entry = (payload: never): void => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        // One broken listener must not keep the others from hearing about, say, a purge.
        console.error(`wifire-desk: listener for ${event} failed`, error instanceof Error ? error.message : '');
      }
    }
  }

  count(event: BridgeEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

/** Reads the answer envelope: the result, or a BridgeError with the service's code and message. */
export function parseEnvelope<T>(body: unknown, locale: Locale = 'pt-BR'): T {
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    if (body.ok === true && 'result' in body) return body.result as T;
    if (body.ok === false && 'error' in body) {
      const error = readBridgeErrorBody(body.error);
      if (error) throw new BridgeError(error.code, error.message, error.issues);
    }
  }
  throw new BridgeError('internal', BRIDGE_STRINGS[locale].bridgeBadAnswer);
}

/** An SSE message's data: JSON, or undefined when it is not (ignored rather than crashing the page). */
export function parseEventData(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

export interface HttpBridgeDeps {
  fetch: typeof fetch;
  EventSource: typeof EventSource;
  setTimeout?: typeof setTimeout;
}

const OFFLINE_STATUS: Status = {
  listening: false,
  port: 0,
  notifier: '',
  snoozedUntil: null,
  // Nothing to paste while no address is known: no banner before the service answers.
  tunnel: TUNNEL_OFF,
  unread: 0,
  store: { restartingSince: null },
  popUps: { lastShownAt: null, failing: null },
  // Nothing known yet: no checklist before the service answers, as no banner.
  checklist: { tunnel: true, pasted: true, firstEvent: true, notification: true },
  fanout: null,
};

export class HttpBridge {
  readonly registry = new ListenerRegistry();
  private source: EventSource | null = null;
  private lastStatus: Status | null = null;
  /** Follows the desk's language from the settings that pass through, for the bridge's own error texts. */
  private locale: Locale = 'pt-BR';
  private offline = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: HttpBridgeDeps) {}

  async call<K extends BridgeMethodName>(method: K, request?: BridgeRequest<K>): Promise<BridgeResponse<K>> {
    let response: Response;
    try {
      response = await this.deps.fetch(`${API_BASE}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request === undefined ? {} : { request }),
        credentials: 'same-origin',
      });
    } catch {
      throw new BridgeError('unavailable', BRIDGE_STRINGS[this.locale].bridgeUnavailable);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (response.status === 401 || response.status === 403) {
        throw new BridgeError('forbidden', BRIDGE_STRINGS[this.locale].bridgeForbidden);
      }
      throw new BridgeError(
        response.status >= 500 ? 'unavailable' : 'internal',
        BRIDGE_STRINGS[this.locale].bridgeBadAnswer,
      );
    }
    const result = parseEnvelope<BridgeResponse<K>>(body, this.locale);
    this.observe(method, result);
    return result;
  }

  on<E extends BridgeEventName>(event: E, listener: Listener<E>): () => void {
    const off = this.registry.on(event, listener);
    this.connect();
    return off;
  }

  close(): void {
    clearTimeout(this.reconnectTimer);
    this.source?.close();
    this.source = null;
  }

  /** Keeps the language and the last status current from whatever passes through. */
  private observe(method: BridgeMethodName, result: unknown): void {
    if (method === 'getSettings' || method === 'updateSettings' || method === 'regenerateWebhookSecret') {
      this.noteLocale((result as BridgeResponse<'getSettings'>).settings.locale);
    } else if (
      method === 'getStatus' ||
      method === 'snooze' ||
      method === 'confirmPublicUrl' ||
      method === 'restartTunnel'
    ) {
      this.lastStatus = result as Status;
    }
  }

  private noteLocale(locale: unknown): void {
    const known = (Object.keys(BRIDGE_STRINGS) as Locale[]).find((candidate) => candidate === locale);
    if (known) this.locale = known;
  }

  private connect(): void {
    if (this.source) return;
    const source = new this.deps.EventSource(EVENTS_URL);
    this.source = source;
    for (const name of BRIDGE_EVENT_NAMES) {
      source.addEventListener(name, (message) => this.receive(name, (message as MessageEvent).data));
    }
    source.addEventListener('open', () => {
      this.offline = false;
    });
    source.addEventListener('error', () => {
      this.goOffline();
      if (source.readyState === this.deps.EventSource.CLOSED) {
        // The browser gave up (the service answered with an error): start over a little later.
        this.source = null;
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = (this.deps.setTimeout ?? setTimeout)(() => this.connect(), RECONNECT_MS);
      }
    });
  }

  receive(name: BridgeEventName, data: unknown): void {
    const payload = parseEventData(data);
    if (payload === undefined) return;
    if (name === 'status') {
      this.lastStatus = payload as Status;
      this.offline = !(payload as Status).listening;
    }
    if (name === 'settingsChanged')
      this.noteLocale((payload as BridgeEventPayload<'settingsChanged'>).settings?.locale);
    this.registry.emit(name, payload as BridgeEventPayload<typeof name>);
  }

  /** The stream broke: nothing can arrive until it is back, and the service says so with a fresh status then. */
  private goOffline(): void {
    if (this.offline) return;
    this.offline = true;
    const status: Status = { ...(this.lastStatus ?? OFFLINE_STATUS), listening: false };
    this.lastStatus = status;
    this.registry.emit('status', status);
  }
}

/** The `WifireDeskApi` object over one HttpBridge: every method of the contract, plus `on`. */
export function createHttpApi(bridge: HttpBridge): WifireDeskApi {
  const method =
    <K extends BridgeMethodName>(name: K) =>
    (request?: BridgeRequest<K>) =>
      bridge.call(name, request);
  return {
    listFeed: method('listFeed'),
    listEstablishments: method('listEstablishments'),
    getCustomer: method('getCustomer'),
    getPhoto: method('getPhoto'),
    markRead: method('markRead'),
    getSettings: method('getSettings'),
    updateSettings: method('updateSettings'),
    regenerateWebhookSecret: method('regenerateWebhookSecret'),
    snooze: method('snooze'),
    sendTestNotification: method('sendTestNotification'),
    getStatus: method('getStatus'),
    confirmPublicUrl: method('confirmPublicUrl'),
    restartTunnel: method('restartTunnel'),
    sendTestEvent: method('sendTestEvent'),
    listDeliveries: method('listDeliveries'),
    getDelivery: method('getDelivery'),
    replayDelivery: method('replayDelivery'),
    getOtherDesks: method('getOtherDesks'),
    revokeDesk: method('revokeDesk'),
    renewJoinCode: method('renewJoinCode'),
    restartApp: method('restartApp'),
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** Puts the HTTP bridge on window unless a preload already did. */
export function installHttpBridge(target: Window & typeof globalThis): void {
  if (target.wifireDesk) return;
  const bridge = new HttpBridge({
    fetch: target.fetch.bind(target),
    EventSource: target.EventSource,
  });
  target.wifireDesk = createHttpApi(bridge);
}

// In the bundled page (not in unit tests, which import the pieces above).
if (
  typeof window !== 'undefined' &&
  typeof EventSource !== 'undefined' &&
  typeof document !== 'undefined' &&
  document.currentScript
) {
  installHttpBridge(window);
}
