// The bridge's "Outros balcões": the fan-out status in every status, the hub's join code and desks in one answer only,
// revoke and a new code on the hub, a clear refusal elsewhere; never the code in a log or a push.
import { afterEach, describe, expect, it } from 'vitest';
import { Bridge, type BridgeDeps } from '../../../../../main/core/bridge/bridge.js';
import { Bus } from '../../../../../main/core/bus.js';
import type { FanoutDesk, FanoutStatus } from '../../../../../main/core/fanout/fanout.js';
import { describeFanoutReason, type FanoutReason } from '../../../../../main/core/fanout/fanout-texts.js';
import type { SettingsStore } from '../../../../../main/core/settings/settings-store.js';
import type { BridgeEnvelope, OtherDesksView, Status } from '../../../../../shared/bridge-contract.js';
import type { Locale } from '../../../../../shared/catalog.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../../../shared/settings-schema.js';
import { TUNNEL_OFF } from '../../../../../shared/tunnel-status.js';
import { recordingLogger, type LogEntry } from '../../../../support/recording-logger.js';

const CODE = 'wdj1.c2VjcmV0LWNvZGUtb25l';
const NEW_CODE = 'wdj1.c2VjcmV0LWNvZGUtdHdv';
const BAR = '0123456789abcdef';
const DOOR = 'fedcba9876543210';

/** A Fanout as the bridge sees it, with the hub's state in memory. */
class FakeFanout {
  state: FanoutStatus['state'];
  reason: FanoutReason | null = null;
  code: string | null = CODE;
  list: FanoutDesk[] = [
    { id: DOOR, joinedAt: 2_000, lastSeenAt: 3_000, revokedAt: null },
    { id: BAR, joinedAt: 1_000, lastSeenAt: null, revokedAt: null },
  ];
  readonly revoked: string[] = [];
  readonly listeners = new Set<() => void>();

  constructor(readonly role: 'hub' | 'satellite') {
    this.state = role === 'hub' ? 'ready' : 'connected';
  }

  status(locale: Locale): FanoutStatus {
    const { role, state, reason } = this;
    return { role, state, reason, reasonText: reason && describeFanoutReason(reason, locale) };
  }

  joinCode(): string | null {
    return this.role === 'hub' ? this.code : null;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A satellite's own id, as the hub lists it. */
  deskId(): string | null {
    return this.role === 'hub' ? null : BAR;
  }

  desks(): FanoutDesk[] {
    return this.role === 'hub' ? this.list.map((desk) => ({ ...desk })) : [];
  }

  async revokeDesk(id: string): Promise<boolean> {
    this.revoked.push(id);
    const desk = this.list.find((candidate) => candidate.id === id && candidate.revokedAt === null);
    if (!desk) return false;
    desk.revokedAt = 9_000;
    return true;
  }

  async renewJoinCode(): Promise<string | null> {
    this.code = NEW_CODE;
    return this.code;
  }

  change(): void {
    for (const listener of this.listeners) listener();
  }
}

const bridges: Bridge[] = [];
afterEach(() => {
  for (const bridge of bridges.splice(0)) bridge.close();
});

function makeBridge(fanout: FakeFanout | null, locale: Locale = 'pt-BR'): { bridge: Bridge; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, locale };
  const store: Pick<SettingsStore, 'file' | 'get' | 'onChange'> = {
    file: '/tmp/config.json',
    get: () => settings,
    onChange: () => () => undefined,
  };
  // Only what status() and the fan-out methods touch is real; the rest is never called here.
  const deps = {
    store: { unread: 0 },
    settings: store,
    bus: new Bus(),
    notifier: { outcome: { lastShownAt: null, failing: null }, backendName: 'recording' },
    photos: {},
    snooze: { snoozedUntil: null },
    log: recordingLogger(logs),
    webhookUrl: () => 'http://127.0.0.1:4560/hooks/x',
    secretFromEnvironment: false,
    shell: 'headless',
    connection: () => ({ listening: true, port: 4560, tunnel: TUNNEL_OFF }),
    tunnel: {},
    deliveries: {},
    fanout,
  } as unknown as BridgeDeps;
  const bridge = new Bridge(deps);
  bridges.push(bridge);
  return { bridge, logs };
}

async function answer<T>(bridge: Bridge, method: string, request?: unknown): Promise<T> {
  const envelope = (await bridge.invoke(method, request)) as BridgeEnvelope<T>;
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result;
}

async function refusal(bridge: Bridge, method: string, request?: unknown): Promise<{ code: string; message: string }> {
  const envelope = await bridge.invoke(method, request);
  if (envelope.ok) throw new Error(`${method} was accepted`);
  return { code: envelope.error.code, message: envelope.error.message };
}

describe('the bridge with fan-out off', () => {
  it('says so in the status and in "Outros balcões", and refuses the hub’s methods in words', async () => {
    const { bridge } = makeBridge(null);
    expect((await answer<Status>(bridge, 'getStatus')).fanout).toBeNull();
    expect(await answer(bridge, 'getOtherDesks')).toBeNull();
    for (const [method, request] of [
      ['revokeDesk', { id: BAR }],
      ['renewJoinCode', undefined],
    ] as const) {
      const refused = await refusal(bridge, method, request);
      expect(refused.code).toBe('not_found');
      expect(refused.message).toMatch(/Outros balcões está desligado.*--fanout hub/);
    }
  });
});

