// Ten thousand hostile requests against one running service: never a 5xx, never an echo, nothing stored,
// nothing polluted, memory bounded, and the listener still healthy afterwards.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { MAX_BODY_BYTES } from '../../main/core/intake/payload-schema.js';
import { scan } from '../support/reliability/byte-scan.js';
import { malformedRequests, type MalformedKind } from '../support/reliability/malformed-bodies.js';
import { MB, settledRss } from '../support/reliability/memory.js';
import { keepAliveAgent, send, slowSender, type RawAnswer } from '../support/reliability/raw-http.js';
import { startTempService, TEST_TOKEN, type TempService } from '../support/temp-service.js';

/** Reproducible: the same seed sends the same bodies in the same order. WIFIRE_RELIABILITY_SEED picks another run. */
const SEED = Number(process.env.WIFIRE_RELIABILITY_SEED ?? 20_241_124);
const COUNT = 10_000;
const WARM_UP = 300;
const CONCURRENCY = 8;
/** Letters and dashes only, so the logger's own redaction would let it through: an echo cannot hide behind it. */
const MARKER = `eco-zqx-${SEED.toString(36)}`;
/**
 * The bound on RSS growth over the run. Requests are at most 1 MB and 8 are in flight, so live buffers stay under
 * ~10 MB; what is left after full collections is allocator slack and JIT code (~14 MB measured here). The run sends
 * ~130 MB, so a listener that kept half of what it refused would cross 64 MB.
 */
const MAX_RSS_GROWTH = 64 * MB;

let temp: TempService;
beforeAll(async () => {
  // Every request comes from 127.0.0.1: a budget high enough that no answer is a 429.
  temp = await startTempService({ config: { intake: { ratePerSecond: 100_000, burst: 1_000_000 } } });
});
afterAll(async () => {
  await temp?.close();
});

const ISSUE_KEYS = ['message', 'path'];

/** Why `answer` is not the contract's JSON for `status`, or null when it is. */
function shapeProblem(answer: RawAnswer): string | null {
  const body = answer.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return 'not JSON';
  const keys = Object.keys(body).sort().join(',');
  switch (answer.status) {
    case 400: {
      const issues = body.issues as Array<Record<string, unknown>> | undefined;
      if (keys !== 'error,issues,ok' || body.ok !== false) return `400 keys ${keys}`;
      if (body.error !== 'invalid_json' && body.error !== 'invalid_payload') return `400 error ${String(body.error)}`;
      if (!Array.isArray(issues) || issues.length === 0 || issues.length > 20) return '400 issues';
      for (const issue of issues) {
        if (Object.keys(issue).sort().join(',') !== ISSUE_KEYS.join(',')) return '400 issue keys';
        if (typeof issue.path !== 'string' || typeof issue.message !== 'string') return '400 issue types';
      }
      return null;
    }
    case 413:
      return keys === 'error,limit,ok' && body.error === 'payload_too_large' && body.limit === MAX_BODY_BYTES
        ? null
        : `413 ${keys}`;
    case 415:
      return keys === 'error,expected,ok' && body.error === 'unsupported_media_type' ? null : `415 ${keys}`;
    case 404:
      return keys === 'error,ok' && body.error === 'not_found' ? null : `404 ${keys}`;
    default:
      return `status ${answer.status}`;
  }
}

function countRows(database: string): { events: number; customers: number; erasures: number } {
  const db = new Database(database, { readonly: true });
  try {
    const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { events: count('events'), customers: count('customers'), erasures: count('erasures') };
  } finally {
    db.close();
  }
}

