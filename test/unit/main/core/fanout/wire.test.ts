// What crosses the wire between desks: join codes, pointers and tombstones, and the hub's answers. Whatever does
// not parse is refused without an exception and without repeating what was sent.
import { describe, expect, it } from 'vitest';
import { createDeskKeys } from '../../../../../main/core/fanout/engine/nats-config.js';
import {
  decodeJoinCode,
  encodeJoinCode,
  JoinCodeError,
  type JoinCode,
} from '../../../../../main/core/fanout/join-code.js';
import {
  eventPointerSchema,
  parseMessage,
  parseReadMark,
  tombstoneSchema,
} from '../../../../../main/core/fanout/messages.js';
import { createRemoteStore } from '../../../../../main/core/fanout/remote-store.js';
import { StoreUnavailableError } from '../../../../../main/core/store/commit-queue.js';
import { startupFailureText } from '../../../../../main/core/startup-error.js';

const { seed } = createDeskKeys();
const code: JoinCode = {
  addresses: ['192.168.0.10:4562', '[fe80::1]:4562'],
  account: 'wifire-desk',
  hub: '0123456789abcdef',
  invitation: 'fedcba9876543210',
  seed,
  pin: 'a'.repeat(64),
};
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('the join code', () => {
  it('is one token that gives back exactly what was put in', () => {
    const text = encodeJoinCode(code);
    expect(text).toMatch(/^wdj1\.[A-Za-z0-9_-]+$/);
    expect(decodeJoinCode(`  ${text}\n`)).toEqual(code);
  });

  it('refuses a damaged, truncated or foreign code in one bilingual line that does not repeat it', () => {
    const text = encodeJoinCode(code);
    const bad = [
      '',
      'hello',
      text.slice(0, -10),
      `${text} extra`,
      `wdj1.${Buffer.from(JSON.stringify({ ...code, seed: 'SUxx' })).toString('base64url')}`,
      `wdj1.${Buffer.from(JSON.stringify({ ...code, extra: 1 })).toString('base64url')}`,
      `wdj1.${Buffer.from('not json').toString('base64url')}`,
    ];
    for (const candidate of bad) {
      let error: unknown;
      try {
        decodeJoinCode(candidate);
      } catch (caught) {
        error = caught;
      }
      expect(error, candidate).toBeInstanceOf(JoinCodeError);
      const line = startupFailureText(error);
      expect(line).toMatch(/código de conexão não é válido.* \/ The join code is not valid/);
      expect(line).not.toContain(seed);
      expect(line.split('\n')).toHaveLength(1);
    }
  });
});

describe('pointers and tombstones from the wire', () => {
  const pointer = {
    v: 1,
    hub: '0123456789abcdef',
    id: '42',
    type: 'cliente-chegou',
    category: 'arrival',
    priority: 'normal',
    establishmentId: 'botecodowifire',
    createdAt: 1_790_000_000_000,
    customerKey: 'b'.repeat(32),
  };

  it('accepts what a hub publishes', () => {
    expect(parseMessage(eventPointerSchema, bytes(pointer))).toEqual(pointer);
    const tombstone = { v: 1, hub: pointer.hub, customerKey: 'b'.repeat(32), erasedAt: 1 };
    expect(parseMessage(tombstoneSchema, bytes(tombstone))).toEqual(tombstone);
  });

  it('drops anything else: not JSON, a field more (a name smuggled in), a field wrong, too big', () => {
    const bad: Uint8Array[] = [
      new TextEncoder().encode('{"v":1,'),
      bytes(null),
      bytes({ ...pointer, customerName: 'Ana Silva' }),
      bytes({ ...pointer, id: '0' }),
      bytes({ ...pointer, customerKey: 'cpf-123.456.789-00' }),
      bytes({ ...pointer, category: 'vip' }),
      bytes({ ...pointer, v: 2 }),
      bytes({ ...pointer, type: 'x'.repeat(5000) }),
    ];
    for (const message of bad) expect(parseMessage(eventPointerSchema, message)).toBeNull();
    expect(
      parseMessage(tombstoneSchema, bytes({ v: 1, hub: pointer.hub, customerKey: 'short', erasedAt: 1 })),
    ).toBeNull();
  });
});

describe('read marks from the hub’s bucket', () => {
  it('reads one event or everything up to one, and ignores anything else', () => {
    const hub = '0123456789abcdef';
    expect(parseReadMark(`${hub}.42`, '1')).toEqual({ ids: ['42'] });
    expect(parseReadMark(`${hub}.upto`, '42')).toEqual({ upToId: '42' });
    for (const [key, value] of [
      [`${hub}.0`, '1'],
      [`${hub}.upto`, 'Ana'],
      [`${hub}.upto`, '0'],
      ['not-a-hub.42', '1'],
      [`${hub}.name`, '1'],
      [hub, '1'],
    ] as const) {
      expect(parseReadMark(key, value), `${key}=${value}`).toBeNull();
    }
  });
});

describe('a satellite’s store', () => {
  const event = {
    id: '7',
    type: 'cliente-chegou',
    customerId: 'wifire-user-1',
    establishmentId: 'botecodowifire',
    establishmentName: 'Boteco',
    message: null,
    data: null,
    createdAt: 1,
    receivedAt: 2,
    readAt: null,
  };

  it('asks the hub and follows the unread count of every answer', async () => {
    const asked: Array<[string, unknown]> = [];
    const store = createRemoteStore(
      async (operation, payload) => {
        asked.push([operation, payload]);
        return bytes({ ok: true, result: operation === 'event' ? { event, customer: null } : 3, unread: 9 });
      },
      async () => undefined,
    );
    expect(await store.getEvent('7')).toEqual(event);
    expect(store.unread).toBe(9);
    expect(await store.markRead(['7'], Date.now())).toBe(3);
    expect(asked).toEqual([
      ['event', { id: '7' }],
      ['markRead', { ids: ['7'] }],
    ]);
  });

  it('treats a malformed, foreign or failed answer as an unavailable hub, never as data', async () => {
    const answers: unknown[] = [
      'not json',
      { ok: true, result: { event: { ...event, id: 'x' }, customer: null }, unread: 0 },
      { ok: true, result: { event, customer: { id: 'c', photoUrl: 'https://x/photo.jpg' } }, unread: 0 },
      { ok: false, error: 'internal' },
      { ok: true, result: null, unread: -1 },
    ];
    for (const answer of answers) {
      const store = createRemoteStore(
        async () => (typeof answer === 'string' ? new TextEncoder().encode(answer) : bytes(answer)),
        async () => undefined,
      );
      await expect(store.getEvent('7')).rejects.toBeInstanceOf(StoreUnavailableError);
    }
    const silent = createRemoteStore(
      async () => {
        throw Object.assign(new Error('timeout'), { code: 'TIMEOUT' });
      },
      async () => undefined,
    );
    await expect(silent.feedPage({}, 'America/Sao_Paulo', 10)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('keeps nothing and refuses the hub’s own writes', async () => {
    const store = createRemoteStore(
      async () => {
        throw new Error('must not be asked');
      },
      async () => undefined,
    );
    expect(await store.deliveriesPage(10)).toEqual({ rows: [], more: false });
    expect(await store.oldest()).toBeNull();
    await expect(store.eraseCustomer('c', 1, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.purgeBefore(1)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