describe('the bridge on the hub', () => {
  it('puts the role, the state and the reason in words into every status, never the join code', async () => {
    const fanout = new FakeFanout('hub');
    const { bridge } = makeBridge(fanout);
    expect((await answer<Status>(bridge, 'getStatus')).fanout).toEqual({
      role: 'hub',
      state: 'ready',
      reasonText: null,
    });
    fanout.state = 'failed';
    fanout.reason = 'engine-missing';
    const status = await answer<Status>(bridge, 'getStatus');
    expect(status.fanout).toEqual({
      role: 'hub',
      state: 'failed',
      reasonText: describeFanoutReason('engine-missing', 'pt-BR'),
    });
    expect(JSON.stringify(status)).not.toContain(CODE);
  });

  it('answers the join code and the desks, newest first, in getOtherDesks', async () => {
    const { bridge } = makeBridge(new FakeFanout('hub'));
    expect(await answer<OtherDesksView>(bridge, 'getOtherDesks')).toEqual({
      role: 'hub',
      state: 'ready',
      reasonText: null,
      joinCode: CODE,
      desks: [
        { id: DOOR, joinedAt: 2_000, lastSeenAt: 3_000, revokedAt: null },
        { id: BAR, joinedAt: 1_000, lastSeenAt: null, revokedAt: null },
      ],
      self: null,
    });
  });

  it('revokes one desk and answers the new view: the other desk is left as it was', async () => {
    const fanout = new FakeFanout('hub');
    const { bridge } = makeBridge(fanout);
    const view = await answer<OtherDesksView>(bridge, 'revokeDesk', { id: BAR });
    expect(fanout.revoked).toEqual([BAR]);
    expect(view.desks).toEqual([
      { id: DOOR, joinedAt: 2_000, lastSeenAt: 3_000, revokedAt: null },
      { id: BAR, joinedAt: 1_000, lastSeenAt: null, revokedAt: 9_000 },
    ]);
    expect(view.joinCode).toBe(CODE);
    // A second click (or another window) finds it revoked already: the same view, no error.
    expect((await answer<OtherDesksView>(bridge, 'revokeDesk', { id: BAR })).desks[1]!.revokedAt).toBe(9_000);
  });

  it('refuses an id it never knew, and a malformed one before the hub is asked', async () => {
    const fanout = new FakeFanout('hub');
    const { bridge } = makeBridge(fanout);
    expect(await refusal(bridge, 'revokeDesk', { id: 'aaaaaaaaaaaaaaaa' })).toEqual({
      code: 'not_found',
      message: 'Este balcão não está na lista do balcão principal.',
    });
    for (const id of ['../../etc', '', 'ABCDEF0123456789', 42]) {
      expect((await refusal(bridge, 'revokeDesk', { id })).code).toBe('invalid_request');
    }
    expect(fanout.revoked).toEqual(['aaaaaaaaaaaaaaaa']);
    expect(fanout.list.every((desk) => desk.revokedAt === null)).toBe(true);
  });

  it('gives a new join code in the answer, and never writes a code into the log', async () => {
    const fanout = new FakeFanout('hub');
    const { bridge, logs } = makeBridge(fanout);
    await answer(bridge, 'getOtherDesks');
    const view = await answer<OtherDesksView>(bridge, 'renewJoinCode');
    expect(view.joinCode).toBe(NEW_CODE);
    expect(view.desks).toHaveLength(2);
    await answer(bridge, 'revokeDesk', { id: DOOR });
    expect(logs.map((entry) => entry.message)).toContain('fan-out: join code renewed');
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(CODE);
    expect(logged).not.toContain(NEW_CODE);
  });

  it('pushes a fresh status when fan-out changes (a desk joined, the engine failed), and stops listening on close', async () => {
    const fanout = new FakeFanout('hub');
    const { bridge } = makeBridge(fanout);
    const pushed: unknown[] = [];
    bridge.subscribe((event, payload) => {
      if (event === 'status') pushed.push(payload);
    });
    fanout.change();
    fanout.state = 'failed';
    fanout.reason = 'engine-failed';
    fanout.change();
    expect(pushed.map((status) => (status as Status).fanout)).toEqual([
      { role: 'hub', state: 'ready', reasonText: null },
      { role: 'hub', state: 'failed', reasonText: describeFanoutReason('engine-failed', 'pt-BR') },
    ]);
    expect(JSON.stringify(pushed)).not.toContain(CODE);
    bridge.close();
    expect(fanout.listeners.size).toBe(0);
  });
});

describe('the bridge on a satellite', () => {
  it('shows its link in the status, in the desk’s language', async () => {
    const fanout = new FakeFanout('satellite');
    fanout.state = 'disconnected';
    fanout.reason = 'refused';
    const { bridge } = makeBridge(fanout, 'en');
    expect((await answer<Status>(bridge, 'getStatus')).fanout).toEqual({
      role: 'satellite',
      state: 'disconnected',
      reasonText: 'the main desk refused this code (revoked?). Ask the main desk for a new code.',
    });
    expect(await answer(bridge, 'getOtherDesks')).toEqual({
      role: 'satellite',
      state: 'disconnected',
      reasonText: 'the main desk refused this code (revoked?). Ask the main desk for a new code.',
      joinCode: null,
      desks: [],
      self: BAR,
    });
  });

  it('refuses to revoke a desk or make a code: only the main desk does that', async () => {
    const fanout = new FakeFanout('satellite');
    const { bridge } = makeBridge(fanout);
    for (const [method, request] of [
      ['revokeDesk', { id: BAR }],
      ['renewJoinCode', undefined],
    ] as const) {
      expect(await refusal(bridge, method, request)).toEqual({
        code: 'forbidden',
        message: 'Este computador é outro balcão: só o balcão principal gera códigos e revoga balcões.',
      });
    }
    expect(fanout.revoked).toEqual([]);
    expect(fanout.code).toBe(CODE);
  });
});
