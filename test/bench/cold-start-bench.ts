// Cold start of the real headless CLI, with the node flags `npm run headless` gives it: from spawning node to the
// first 200 for a valid webhook. Interleaved with its baseline: node starting the bare express app
// (express-baseline.js) to its first 200, timed the same way.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SERVICE_NODE_FLAGS } from '../../main/core/heap-tuning.js';
import { uniqueBody, writeBenchConfig } from './bench-payloads.js';
import {
  BENCH_TOKEN,
  DIST_ROOT,
  HOST,
  benchEnv,
  freePort,
  makeTempDir,
  postJson,
  removeTempDir,
  sleep,
  spawnTracked,
  stopChild,
  benchModule,
} from './harness.js';
import { interleave, spreadOf, type Spread } from './pairs.js';

export interface ColdStartResult {
  cli: Spread;
  express: Spread;
  /** CLI / express, per pair. */
  ratio: Spread;
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

/** Spawns `args` with node and times it to the first 200 for `body` at `url`. */
async function timeToFirstOk(args: string[], env: NodeJS.ProcessEnv, url: string, body: string): Promise<number> {
  const output = { text: '' };
  const started = performance.now();
  const child = spawnTracked(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  }
}

/** One start on a fresh data folder (the first start of an install: creates the database and the secrets). */
async function cliOnce(index: number): Promise<number> {
  const dataDir = makeTempDir(`cold${index}`);
  try {
    // The type is muted so no real OS notification pops up on the machine running the benchmark.
    writeBenchConfig(dataDir, { mutedTypes: [TYPE] });
    const port = await freePort();
    return await timeToFirstOk(
      [...SERVICE_NODE_FLAGS, CLI, '--data-dir', dataDir, '--port', String(port)],
      benchEnv({ WIFIRE_DESK_TOKEN: BENCH_TOKEN }),
      `http://${HOST}:${port}/hooks/${BENCH_TOKEN}`,
      uniqueBody(TYPE, index, `cold-${index}`),
    );
  } finally {
    removeTempDir(dataDir);
  }
}

async function expressOnce(index: number): Promise<number> {
  const port = await freePort();
  return timeToFirstOk(
    [benchModule('express-baseline.js'), '--port', String(port)],
    benchEnv(),
    `http://${HOST}:${port}/hooks/baseline`,
    uniqueBody(TYPE, index, `cold-base-${index}`),
  );
}

export async function benchColdStart(runs: number): Promise<ColdStartResult> {
  const pairs = await interleave(runs, expressOnce, cliOnce);
  return {
    cli: spreadOf(pairs.map((p) => p.subject)),
    express: spreadOf(pairs.map((p) => p.baseline)),
    ratio: spreadOf(pairs.map((p) => p.subject / p.baseline)),
  };
}
