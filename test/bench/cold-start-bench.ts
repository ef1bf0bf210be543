// Cold start of the real headless CLI: from spawning node to the first 200 for a valid webhook.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { uniqueBody, writeBenchConfig } from './bench-payloads.js';
import {
  BENCH_TOKEN,
  DIST_ROOT,
  HOST,
  benchEnv,
  freePort,
  makeTempDir,
  median,
  postJson,
  removeTempDir,
  sleep,
  spawnTracked,
  stopChild,
} from './harness.js';

export interface ColdStartResult {
  medianMs: number;
  timesMs: number[];
}

const CLI = path.join(DIST_ROOT, 'main/headless/cli.js');
const TYPE = 'cliente-conectou';

async function firstOk(child: ChildProcess, url: string, body: string, output: { text: string }): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`cold start: the CLI exited (${child.signalCode ?? child.exitCode}): ${output.text.trim()}`);
    }
    try {
      const answer = await postJson(url, body);
      if (answer.status === 200) return;
      throw new Error(`cold start: the first webhook was answered ${answer.status}: ${answer.body}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
    }
    await sleep(2);
  }
  throw new Error(`cold start: no 200 within 20 s: ${output.text.trim()}`);
}

/** One start on a fresh data folder (the first start of an install: creates the database and the secrets). */
async function once(index: number): Promise<number> {
  const dataDir = makeTempDir(`cold${index}`);
  // The type is muted so no real OS notification pops up on the machine running the benchmark.
  writeBenchConfig(dataDir, { mutedTypes: [TYPE] });
  const port = await freePort();
  const url = `http://${HOST}:${port}/hooks/${BENCH_TOKEN}`;
  const body = uniqueBody(TYPE, index, `cold-${index}`);
  const output = { text: '' };
  const started = performance.now();
  const child = spawnTracked(process.execPath, [CLI, '--data-dir', dataDir, '--port', String(port)], {
    env: benchEnv({ WIFIRE_DESK_TOKEN: BENCH_TOKEN }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => {
    output.text = (output.text + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await firstOk(child, url, body, output);
    return performance.now() - started;
  } finally {
    await stopChild(child);
    removeTempDir(dataDir);
  }
}

export async function benchColdStart(runs: number): Promise<ColdStartResult> {
  const timesMs: number[] = [];
  for (let i = 0; i < runs; i++) timesMs.push(await once(i));
  return { medianMs: median(timesMs), timesMs };
}
