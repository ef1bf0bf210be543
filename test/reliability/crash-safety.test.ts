// Twenty SIGKILLs of the real headless service under ~1 000 deliveries a second from another process, restarted on
// the same data folder each time: every delivery answered 200 is in the database afterwards, which stays sound.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../main/headless/simulator/payloads.js';
import { startHeadless, stopHeadlessChildren } from '../support/headless-process.js';
import { makeTempDir } from '../support/temp-service.js';

const ROUNDS = 20;
const RATE = 1000;
const SEED = Number(process.env.WIFIRE_RELIABILITY_SEED ?? 20_241_124);
const GENERATOR = path.resolve('test/support/reliability/load-generator.mjs');

const dirs: string[] = [];
const generators: ChildProcess[] = [];
afterEach(async () => {
  for (const child of generators.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopHeadlessChildren();
});
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Generator {
  child: ChildProcess;
  /** Acknowledged deliveries so far: event id → the delivery's tag. */
  acknowledged: Map<string, string>;
  firstAck: Promise<void>;
  /** SIGTERM, then every line it printed; resolves with its summary. */
  stop(): Promise<{ sent: number; acknowledged: number; errors: number }>;
}

function startGenerator(url: string, tag: string): Generator {
  const child = spawn(process.execPath, [GENERATOR, url, '--rate', String(RATE), '--tag', tag], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  generators.push(child);
  const acknowledged = new Map<string, string>();
  let pending = '';
  let stderr = '';
  let onFirst: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (onFirst = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const [id, deliveryTag] = line.split(' ');
      if (id && deliveryTag) acknowledged.set(id, deliveryTag);
    }
    if (acknowledged.size > 0) onFirst();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    acknowledged,
    firstAck,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      const summary = stderr.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(summary) as { sent: number; acknowledged: number; errors: number };
      } catch {
        throw new Error(`load generator gave no summary:\n${stderr}`);
      }
    },
  };
}

/** The service's resident memory from /proc (Linux), 0 where there is none. */
function rssOf(pid: number | undefined): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)),
  ]);
}

describe('crash safety', () => {
  it('keeps every acknowledged event through 20 SIGKILLs under 1 000 deliveries a second, the database sound', async () => {
    const dir = makeTempDir('wifire-desk-crash-');
    dirs.push(dir);
    // The load comes from one address: a budget above it. Pop-ups are not under test: paused, so no notify-send runs.
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ intake: { ratePerSecond: 100_000, burst: 100_000 }, notificationsPaused: true }),
    );
    const random = seededRandom(SEED);
    const acknowledged = new Map<string, string>();
    const lost: string[] = [];
    const integrity: string[] = [];
    let sent = 0;
    let stored = 0;
    let slowestRestartMs = 0;
    let peakServiceRss = 0;
    const started = performance.now();

    for (let round = 1; round <= ROUNDS; round++) {
      const restart = performance.now();
      const { child, url } = await startHeadless(dir);
      slowestRestartMs = Math.max(slowestRestartMs, Math.round(performance.now() - restart));
      const generator = startGenerator(url, `r${round}`);
      await within(generator.firstAck, 10_000, `round ${round}: the first acknowledgement`);
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 400)));
      peakServiceRss = Math.max(peakServiceRss, rssOf(child.pid));
      const killed = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await killed;
      const summary = await generator.stop();
      sent += summary.sent;
      for (const [id, tag] of generator.acknowledged) acknowledged.set(id, tag);

      // What the next start will find: every acknowledgement so far, this round's and the earlier ones'.
      const db = new Database(path.join(dir, 'wifire-desk.db'));
      try {
        const rows = new Map(
          (db.prepare('SELECT id, message FROM events').all() as Array<{ id: number; message: string }>).map((row) => [
            String(row.id),
            row.message,
          ]),
        );
        stored = rows.size;
        for (const [id, tag] of acknowledged) {
          if (!rows.get(id)?.endsWith(`[carga ${tag}]`)) lost.push(`round ${round}: ${id} ${tag}`);
        }
        const check = db.pragma('integrity_check', { simple: true }) as string;
        if (check !== 'ok') integrity.push(`round ${round}: ${check}`);
      } finally {
        db.close();
      }
    }
    const durationMs = Math.round(performance.now() - started);
    console.log(
      `[reliability] crash-safety rounds=${ROUNDS} seed=${SEED} sent=${sent} acknowledged=${acknowledged.size} ` +
        `stored=${stored} lost=${lost.length} durationMs=${durationMs} slowestRestartMs=${slowestRestartMs} ` +
        `servicePeakRssMB=${(peakServiceRss / 1024 / 1024).toFixed(1)}`,
    );

    expect(lost.slice(0, 10)).toEqual([]);
    expect(integrity).toEqual([]);
    // Load really ran at every kill: about 200–600 deliveries a round were answered.
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 100);
    expect(stored).toBeGreaterThanOrEqual(acknowledged.size);
  }, 90_000);
});