describe('malformed webhook bodies', () => {
  it('refuses ten thousand of them with 400, 413, 415 or 404 in the documented shape, echoing and storing nothing', async () => {
    const { service } = temp;
    const port = service.port;
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const rowsBefore = countRows(service.paths.database);
    const requests = malformedRequests({ seed: SEED, count: WARM_UP + COUNT, marker: MARKER, secret: TEST_TOKEN });
    const agent = keepAliveAgent(CONCURRENCY);

    const statuses: Record<number, number> = {};
    const kinds: Partial<Record<MalformedKind, number>> = {};
    const unexpected: string[] = [];
    let sent = 0;
    let bytesSent = 0;
    let transportErrors = 0;
    const run = async (limit: number): Promise<void> => {
      const worker = async (): Promise<void> => {
        while (sent < limit) {
          const next = requests.next();
          if (next.done) return;
          sent++;
          const request = next.value;
          bytesSent += request.body.length;
          kinds[request.kind] = (kinds[request.kind] ?? 0) + 1;
          let answer: RawAnswer;
          try {
            answer = await send(port, request, agent);
          } catch (error) {
            transportErrors++;
            if (unexpected.length < 10) unexpected.push(`${request.kind}: no answer (${(error as Error).message})`);
            continue;
          }
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          const problem = !request.expect.includes(answer.status)
            ? `status ${answer.status}, expected ${request.expect.join('/')}`
            : shapeProblem(answer);
          const echoed = answer.text.includes(MARKER);
          if ((problem || echoed) && unexpected.length < 10) {
            unexpected.push(
              `#${sent} ${request.kind} ${request.path}: ${problem ?? 'echoed the marker'} ${answer.text}`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    // Warm up first (lazy modules, JIT, the first connections) so the memory baseline is the steady state.
    await run(WARM_UP);
    const rssBefore = await settledRss();
    const started = performance.now();

    // Slow senders beside the load: some dribble a bad body byte by byte, some stop halfway and hang on.
    const dribbled = Buffer.from(`{"type":"cliente-chegou","user":"${MARKER}"}`);
    const slow = [
      ...Array.from({ length: 3 }, () => slowSender(port, `/hooks/${TEST_TOKEN}`, dribbled, { intervalMs: 10 })),
      ...Array.from({ length: 3 }, () =>
        slowSender(port, `/hooks/${TEST_TOKEN}`, dribbled, { intervalMs: 10, stopAfter: dribbled.length / 2 }),
      ),
    ];
    await run(WARM_UP + COUNT);
    const durationMs = Math.round(performance.now() - started);
    // The deadline for the slow ones: the dribblers have long finished; the hung ones are cut off here.
    await Promise.race([
      Promise.all(slow.slice(0, 3).map((s) => s.closed)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    for (const s of slow) s.stop();
    agent.destroy();
    const rssAfter = await settledRss();

    const slowStatuses = slow.map((s) => /^HTTP\/1\.1 (\d{3})/.exec(s.received())?.[1] ?? 'none');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const rowsAfter = countRows(service.paths.database);
    const marked = scan(temp.dir, [{ label: 'marker', bytes: Buffer.from(MARKER) }]);
    const logs = scan(service.paths.logs, [{ label: 'marker', bytes: Buffer.from(MARKER) }]);

    console.log(
      `[reliability] bad-input seed=${SEED} requests=${COUNT} statuses=${JSON.stringify(statuses)} ` +
        `kinds=${JSON.stringify(kinds)} bytesSent=${bytesSent} durationMs=${durationMs} ` +
        `rssBeforeMB=${(rssBefore / MB).toFixed(1)} rssAfterMB=${(rssAfter / MB).toFixed(1)} ` +
        `slowSenders=${slowStatuses.join(',')} logBytes=${logs.bytes} transportErrors=${transportErrors}`,
    );

    expect(unexpected).toEqual([]);
    expect(sent).toBe(WARM_UP + COUNT);
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    // The dribblers got their 400 like anyone else; the hung ones got no 5xx (none, or the 408 of the 30 s limit
    // when a slow machine makes the run last longer than that).
    expect(slowStatuses.slice(0, 3)).toEqual(['400', '400', '400']);
    for (const status of slowStatuses.slice(3)) expect(['none', '400', '408']).toContain(status);
    for (const s of slow) expect(s.received()).not.toContain(MARKER);
    expect(health.status).toBe(200);
    expect(rowsAfter).toEqual(rowsBefore);
    expect(rowsAfter.events).toBe(0);
    expect(marked.hits).toEqual([]);
    expect(logs.files).toBeGreaterThan(0);
    expect(logs.hits).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(rssAfter - rssBefore).toBeLessThan(MAX_RSS_GROWTH);
  });

  it('answers a sound delivery nested deeper than the stack allows with 400, not 500', async () => {
    const payload = buildPayload('cliente-chegou', fakeCustomer(1));
    const depth = 30_000; // 60 KB of brackets: under the size limit, far past what JSON.stringify can recurse into
    const text = JSON.stringify(payload).replace(
      '"data_of_type":null',
      `"data_of_type":${'['.repeat(depth)}${']'.repeat(depth)}`,
    );
    const answer = await temp.post(text);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      ok: false,
      error: 'invalid_payload',
      issues: [{ path: '(root)', message: expect.any(String) }],
    });
    expect(countRows(path.join(temp.dir, 'wifire-desk.db')).events).toBe(0);
  });

  // normalize.ts once looked the rating band up with BANDS[type], so "constructor" found Object.prototype's (500).
  it('stores a delivery whose type is "constructor" like any unknown type', async () => {
    const payload = buildPayload('cliente-chegou', fakeCustomer(2));
    payload.type = 'constructor';
    const answer = await temp.post(payload);
    expect(answer.status).toBe(200);
  });
});
