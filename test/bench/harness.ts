// What every benchmark needs: child processes and temp folders that are always cleaned up, HTTP helpers, statistics.
import { fork, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../../main/core/heap-tuning.js';
import { memoryBreakdown } from './memory-breakdown.js';

export const HOST = '127.0.0.1';
/** A fixed, valid webhook secret for every service the benchmark starts (WIFIRE_DESK_TOKEN). */
export const BENCH_TOKEN = 'bench-token-0123456789abcdefghij';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Compiled siblings of this file (dist/test/bench/). */
export function benchModule(name: string): string {
  return path.join(here, name);
}
/** The compiled project root (dist/). */
export const DIST_ROOT = path.resolve(here, '../..');

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: every child and temp folder is registered here and removed on success, error or signal.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const stoppers = new Set<() => void>();

/** Registers something to stop first on cleanup (a running load generator); returns its unregistration. */
export function onCleanup(stop: () => void): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wifire-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Asks a child to stop (SIGTERM), then forces it (SIGKILL) after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (alive(child)) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export async function cleanupAll(): Promise<void> {
  for (const stop of [...stoppers]) stop();
  stoppers.clear();
  await Promise.all([...children].map((child) => stopChild(child)));
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** Last resort when the process exits without going through cleanupAll (synchronous only). */
function cleanupSync(): void {
  for (const child of children) if (alive(child)) child.kill('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', cleanupSync);

// ---------------------------------------------------------------------------------------------------------------
// Children with an IPC channel: the bench modules under test/bench/ that serve a measured server.

export type ChildMessage =
  | { type: 'ready'; port: number; url: string; panelUrl?: string }
  | { type: 'reply'; id: number; value?: unknown; error?: string };

function isChildMessage(value: unknown): value is ChildMessage {
  if (!value || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'reply';
}

export interface ChildRequest {
  id: number;
  cmd: string;
  arg?: unknown;
}

export class BenchChild {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: Extract<ChildMessage, { type: 'reply' }>) => void>();

  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
    readonly url: string,
    /** The Panel URL with its token, for children that serve the panel (the service). */
    readonly panelUrl: string,
    private readonly log: { stderr: string },
  ) {}

  /**
   * Forks a compiled bench module and waits for its `ready` message. Every child gets --expose-gc, so a memory
   * breakdown can also be read after a full collection; nothing calls gc() otherwise. The service's child also gets
   * the node flags `npm start` and `npm run headless` give the service (SERVICE_NODE_FLAGS). WD_BENCH_NODE_ARGS adds
   * node flags to every child (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a figure's time goes).
   */
  static async start(moduleName: string, args: string[], timeoutMs = 20_000): Promise<BenchChild> {
    const child = track(
      fork(benchModule(moduleName), args, {
        execArgv: [
          '--expose-gc',
          ...(moduleName === 'service-server.js' ? SERVICE_NODE_FLAGS : []),
          ...childNodeArgs(),
        ],
        stdio: ['ignore', childStdout(), 'pipe', 'ipc'],
        env: benchEnv(),
      }),
    );
    const log = { stderr: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      log.stderr = (log.stderr + chunk.toString()).slice(-4000);
    });
    const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${moduleName} did not start in ${timeoutMs} ms`)), timeoutMs);
      child.on('message', (message: unknown) => {
        if (isChildMessage(message) && message.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${moduleName} exited before it was ready (${signal ?? code}): ${log.stderr.trim()}`));
      });
    });
    const bench = new BenchChild(child, ready.port, ready.url, ready.panelUrl ?? '', log);
    child.on('message', (message: unknown) => {
      if (isChildMessage(message) && message.type === 'reply') {
        bench.waiting.get(message.id)?.(message);
        bench.waiting.delete(message.id);
      }
    });
    return bench;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Asks the child a question over IPC; the answer's shape is the command's (see answerQuestions). */
  ask<T = unknown>(cmd: string, arg?: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`child did not answer "${cmd}" in ${timeoutMs} ms: ${this.log.stderr.trim()}`));
      }, timeoutMs);
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        if (message.error !== undefined) reject(new Error(`child failed "${cmd}": ${message.error}`));
        else resolve(message.value as T);
      });
      const request: ChildRequest = arg === undefined ? { id, cmd } : { id, cmd, arg };
      this.process.send(request);
    });
  }

  stop(): Promise<void> {
    return stopChild(this.process);
  }
}

