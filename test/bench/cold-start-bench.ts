// Cold start of the real headless CLI, with the node flags `npm run headless` gives it: from spawning node to the
// first 200 for a valid webhook. Interleaved with its baseline: node starting the bare express app
// (express-baseline.js) to its first 200, timed the same way. Beside them, the desktop's main process: the built
// dist/main/desktop/main.js on the tests' fake `electron` (test/fixtures/fake-electron), whose app is ready at once,
// timed the same way: what loading the desktop's code and starting its core cost, without Electron's own start.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  /** The desktop entry on the fake electron, started right after the CLI in each pair. */
  desktop: Spread;
}

const CLI = path.join(DIST_ROOT, 'main/headless/cli.js');
const DESKTOP = path.join(DIST_ROOT, 'main/desktop/main.js');
/** The fake `electron` (the desktop entry's tests run on it), found from dist/test/bench. */
const FAKE_ELECTRON = path.resolve(DIST_ROOT, '..', 'test', 'fixtures', 'fake-electron', 'register.mjs');
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

/**
 * Spawns `args` with node and times it to the first 200 for `body` at `url`. The fake electron quits when its
 * stdin closes (so that it never outlives its test): it gets an open one.
 */
async function timeToFirstOk(
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  body: string,
  stdin: 'ignore' | 'pipe' = 'ignore',
): Promise<number> {
  const output = { text: '' };
  const started = performance.now();
  const child = spawnTracked(process.execPath, args, { env, stdio: [stdin, 'pipe', 'pipe'] });
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

/** The desktop's first start on a fresh data folder and HOME, its secret from the environment as the CLI's. */
async function desktopOnce(index: number): Promise<number> {
  const root = makeTempDir(`colddesk${index}`);
  try {
    const dataDir = path.join(root, 'data');
    const home = path.join(root, 'home');
    writeBenchConfig(dataDir, { mutedTypes: [TYPE] });
    const port = await freePort();
    return await timeToFirstOk(
      ['--import', pathToFileURL(FAKE_ELECTRON).href, DESKTOP],
      // The desktop takes its data folder and port from the environment only (benchEnv drops the runner's).
      {
        ...benchEnv({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), WIFIRE_DESK_TOKEN: BENCH_TOKEN }),
        WIFIRE_DESK_DATA_DIR: dataDir,
        WIFIRE_DESK_PORT: String(port),
      },
      `http://${HOST}:${port}/hooks/${BENCH_TOKEN}`,
      uniqueBody(TYPE, index, `cold-desktop-${index}`),
      'pipe',
    );
  } finally {
    removeTempDir(root);
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
  const desktop: number[] = [];
  const pairs = await interleave(runs, expressOnce, async (index) => {
    const cli = await cliOnce(index);
    desktop.push(await desktopOnce(index));
    return cli;
  });
  return {
    cli: spreadOf(pairs.map((p) => p.subject)),
    express: spreadOf(pairs.map((p) => p.baseline)),
    ratio: spreadOf(pairs.map((p) => p.subject / p.baseline)),
    desktop: spreadOf(desktop),
  };
}
