// The desktop's IPC bridge: only our own window's top frame on the app's page reaches the real bridge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeEnvelope } from '../../../../shared/bridge-contract.js';
import { BRIDGE_METHOD_NAMES } from '../../../../shared/bridge-names.js';
import { recordingLogger, type LogEntry } from '../../../support/recording-logger.js';
import {
  registerBridgeIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type PushTarget,
} from '../../../../main/desktop/bridge-ipc.js';
import { buildPayload, fakeCustomer } from '../../../../main/headless/simulator/payloads.js';
import { startTempService, type TempService } from '../../../support/temp-service.js';

const APP_PAGE = 'wifire-desk://app/index.html#/feed';
const REFUSED = 'Pedido recusado.';
/** Personal data a page could send: it must never reach a log line. */
const PERSONAL_ID = 'maria.silva@example.com';

type Handler = Parameters<IpcMainLike['handle']>[1];

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    // Electron throws on a second handler for the same channel.
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would get back. */
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<BridgeEnvelope<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return (await handler(event, ...args)) as BridgeEnvelope<unknown>;
  }
}

class FakeContents implements PushTarget {
  readonly sent: Array<[string, ...unknown[]]> = [];
  constructor(
    readonly id: number,
    public url = APP_PAGE,
    public destroyed = false,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
}

function eventFrom(senderId: number, frame: InvokeEventLike['senderFrame']): InvokeEventLike {
  return { sender: { id: senderId }, senderFrame: frame };
}

const trusted = (): InvokeEventLike => eventFrom(1, { url: APP_PAGE, parent: null });

let running: TempService | null = null;
let ipcMain: FakeIpcMain;
let ours: FakeContents;
let windows: FakeContents[];
let logs: LogEntry[];
let bridgeCalls: Array<[string, unknown]>;
let undo: () => void;

beforeEach(async () => {
  running = await startTempService();
  const real = running.service.bridge;
  ipcMain = new FakeIpcMain();
  ours = new FakeContents(1);
  windows = [ours];
  logs = [];
  bridgeCalls = [];
  undo = registerBridgeIpc({
    ipcMain,
    bridge: {
      invoke: (method, request) => {
        bridgeCalls.push([method, request]);
        return real.invoke(method, request);
      },
      subscribe: (listener) => real.subscribe(listener),
    },
    windows: () => windows,
    log: recordingLogger(logs),
    refusedMessage: () => REFUSED,
  });
});

afterEach(async () => {
  undo();
  await running?.close();
  running = null;
});

describe('registerBridgeIpc', () => {
  it('registers exactly one handler per method of the contract, on wifire-desk:<name>', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      BRIDGE_METHOD_NAMES.map((name) => `wifire-desk:${name}`).sort(),
    );
  });

