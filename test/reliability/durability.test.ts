// A process killed with SIGKILL while events are being acknowledged loses none of the acknowledged ones.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { startHeadless, stopHeadlessChildren } from '../support/headless-process.js';
import { makeTempDir } from '../support/temp-service.js';

const dirs: string[] = [];

afterEach(async () => {
  await stopHeadlessChildren();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function post(url: string, body: unknown): Promise<{ status: number; id?: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, id: (JSON.parse(text) as { id?: string }).id });
          } catch {
            reject(new Error('answer cut short'));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged event after SIGKILL mid-load, and the database opens again', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ intake: { ratePerSecond: 100_000, burst: 100_000 } }),
    );
    const { child, url } = await startHeadless(dir);

    const acknowledged: string[] = [];
    // Yesterday onwards, one second apart: well inside the retention period, so nothing ages out mid-test.
    const since = Date.now() - 86_400_000;
    let sent = 0;
    let stop = false;
    const worker = async (w: number): Promise<void> => {
      while (!stop) {
        const n = sent++;
        const payload = buildPayload('cliente-conectou', fakeCustomer(n % 500), {
          at: new Date(since + n * 1000),
        });
        (payload.activity as Record<string, unknown>).message = `carga ${w}-${n}`;
        try {
          const answer = await post(url, payload);
          if (answer.status === 200 && answer.id) acknowledged.push(answer.id);
        } catch {
          return; // the process is gone
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    while (acknowledged.length < 1500) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    agent.destroy();

    const db = new Database(path.join(dir, 'wifire-desk.db'));
    const stored = new Set(db.prepare('SELECT id FROM events').pluck().all().map(String));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
    expect(lost).toEqual([]);

    // And the service starts again on the same folder.
    const again = await startHeadless(dir);
    const health = await fetch(new URL('/healthz', again.url));
    expect(health.status).toBe(200);
  });
});
