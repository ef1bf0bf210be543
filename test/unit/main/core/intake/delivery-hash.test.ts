// The 24 h dedupe compares each delivery's hash with hashes already stored: the text hashed must stay byte for byte
// what it was when they were stored, whatever the code that writes it, and must not depend on key order.
import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliveryHash } from '../../../../../main/core/intake/normalize.js';
import { ALL_TYPES, buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';

/** The canonical JSON as it was first written (string by string), kept here as the reference. */
function referenceJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + referenceJson(value[i]);
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${referenceJson(item)}`;
    first = false;
  }
  return `${text}}`;
}

function referenceHash(body: Record<string, unknown>, type: string): Buffer {
  return hash('sha256', referenceJson({ ...body, type }), 'buffer').subarray(0, 16);
}

/** A small deterministic generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const KEYS = [
  '__proto__',
  'constructor',
  'type',
  '',
  '1',
  '10',
  '2',
  'a',
  'B',
  'é',
  'ação',
  '😀',
  'a"b',
  'a\\b',
  '\u0000',
  '\ud800',
  'z',
];
const STRINGS = [
  '',
  'Ana',
  'São Paulo',
  'linha\nnova',
  'aspas "assim"',
  'barra \\ invertida',
  'tab\t',
  '\u0001',
  '\u007f',
  '\u2028',
  '😀',
  'só \ud83d',
  '\udc00 só',
  '</script>',
];
const NUMBERS = [0, -0, 1, -1, 7, 10, 3.5, 1e21, 5e-324, 123456789012, -2.5e-7];

/** A random JSON text: keys from KEYS (repeated keys too, where the last one wins), values of every kind. */
function jsonText(next: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const roll = next();
  if (depth > 3 || roll < 0.45) {
    const kind = next();
    return JSON.stringify(kind < 0.4 ? pick(STRINGS) : kind < 0.7 ? pick(NUMBERS) : kind < 0.85 ? next() < 0.5 : null);
  }
  if (roll < 0.65) {
    return `[${Array.from({ length: Math.floor(next() * 4) }, () => jsonText(next, depth + 1)).join(',')}]`;
  }
  const members = Array.from(
    { length: Math.floor(next() * 6) },
    (_, i) => `${JSON.stringify(pick(KEYS) + (next() < 0.3 ? String(i) : ''))}:${jsonText(next, depth + 1)}`,
  );
  return `{${members.join(',')}}`;
}

describe('the delivery hash', () => {
  it('is what it was for a known delivery (hashes already stored are compared with new ones)', () => {
    const body = buildPayload('cliente-aniversariante-chegou', fakeCustomer(7)) as unknown as Record<string, unknown>;
    const pinned = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    expect(deliveryHash(pinned, 'cliente-aniversariante-chegou')).toEqual(
      referenceHash(pinned, 'cliente-aniversariante-chegou'),
    );
    expect(
      deliveryHash(
        JSON.parse(
          '{"type":"cliente-chegou","user":{"id":"u1","name":"Ana Lima","email":"ana@example.com"},' +
            '"activity":{"created_at":"2026-11-24 19:30:00","message":"Chegou"},"establishment":{"id":"e1"}}',
        ) as Record<string, unknown>,
        'cliente-chegou',
      ).toString('hex'),
    ).toBe('f08e79eafe9e640cfbb40ec7e85780b7');
  });

  it('matches the text as first written for every event type and 3 000 generated bodies', () => {
    const next = random(20261204);
    let compared = 0;
    for (const type of ALL_TYPES) {
      for (let n = 0; n < 5; n++) {
        const body = JSON.parse(JSON.stringify(buildPayload(type, fakeCustomer(n)))) as Record<string, unknown>;
        expect(deliveryHash(body, type)).toEqual(referenceHash(body, type));
        compared++;
      }
    }
    let withProto = 0;
    for (let i = 0; i < 3000; i++) {
      // As WiFire's body reaches us: text through JSON.parse, so "__proto__" is a key like any other.
      const parsed: unknown = JSON.parse(jsonText(next, 0));
      const received = (
        parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { v: parsed }
      ) as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(received, '__proto__')) withProto++;
      const type = next() < 0.5 ? 'cliente-chegou' : 'tipo-"novo"\n';
      const ours = deliveryHash(received, type).toString('hex');
      if (ours !== referenceHash(received, type).toString('hex')) {
        expect.fail(`case ${i}: ${JSON.stringify(received)} hashes differently`);
      }
      compared++;
    }
    expect(compared).toBe(ALL_TYPES.length * 5 + 3000);
    expect(withProto).toBeGreaterThan(10);
  });

  it('does not depend on the order of the keys, at any level', () => {
    const a = JSON.parse('{"type":"x","user":{"id":"1","name":"Ana"},"activity":{"b":[{"y":1,"x":2}],"a":null}}');
    const b = JSON.parse('{"activity":{"a":null,"b":[{"x":2,"y":1}]},"user":{"name":"Ana","id":"1"},"type":"x"}');
    expect(deliveryHash(a, 'x')).toEqual(deliveryHash(b, 'x'));
    // The type as read counts, not the one in the body; an array keeps its order.
    expect(deliveryHash(a, 'y')).not.toEqual(deliveryHash(a, 'x'));
    const c = JSON.parse('{"type":"x","user":{"id":"1","name":"Ana"},"activity":{"b":[{"y":1,"x":2}],"a":null}}');
    (c.activity as { b: unknown[] }).b.push(0);
    expect(deliveryHash(c, 'x')).not.toEqual(deliveryHash(a, 'x'));
  });
});