  it('passes a call from our window on the app page to the bridge and returns its envelope', async () => {
    const stored = await running!.post(buildPayload('cliente-conectou', fakeCustomer(3)));
    expect(stored.status).toBe(200);

    const envelope = await ipcMain.invoke('wifire-desk:listFeed', trusted(), { limit: 10 });

    expect(bridgeCalls).toEqual([['listFeed', { limit: 10 }]]);
    expect(envelope).toEqual({
      ok: true,
      result: expect.objectContaining({ items: [expect.objectContaining({ id: stored.body.id })], total: 1 }),
    });
    expect(logs.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  describe('refuses with forbidden, never calls the bridge, and logs no request content', () => {
    const refusals: Array<[string, () => InvokeEventLike, () => void]> = [
      ['a sender that is none of our windows', () => eventFrom(99, { url: APP_PAGE, parent: null }), () => {}],
      ['our window once it is destroyed', trusted, () => (ours.destroyed = true)],
      ['a subframe even on the app origin', () => eventFrom(1, { url: APP_PAGE, parent: { url: APP_PAGE } }), () => {}],
      ['a frame that is already gone (senderFrame null)', () => eventFrom(1, null), () => {}],
      ['a page on the web', () => eventFrom(1, { url: 'https://evil.example/', parent: null }), () => {}],
      [
        'a local file that looks like the app',
        () => eventFrom(1, { url: 'file:///C:/app/dist/renderer/index.html', parent: null }),
        () => {},
      ],
      ['the app scheme on another host', () => eventFrom(1, { url: 'wifire-desk://evil/', parent: null }), () => {}],
      ['the app host with a port', () => eventFrom(1, { url: 'wifire-desk://app:8080/', parent: null }), () => {}],
      ['the app host with credentials', () => eventFrom(1, { url: 'wifire-desk://user@app/', parent: null }), () => {}],
    ];

    for (const [who, event, before] of refusals) {
      it(`refuses ${who}`, async () => {
        before();
        const envelope = await ipcMain.invoke('wifire-desk:getCustomer', event(), { customerId: PERSONAL_ID });

        expect(envelope).toEqual({ ok: false, error: { code: 'forbidden', message: REFUSED } });
        expect(bridgeCalls).toEqual([]);
        expect(logs).toEqual([
          { level: 'warn', message: 'bridge call refused: unexpected sender', fields: { method: 'getCustomer' } },
        ]);
        expect(JSON.stringify(logs)).not.toContain('maria');
      });
    }
  });

  describe('answers invalid_request for a trusted call the contract refuses, without echoing the values', () => {
    it('refuses a feed page of -1 items', async () => {
      const envelope = await ipcMain.invoke('wifire-desk:listFeed', trusted(), { limit: -1 });

      expect(envelope).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: expect.any(String),
          issues: [expect.objectContaining({ path: 'limit' })],
        },
      });
      expect(JSON.stringify(envelope)).not.toContain('-1');
    });

    it('refuses marking an empty list of ids as read', async () => {
      const envelope = await ipcMain.invoke('wifire-desk:markRead', trusted(), { ids: [] });

      expect(envelope.ok).toBe(false);
      if (envelope.ok) return;
      expect(envelope.error.code).toBe('invalid_request');
      expect(envelope.error.issues?.length).toBeGreaterThan(0);
    });

    it('refuses a 10 000-character customer id and does not send it back', async () => {
      const customerId = `${PERSONAL_ID}${'x'.repeat(10_000 - PERSONAL_ID.length)}`;
      const envelope = await ipcMain.invoke('wifire-desk:getCustomer', trusted(), { customerId });

      expect(envelope).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: expect.any(String),
          issues: [expect.objectContaining({ path: 'customerId' })],
        },
      });
      const text = JSON.stringify(envelope);
      expect(text).not.toContain('maria');
      expect(text).not.toContain('xxxxxxxxxx');
      expect(text.length).toBeLessThan(1000);
    });
  });

  it('pushes only to our live windows showing the app page', async () => {
    const destroyed = new FakeContents(2, APP_PAGE, true);
    const elsewhere = new FakeContents(3, 'https://evil.example/');
    const lookalike = new FakeContents(4, 'wifire-desk://app:8080/index.html');
    windows = [ours, destroyed, elsewhere, lookalike];

    const stored = await running!.post(buildPayload('cliente-conectou', fakeCustomer(5)));
    expect(stored.status).toBe(200);

    expect(ours.sent).toContainEqual(['wifire-desk:eventAdded', expect.objectContaining({ id: stored.body.id })]);
    expect(destroyed.sent).toEqual([]);
    expect(elsewhere.sent).toEqual([]);
    expect(lookalike.sent).toEqual([]);
  });

  it('pushes to a window opened after registration', () => {
    const panel = new FakeContents(7, 'wifire-desk://app/index.html#/settings');
    windows = [ours, panel];
    const status = running!.service.bridge.status();

    running!.service.bridge.push('status', status);

    expect(panel.sent).toEqual([['wifire-desk:status', status]]);
    expect(ours.sent).toEqual([['wifire-desk:status', status]]);
  });

  it('undoes every handler and stops the pushes', async () => {
    expect(running!.service.bridge.subscriberCount).toBe(1);

    undo();

    expect(ipcMain.handlers.size).toBe(0);
    expect(running!.service.bridge.subscriberCount).toBe(0);
    running!.service.bridge.push('status', running!.service.bridge.status());
    expect(ours.sent).toEqual([]);
    await expect(ipcMain.invoke('wifire-desk:getStatus', trusted())).rejects.toThrow('no handler');
  });
});