/** Extra node flags for the bench's children, from WD_BENCH_NODE_ARGS (space-separated): profiling, tracing. */
export function childNodeArgs(): string[] {
  return (process.env.WD_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/**
 * Where a child's standard output goes: nowhere, unless WD_BENCH_NODE_ARGS asked for flags, whose traces (--trace-gc,
 * --trace-deopt…) print there: then to our standard error, so the table and the JSON line on our output stay clean.
 */
function childStdout(): 'ignore' | number {
  return childNodeArgs().length > 0 ? 2 : 'ignore';
}

/** The environment for children: ours, without anything that would redirect the service elsewhere. */
export function benchEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.WIFIRE_DESK_DATA_DIR;
  delete env.WIFIRE_DESK_PORT;
  delete env.NODE_OPTIONS;
  return env;
}

/** Spawns a plain process (the real CLI), tracked for cleanup. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return track(spawn(command, args, options));
}

/**
 * Runs a compiled bench module in a child until it sends one message, which is returned (long CPU-bound work such
 * as filling a store, so this process stays responsive to signals and cleans up in time).
 */
export async function runInChild(moduleName: string, args: string[], timeoutMs: number): Promise<unknown> {
  const child = track(
    fork(benchModule(moduleName), args, { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: benchEnv() }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${moduleName} took over ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (message: unknown) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${moduleName} exited without an answer (${signal ?? code}): ${stderr.trim()}`));
      });
    });
  } finally {
    await stopChild(child);
  }
}

/** Called inside a child: exit as soon as the parent goes away, so nothing outlives the benchmark. */
export function exitWithParent(onExit: () => Promise<void>): void {
  let exiting = false;
  const exit = (): void => {
    if (exiting) return;
    exiting = true;
    onExit().finally(() => process.exit(0));
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
}

/** CPU time so far, in µs, of the main thread and of all the process's other threads (Linux's /proc; 10 ms ticks). */
export interface ThreadCpu {
  mainUs: number;
  otherUs: number;
}

/** Null where there is no /proc (macOS, Windows): the figure is then not given, rather than the bench failing. */
export function threadCpu(): ThreadCpu | null {
  const tickUs = 10_000; // USER_HZ is 100 on Linux
  const taskDir = `/proc/${process.pid}/task`;
  if (!fs.existsSync(taskDir)) return null;
  let mainUs = 0;
  let otherUs = 0;
  for (const tid of fs.readdirSync(taskDir)) {
    let stat: string;
    try {
      stat = fs.readFileSync(`${taskDir}/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * tickUs;
    if (Number(tid) === process.pid) mainUs = us;
    else otherUs += us;
  }
  return { mainUs, otherUs };
}

/** The event loop monitor's sampling interval: Node's default, as process monitors use it. */
export const LOOP_RESOLUTION_MS = 10;

export interface LoopDelay {
  /** Percentiles of the delay between the monitor's timer ticks, in ms (an idle loop reads about the resolution). */
  p50Ms: number;
  p99Ms: number;
  /** The longest tick: one stall shows here once, whatever its length. */
  maxMs: number;
  meanMs: number;
  ticks: number;
}

/**
 * Called inside a child: answers the parent's questions over IPC. Built in: `rss` (bytes), `cpu` (user + system
 * microseconds so far), `memory` (a MemoryBreakdown), `loop-start` / `loop-stop` (the main thread's event loop
 * delay between the two, a LoopDelay). Anything else goes to `answer`, which may return a promise.
 */
export function answerQuestions(answer: (request: ChildRequest) => unknown): void {
  let loop: IntervalHistogram | null = null;
  const builtIn = (request: ChildRequest): unknown => {
    switch (request.cmd) {
      case 'rss':
        return process.memoryUsage.rss();
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        return user + system;
      }
      case 'memory':
        return memoryBreakdown(request.arg === 'after-gc');
      case 'thread-cpu':
        return threadCpu();
      case 'loop-start':
        loop?.disable();
        loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
        loop.enable();
        return true;
      case 'loop-stop': {
        if (!loop) throw new Error('loop-stop without loop-start');
        loop.disable();
        const ms = (ns: number): number => ns / 1e6;
        const delay: LoopDelay = {
          p50Ms: ms(loop.percentile(50)),
          p99Ms: ms(loop.percentile(99)),
          maxMs: ms(loop.max),
          meanMs: ms(loop.mean),
          ticks: loop.count,
        };
        loop = null;
        return delay;
      }
      default:
        return answer(request);
    }
  };
  process.on('message', (request: ChildRequest) => {
    const reply = (fields: { value?: unknown; error?: string }): void => {
      const message: ChildMessage = { type: 'reply', id: request.id, ...fields };
      process.send!(message);
    };
    Promise.resolve()
      .then(() => builtIn(request))
      .then(
        (value) => reply({ value }),
        (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP and ports.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** POSTs JSON over loopback; resolves with the status and body, rejects on a connection error. */
export function postJson(url: string, body: string, agent?: http.Agent): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: agent ?? false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics.

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
