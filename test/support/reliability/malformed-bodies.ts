// Hostile webhook requests, reproducible from a seed: every one must be refused (400/413/415, 404 off the webhook path).
// Each carries `marker` in its values, keys or path, so an answer or a log line that echoes input is caught.
import zlib from 'node:zlib';
import {
  buildPayload,
  fakeCustomer,
  seededRandom,
  type WifirePayload,
} from '../../../main/headless/simulator/payloads.js';
import { MAX_BODY_BYTES } from '../../../main/core/intake/payload-schema.js';
import type { RawRequest } from './raw-http.js';

export type MalformedKind =
  | 'wrong-type'
  | 'missing-field'
  | 'deep-nesting'
  | 'huge-string'
  | 'broken-utf8'
  | 'invalid-json'
  | 'proto-keys'
  | 'content-type'
  | 'compressed'
  | 'empty'
  | 'wrong-path';

export interface MalformedRequest extends RawRequest {
  kind: MalformedKind;
  /** The statuses the contract allows for this request. */
  expect: readonly number[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Random = () => number;

const INSIGHT_TYPES = ['cliente-chegou', 'cliente-conectou', 'cliente-avaliou-negativamente', 'cliente-sorteado'];
const LGPD_TYPES = ['cliente-atualizou-conta', 'cliente-removeu-conta'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** An object with `key` as an own property, even "__proto__" (an object literal would set the prototype instead). */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** A realistic delivery about a made-up customer, the marker in their name, e-mail and WiFire's message. */
function basePayload(random: Random, marker: string, lgpd = false): WifirePayload {
  const customer = fakeCustomer(Math.floor(random() * 10_000));
  const type = lgpd ? pick(random, LGPD_TYPES) : pick(random, INSIGHT_TYPES);
  // A deep copy: buildPayload shares the establishment object between payloads, and these get mutated.
  const payload = structuredClone(
    buildPayload(type, { ...customer, name: `${customer.name} ${marker}`, email: `${marker}@exemplo.com.br` }),
  );
  const activity = payload.activity as Record<string, unknown> | undefined;
  if (activity) activity.message = `${String(activity.message)} ${marker}`;
  return payload;
}

/** Values no schema rule takes where optional text goes (looseText: string ≤ 2000, number, null). */
function wrongText(marker: string): Json[] {
  return [{ [marker]: marker }, [marker], true, false, [], {}, longerThan(2000, marker)];
}

/** Each checked path of both shapes, with values that must fail there. */
function wrongValues(marker: string, lgpd: boolean): Array<[string[], Json[]]> {
  const notObject: Json[] = [null, marker, 123, [marker], true];
  const table: Array<[string[], Json[]]> = [
    [
      ['type'],
      [123, null, true, { t: marker }, [marker], '', '   ', `Cliente Chegou ${marker}`, `-${marker}`, 'x'.repeat(81)],
    ],
    [['establishment'], notObject],
    [
      ['establishment', 'identifier'],
      [null, 123, '', '   ', { [marker]: 1 }, [marker], longerThan(200, marker)],
    ],
    [['establishment', 'name'], wrongText(marker)],
    [['establishment', 'slug'], wrongText(marker)],
    [['user'], notObject],
    [
      ['user', 'id'],
      [null, -1, 1.5, '', '   ', { [marker]: 1 }, [marker], true, longerThan(128, marker)],
    ],
    [['user', 'name'], wrongText(marker)],
    [['user', 'email'], wrongText(marker)],
    [['user', 'phone'], wrongText(marker)],
  ];
  if (lgpd) return table;
  return [
    ...table,
    [['activity'], [123, marker, true, [marker]]],
    [['activity', 'message'], wrongText(marker)],
    [
      ['activity', 'created_at'],
      [
        123,
        true,
        { [marker]: 1 },
        [marker],
        marker,
        '',
        '2026-02-30 10:00:00',
        '2017-13-01 10:00:00',
        '2017-11-14 25:61:00',
      ],
    ],
    ...['facebook_id', 'google_id', 'image', 'status_email', 'cpf', 'rg', 'mac', 'birthday'].map(
      (field): [string[], Json[]] => [['user', field], wrongText(marker)],
    ),
  ];
}

/** A string of the marker over `max` characters long. */
function longerThan(max: number, marker: string): string {
  return marker.repeat(Math.ceil((max + 1) / marker.length));
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
}

function deletePath(target: Record<string, unknown>, path: string[]): void {
  let at = target;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  // Throws (TypeError) when the parent is gone already, as a delete through undefined would.
  Reflect.deleteProperty(at, path[path.length - 1]!);
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** The payload as JSON with `raw` (text JSON.stringify could not produce, such as deep nesting) as data_of_type. */
function spliceRaw(payload: WifirePayload, raw: string): Buffer {
  (payload.activity as Record<string, unknown>).data_of_type = null;
  return Buffer.from(JSON.stringify(payload).replace('"data_of_type":null', `"data_of_type":${raw}`), 'utf8');
}

interface Context {
  random: Random;
  marker: string;
  webhookPath: string;
  secret: string;
}

type Maker = (c: Context) => Omit<MalformedRequest, 'kind'>;

const jsonRequest = (c: Context, body: Buffer, expect: readonly number[] = [400]): Omit<MalformedRequest, 'kind'> => ({
  path: c.webhookPath,
  body,
  contentType: 'application/json',
  expect,
});

const MAKERS: Record<MalformedKind, { weight: number; make: Maker }> = {
  'wrong-type': {
    weight: 30,
    make: (c) => {
      const lgpd = c.random() < 0.25;
      const payload = basePayload(c.random, c.marker, lgpd);
      const [path, values] = pick(c.random, wrongValues(c.marker, lgpd));
      setPath(payload, path, pick(c.random, values));
      return jsonRequest(c, json(payload));
    },
  },
  'missing-field': {
    weight: 10,
    make: (c) => {
      const payload = basePayload(c.random, c.marker, c.random() < 0.25);
      const required = [['type'], ['establishment'], ['establishment', 'identifier'], ['user'], ['user', 'id']];
      const count = 1 + Math.floor(c.random() * 3);
      for (let i = 0; i < count; i++) {
        const path = pick(c.random, required);
        try {
          deletePath(payload, path);
        } catch {
          // Its parent went already.
        }
      }
      return jsonRequest(c, json(c.random() < 0.1 ? {} : payload));
    },
  },
  'deep-nesting': {
    weight: 6,
    make: (c) => {
      const depth = 1000 + Math.floor(c.random() * 9000);
      const variant = Math.floor(c.random() * 5);
      const payload = basePayload(c.random, c.marker);
      switch (variant) {
        case 0:
          return jsonRequest(c, Buffer.from(`${'['.repeat(10_000)}"${c.marker}"`)); // never closed
        case 1:
          return jsonRequest(c, Buffer.from(`${'['.repeat(depth)}"${c.marker}"${']'.repeat(depth)}`));
        case 2:
          return jsonRequest(c, Buffer.from(`${`{"${c.marker}":`.repeat(depth / 4)}1${'}'.repeat(depth / 4)}`));
        case 3: {
          // Deep where an object must be.
          const text = JSON.stringify(payload);
          const deep = `${'['.repeat(depth)}"${c.marker}"${']'.repeat(depth)}`;
          return jsonRequest(c, Buffer.from(text.replace(/"user":\{[^}]*\}/, `"user":${deep}`)));
        }
        default: {
          // Deep opaque data in a delivery that fails elsewhere (no user id).
          delete (payload.user as Record<string, unknown>).id;
          return jsonRequest(c, spliceRaw(payload, `${'['.repeat(depth)}"${c.marker}"${']'.repeat(depth)}`));
        }
      }
    },
  },
  'huge-string': {
    weight: 4,
    make: (c) => {
      const payload = basePayload(c.random, c.marker);
      const variant = Math.floor(c.random() * 5);
      if (variant === 4) {
        // Grows past the limit without announcing a length.
        (payload.activity as Record<string, unknown>).message = c.marker.repeat(80_000 / c.marker.length);
        return { ...jsonRequest(c, json(payload), [413]), chunked: true };
      }
      // 0: exactly at the limit, 1: one byte over it, 2 and 3: far over it; the filler is 2-byte "é"s and the marker.
      const target = [MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 100_000 + Math.floor(c.random() * 400_000), 1_000_000][
        variant
      ]!;
      (payload.user as Record<string, unknown>).name = '';
      const base = json(payload).length;
      let filler = `${c.marker} ${'é'.repeat(Math.floor((target - base - c.marker.length - 1) / 2))}`;
      while (base + Buffer.byteLength(filler) < target) filler += 'x';
      (payload.user as Record<string, unknown>).name = filler;
      const body = json(payload);
      return jsonRequest(c, body, body.length > MAX_BODY_BYTES ? [413] : [400]);
    },
  },
  'broken-utf8': {
    weight: 8,
    make: (c) => {
      const bad = pick(c.random, [
        [0xff],
        [0xfe, 0xff],
        [0xc0, 0xaf], // overlong "/"
        [0xed, 0xa0, 0x80], // an encoded surrogate
        [0xe2, 0x82], // cut short
        [0x80, 0x80, 0x80], // continuation bytes alone
        [0xf8, 0x88, 0x80, 0x80, 0x80], // 5-byte form
      ]);
      const payload = basePayload(c.random, c.marker);
      const text = JSON.stringify(payload);
      const variant = Math.floor(c.random() * 3);
      if (variant === 0) {
        // Outside any string: not JSON.
        const at = text.indexOf(',') + 1;
        return jsonRequest(
          c,
          Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at))]),
        );
      }
      if (variant === 1) {
        // Inside the type: decoded as U+FFFD, which no type may hold.
        const [before, after] = text.split(`"type":"${String(payload.type)}"`);
        const type = Buffer.concat([Buffer.from('cliente-'), Buffer.from(bad), Buffer.from(c.marker)]);
        return jsonRequest(c, Buffer.concat([Buffer.from(`${before}"type":"`), type, Buffer.from(`"${after}`)]));
      }
      // Inside the name of a delivery without its user id.
      delete (payload.user as Record<string, unknown>).id;
      const withoutId = JSON.stringify(payload);
      const at = withoutId.indexOf(c.marker);
      return jsonRequest(
        c,
        Buffer.concat([Buffer.from(withoutId.slice(0, at)), Buffer.from(bad), Buffer.from(withoutId.slice(at))]),
      );
    },
  },
  'invalid-json': {
    weight: 14,
    make: (c) => {
      const payload = basePayload(c.random, c.marker, c.random() < 0.2);
      const text = JSON.stringify(payload);
      const pretty = JSON.stringify(payload, null, 2);
      const variants: Array<() => string> = [
        () => text.slice(0, 1 + Math.floor(c.random() * (text.length - 2))), // cut anywhere
        () => pretty.replace(/(\n\s*})\n}$/, ',$1\n}'), // the article's trailing comma after the last field
        () => text.replace(/"/g, (quote, at: number) => (at % 2 ? '\u201c' : '\u201d')), // typeset quotes
        () => text.replace(/"/g, "'"),
        () => text.replace(/"([a-z_]+)":/g, '$1:'), // unquoted keys
        () => text.replace(/}$/, ',"score":NaN}'),
        () => `// ${c.marker}\n${text}`,
        () => `${text}}`,
        () => `${text}${text}`,
        () => text.replace(`${c.marker}`, `${c.marker}\n\u0000`), // raw control characters in a string
        () => `{"type": "cliente-chegou", "user": ${c.marker}}`,
        () => `undefined ${c.marker}`,
        () => text.replace(/\\/g, '').replace(c.marker, `\\x${c.marker}`), // an escape JSON does not have
        () => `\uFEFF${text.slice(0, -1)}`, // a BOM, then a cut
      ];
      return jsonRequest(c, Buffer.from(pick(c.random, variants)(), 'utf8'));
    },
  },
  'proto-keys': {
    weight: 10,
    make: (c) => {
      const payload = basePayload(c.random, c.marker) as Record<string, unknown>;
      const poison = (): Record<string, unknown> => ({
        polluted: c.marker,
        type: 'cliente-chegou',
        id: '4242',
        identifier: c.marker,
        isAdmin: true,
      });
      // The required fields are taken away and offered only through the prototype keys: read as inherited, they
      // would make the delivery valid.
      const user = payload.user as Record<string, unknown>;
      const establishment = payload.establishment as Record<string, unknown>;
      const activity = payload.activity as Record<string, unknown>;
      const holes: Array<() => void> = [
        () => delete user.id,
        () => delete establishment.identifier,
        () => delete payload.type,
        () => delete payload.user,
      ];
      pick(c.random, holes)();
      for (const target of [payload, user, establishment, activity]) {
        withOwn(target, '__proto__', poison());
        withOwn(target, 'constructor', { prototype: poison() });
        withOwn(target, 'prototype', poison());
      }
      activity.data_of_type = withOwn(withOwn({ score: 3 }, '__proto__', poison()), 'constructor', {
        prototype: poison(),
      });
      return jsonRequest(c, json(payload));
    },
  },
  'content-type': {
    weight: 8,
    make: (c) => {
      // A sound delivery, refused only for what it says it is: nothing of it may be stored.
      const body = json(basePayload(c.random, c.marker));
      const types: Array<string | null> = [
        'text/plain',
        'application/x-www-form-urlencoded',
        `multipart/form-data; boundary=${c.marker}`,
        null,
        '',
        'application/json; charset=latin1',
        'application/json; charset=iso-8859-1',
        'text/json',
        'application/jsonx',
        'application/json-patch+json',
        'application/ld+json',
        'json',
        '*/*',
      ];
      const contentType = pick(c.random, types);
      const form = Buffer.from(`type=cliente-chegou&name=${encodeURIComponent(c.marker)}`);
      return {
        path: c.webhookPath,
        body: contentType === 'application/x-www-form-urlencoded' ? form : body,
        contentType,
        expect: [415],
      };
    },
  },
  compressed: {
    weight: 3,
    make: (c) => {
      const payload = json(basePayload(c.random, c.marker));
      const variant = Math.floor(c.random() * 5);
      const headers = (encoding: string): Record<string, string> => ({ 'content-encoding': encoding });
      const request = jsonRequest(c, payload);
      if (variant === 0) return { ...request, headers: headers(pick(c.random, ['gzip', 'deflate', 'br'])) }; // not compressed
      if (variant === 1) return { ...request, body: zlib.gzipSync(payload).subarray(0, 20), headers: headers('gzip') };
      if (variant === 2) return { ...request, headers: headers(`x-${c.marker}`), expect: [415] };
      // A bomb: a few KiB that inflate far past the limit.
      const bomb = zlib.gzipSync(Buffer.alloc(4_000_000, ' '));
      if (variant === 3) return { ...request, body: bomb, headers: headers('gzip'), expect: [413] };
      // Compressed, sound JSON, but no delivery (no user).
      const noUser = basePayload(c.random, c.marker);
      delete noUser.user;
      return { ...request, body: zlib.deflateSync(json(noUser)), headers: headers('deflate') };
    },
  },
  empty: {
    weight: 3,
    make: (c) =>
      pick(c.random, [
        jsonRequest(c, Buffer.alloc(0)),
        { ...jsonRequest(c, Buffer.alloc(0)), chunked: true },
        jsonRequest(c, Buffer.from('   \n')),
        { ...jsonRequest(c, Buffer.alloc(0)), contentType: 'text/plain', expect: [415] },
        { ...jsonRequest(c, Buffer.alloc(0)), contentType: null, expect: [415] },
      ]),
  },
  'wrong-path': {
    weight: 4,
    make: (c) => {
      const body = json(basePayload(c.random, c.marker));
      const wrongSecret = `${c.secret.slice(0, -1)}${c.secret.endsWith('x') ? 'y' : 'x'}`;
      const path = pick(c.random, [
        `/hooks/${wrongSecret}`,
        `/hooks/${c.marker}`,
        `/hooks/${c.secret}/${c.marker}`,
        '/hooks/',
        '/hooks',
        '/',
        `/${c.marker}`,
        '/healthz',
        `/panel/${c.marker}`,
        '/hooks/%ff',
        `/hooks/${c.secret}%E0%A4%A`,
      ]);
      return { path, body, contentType: 'application/json', expect: [404] };
    },
  },
};

export interface MalformedOptions {
  seed: number;
  count: number;
  marker: string;
  /** The webhook's secret; its path is /hooks/<secret>. */
  secret: string;
}

/** `count` requests in a fixed order for a given seed; built one at a time so they are not all held in memory. */
export function* malformedRequests(options: MalformedOptions): Generator<MalformedRequest> {
  const random = seededRandom(options.seed);
  const context: Context = {
    random,
    marker: options.marker,
    secret: options.secret,
    webhookPath: `/hooks/${options.secret}`,
  };
  const kinds = Object.entries(MAKERS) as Array<[MalformedKind, { weight: number; make: Maker }]>;
  const total = kinds.reduce((sum, [, maker]) => sum + maker.weight, 0);
  for (let i = 0; i < options.count; i++) {
    // Every kind at least once in the first rounds, then by weight.
    let kind: MalformedKind;
    if (i < kinds.length) kind = kinds[i]![0];
    else {
      let roll = random() * total;
      kind = kinds.find(([, maker]) => (roll -= maker.weight) < 0)?.[0] ?? 'wrong-type';
    }
    yield { kind, ...MAKERS[kind].make(context) };
  }
}
