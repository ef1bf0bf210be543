import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_METHOD_NAMES, BridgeError, type Status } from '../../../shared/bridge-contract.js';
import {
  HttpBridge,
  ListenerRegistry,
  createHttpApi,
  installHttpBridge,
  parseEnvelope,
  parseEventData,
} from '../../../renderer/http-bridge.js';
import { makeStatus, makeTunnelStatus } from '../support/fake-bridge.js';

/** A stand-in EventSource the test drives by hand. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = FakeEventSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  push(event: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }));
  }
  fail(closed = false): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
}

function bridgeWith(fetchImpl: typeof fetch): HttpBridge {
  return new HttpBridge({ fetch: fetchImpl, EventSource: FakeEventSource as unknown as typeof EventSource });
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('parseEnvelope', () => {
  it('returns the result of an ok answer', () => {
    expect(parseEnvelope({ ok: true, result: { unread: 3 } })).toEqual({ unread: 3 });
    expect(parseEnvelope({ ok: true, result: null })).toBeNull();
  });

  it('throws a BridgeError with the code, message and issues of an error answer', () => {
    const body = {
      ok: false,
      error: { code: 'invalid_request', message: 'Pedido inválido', issues: [{ path: 'limit', message: 'too big' }] },
    };
    let thrown: unknown;
    try {
      parseEnvelope(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BridgeError);
    expect(thrown).toMatchObject({ code: 'invalid_request', message: 'Pedido inválido', issues: [{ path: 'limit' }] });
  });

  it('treats anything else as an unexpected answer', () => {
    for (const body of [null, 'ok', { ok: true }, { ok: false, error: { code: 'nope', message: 1 } }]) {
      expect(() => parseEnvelope(body)).toThrowError(BridgeError);
    }
    expect(() => parseEnvelope({}, 'en')).toThrowError('The service gave an unexpected answer. Please try again.');
  });

  it('reads SSE data as JSON and ignores what is not', () => {
    expect(parseEventData('{"a":1}')).toEqual({ a: 1 });
    expect(parseEventData('not json')).toBeUndefined();
    expect(parseEventData(42)).toBeUndefined();
  });
});

describe('ListenerRegistry', () => {
  it('calls every listener of an event and stops calling one after it unsubscribed', () => {
    const registry = new ListenerRegistry();
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = registry.on('customerPurged', first);
    registry.on('customerPurged', second);
    registry.emit('customerPurged', { customerId: '29', unread: 0 });
    stopFirst();
    registry.emit('customerPurged', { customerId: '30', unread: 0 });
    expect(first.mock.calls).toEqual([[{ customerId: '29', unread: 0 }]]);
    expect(second).toHaveBeenCalledTimes(2);
    expect(registry.count('customerPurged')).toBe(1);
  });

  it('keeps the same function registered twice as two subscriptions', () => {
    const registry = new ListenerRegistry();
    const listener = vi.fn();
    const stop = registry.on('eventsRead', listener);
    registry.on('eventsRead', listener);
    stop();
    registry.emit('eventsRead', { unread: 0 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('still reaches the other listeners when one throws', () => {
    const registry = new ListenerRegistry();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    registry.on('eventsRead', () => {
      throw new Error('broken');
    });
    registry.on('eventsRead', after);
    registry.emit('eventsRead', { unread: 1 });
    expect(after).toHaveBeenCalled();
  });
});

describe('HttpBridge methods', () => {
  it('POSTs {"request": …} as JSON to /panel/api/<method> with same-origin credentials', async () => {
    const fetchMock = vi.fn<typeof fetch>(() => Promise.resolve(jsonResponse({ ok: true, result: { unread: 0 } })));
    const api = createHttpApi(bridgeWith(fetchMock));
    await expect(api.markRead({ ids: ['5'] })).resolves.toEqual({ unread: 0 });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/panel/api/markRead');
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(String(init!.body))).toEqual({ request: { ids: ['5'] } });
  });

  it('sends the URL the staff confirmed pasting to confirmPublicUrl, and nothing to restartTunnel', async () => {
    const status = makeStatus();
    const fetchMock = vi.fn<typeof fetch>(() => Promise.resolve(jsonResponse({ ok: true, result: status })));
    const api = createHttpApi(bridgeWith(fetchMock));
    const url = 'https://boteco.trycloudflare.com/hooks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await expect(api.confirmPublicUrl({ publicWebhookUrl: url })).resolves.toEqual(status);
    await expect(api.restartTunnel()).resolves.toEqual(status);
    expect(fetchMock.mock.calls.map(([target, init]) => [target, JSON.parse(String(init!.body))])).toEqual([
      ['/panel/api/confirmPublicUrl', { request: { publicWebhookUrl: url } }],
      ['/panel/api/restartTunnel', {}],
    ]);
  });

  it('leaves "request" out when a method takes none', async () => {
    const fetchMock = vi.fn<typeof fetch>(() => Promise.resolve(jsonResponse({ ok: true, result: [] })));
    await createHttpApi(bridgeWith(fetchMock)).listEstablishments();
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]!.body))).toEqual({});
  });

  it('rejects with the BridgeError the service sent', async () => {
    const fetchMock = vi.fn<typeof fetch>(() =>
      Promise.resolve(jsonResponse({ ok: false, error: { code: 'not_found', message: 'Não encontrado' } }, 404)),
    );
    await expect(createHttpApi(bridgeWith(fetchMock)).getCustomer({ customerId: 'x' })).rejects.toMatchObject({
      name: 'BridgeError',
      code: 'not_found',
      message: 'Não encontrado',
    });
  });

  it('turns a network failure into BridgeError "unavailable" in the desk language', async () => {
    const api = createHttpApi(bridgeWith(() => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await api.getStatus().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Sem conexão com o WiFire Desk. Verifique se o serviço está rodando.',
    });
  });
});

describe('HttpBridge events', () => {
  it('opens one EventSource and hands each named message to its listeners', () => {
    const bridge = bridgeWith(vi.fn());
    const api = createHttpApi(bridge);
    const added = vi.fn();
    const purged = vi.fn();
    api.on('eventAdded', added);
    const stop = api.on('customerPurged', purged);
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/panel/api/events');
    source.push('customerPurged', { customerId: '29', unread: 2 });
    stop();
    source.push('customerPurged', { customerId: '30', unread: 1 });
    expect(purged.mock.calls).toEqual([[{ customerId: '29', unread: 2 }]]);
    expect(added).not.toHaveBeenCalled();
    expect(FakeEventSource.last).toBe(source);
  });

  it('reports the service as gone when the stream errors, keeping the last status, and back when it says so', () => {
    const bridge = bridgeWith(vi.fn());
    const statuses: Status[] = [];
    bridge.on('status', (status) => statuses.push(status));
    const source = FakeEventSource.last!;
    const known = makeStatus({ unread: 4, notifier: 'electron' });
    source.push('status', known);
    source.fail();
    source.fail();
    source.push('status', known);
    expect(statuses).toEqual([known, { ...known, listening: false }, known]);
  });

  it('keeps the status a tunnel method answered as the last one, for when the stream breaks', async () => {
    const confirmed = makeStatus({ tunnel: makeTunnelStatus({ urlConfirmed: true }), unread: 7 });
    const bridge = bridgeWith(() => Promise.resolve(jsonResponse({ ok: true, result: confirmed })));
    const statuses: Status[] = [];
    bridge.on('status', (status) => statuses.push(status));
    await createHttpApi(bridge).confirmPublicUrl({ publicWebhookUrl: 'https://x.example/hooks/y' });
    FakeEventSource.last!.fail();
    expect(statuses).toEqual([{ ...confirmed, listening: false }]);
  });

  it('reports zeros when the stream fails before any status arrived, and reconnects after the browser gave up', () => {
    vi.useFakeTimers();
    try {
      const bridge = bridgeWith(vi.fn());
      const statuses: Status[] = [];
      bridge.on('status', (status) => statuses.push(status));
      const first = FakeEventSource.last!;
      first.fail(true);
      expect(statuses[0]).toMatchObject({ listening: false, port: 0, unread: 0, snoozedUntil: null });
      // No address is known yet, so nothing asks to be pasted into WiFire.
      expect(statuses[0]!.tunnel).toEqual({
        preset: 'none',
        state: 'off',
        reason: null,
        publicUrl: null,
        publicWebhookUrl: null,
        urlConfirmed: true,
        lastReachableAt: null,
        warning: null,
      });
      // Nor does a checklist appear before the service said where the desk stands.
      expect(statuses[0]!.checklist).toEqual({ tunnel: true, pasted: true, firstEvent: true, notification: true });
      vi.advanceTimersByTime(6000);
      expect(FakeEventSource.last).not.toBe(first);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('installHttpBridge', () => {
  it('leaves a bridge the preload defined alone', () => {
    const preload = { marker: true };
    const target = { wifireDesk: preload } as unknown as Window & typeof globalThis;
    installHttpBridge(target);
    expect(target.wifireDesk).toBe(preload);
  });

  it('installs every contract method where there is none', () => {
    const target = { fetch: vi.fn(), EventSource: FakeEventSource } as unknown as Window & typeof globalThis;
    installHttpBridge(target);
    const api = target.wifireDesk as unknown as Record<string, unknown>;
    for (const name of [...BRIDGE_METHOD_NAMES, 'on']) expect(typeof api[name], name).toBe('function');
  });
});
