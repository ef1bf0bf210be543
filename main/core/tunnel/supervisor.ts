// Keeps one tunnel program running: finds it, starts it, reads its address, restarts it with backoff, stops it.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logger.js';
import { findExecutable } from './find-executable.js';
import { lineSplitter } from './line-splitter.js';
import type { StaleChildFile } from './stale-child.js';
import type { TunnelReason } from './tunnel-messages.js';
import type { ChildPlan } from './tunnel-plan.js';
import type { TunnelProblem } from './url-capture.js';

export type SupervisorState =
  | { phase: 'starting' }
  /** The program is up and its public address is known. */
  | { phase: 'running'; url: string }
  | { phase: 'restarting'; reason: TunnelReason; failures: number; delayMs: number }
  | { phase: 'failed'; reason: TunnelReason }
  | { phase: 'stopped' };

export interface BackoffOptions {
  /** The first wait after an exit; each failure in a row doubles it. */
  initialMs: number;
  /** The cap on that wait (also how often a missing program is looked for again). */
  maxMs: number;
  /** Failures in a row after which the state reads `failed` (it still retries at the cap). */
  failAfter: number;
}

export interface SupervisorOptions {
  plan: ChildPlan;
  log: Logger;
  onChange: (state: SupervisorState) => void;
  /** The environment the child inherits (tests put stand-ins first on PATH). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  spawn?: typeof nodeSpawn;
  backoff?: Partial<BackoffOptions>;
  /** How long a program may take to report its address before it is restarted. */
  urlTimeoutMs?: number;
  /** A program with a fixed address and nothing to say counts as healthy after living this long. */
  stableMs?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /** Where the running child's pid is written down, so a crash of this app leaves no tunnel behind. */
  leftovers?: StaleChildFile;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000, failAfter: 6 };

/** The wait before start number `failures + 1`: 1 s, 2 s, 4 s… up to the cap. */
export function backoffDelay(failures: number, backoff: BackoffOptions): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
}

export class TunnelSupervisor {
  private child: ChildProcess | null = null;
  private current: SupervisorState = { phase: 'stopped' };
  private failures = 0;
  private timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get state(): SupervisorState {
    return this.current;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The address answered a probe: the failures in a row are over. */
  markHealthy(): void {
    this.failures = 0;
  }

  start(): void {
    this.stopping = false;
    this.launch();
  }

  /** Starts again at once, forgetting past failures (the panel's "Reiniciar túnel"). */
  async restartNow(): Promise<void> {
    await this.stop();
    this.failures = 0;
    this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGTERM');
        this.later(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 3000);
      });
    }
    this.clearTimers();
    this.child = null;
    this.set({ phase: 'stopped' });
  }

  private set(state: SupervisorState): void {
    this.current = state;
    this.options.onChange(state);
  }

  private later(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private launch(): void {
    const { plan, log } = this.options;
    const env = this.options.env ?? process.env;
    const platform = this.options.platform ?? process.platform;
    const file = findExecutable(plan.executable, { env, platform });
    if (!file) {
      log.warn('tunnel program not found', { program: plan.program });
      this.set({
        phase: 'failed',
        reason: { code: 'missing-binary', program: plan.program, configuredPath: plan.configuredPath },
      });
      // Installed while we wait? Look again at the cap, without counting it as a failure.
      this.later(() => this.launch(), this.backoff.maxMs);
      return;
    }

    if (this.options.leftovers?.stopLeftover()) log.warn('stopped a tunnel program left by an earlier run');
    this.set({ phase: 'starting' });
    // A variable set to undefined in the plan is removed from what the child inherits.
    const removed = new Set(Object.keys(plan.env).filter((key) => plan.env[key] === undefined));
    const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
      [...Object.entries(env), ...Object.entries(plan.env)].filter(
        ([key, value]) => value !== undefined && !removed.has(key),
      ),
    );
    let child: ChildProcess;
    try {
      child = (this.options.spawn ?? nodeSpawn)(file, plan.args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: childEnv,
        windowsHide: true,
        shell: false,
      });
    } catch (error) {
      this.exited({ code: 'spawn-failed', program: plan.program }, error);
      return;
    }
    this.child = child;
    if (child.pid !== undefined) this.options.leftovers?.remember(child.pid, file);
    log.info('tunnel started', { program: plan.program });

    let lastProblem: TunnelProblem | null = null;
    let timedOut = false;
    let url: string | null = null;
    const urlTimer =
      plan.fixedUrl && !plan.waitForReady
        ? null
        : this.later(() => {
            if (url || this.child !== child) return;
            timedOut = true;
            log.warn('tunnel reported no address in time', { program: plan.program });
            child.kill('SIGKILL');
          }, this.options.urlTimeoutMs ?? 45_000);

    const running = (found: string): void => {
      if (this.child !== child || found === url) return;
      url = found;
      if (urlTimer) clearTimeout(urlTimer);
      this.set({ phase: 'running', url: found });
    };

    if (plan.fixedUrl && !plan.waitForReady) {
      running(plan.fixedUrl);
      this.later(() => {
        if (this.child === child) this.markHealthy();
      }, this.options.stableMs ?? 10_000);
    }

    // Output lines are read, never logged: they may hold tokens, hostnames, the owner's user name.
    const onLine = (line: string): void => {
      const finding = plan.read(line);
      if (!finding) return;
      if (finding.kind === 'url') {
        this.markHealthy();
        running(finding.url);
      } else if (finding.kind === 'ready') {
        if (plan.fixedUrl) {
          this.markHealthy();
          running(plan.fixedUrl);
        }
      } else lastProblem = finding.problem;
    };
    child.stdout?.on('data', lineSplitter(onLine));
    child.stderr?.on('data', lineSplitter(onLine));

    let spawnError: NodeJS.ErrnoException | null = null;
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.once('close', (exitCode, signal) => {
      if (urlTimer) clearTimeout(urlTimer);
      this.options.leftovers?.clear();
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) return;
      const reason: TunnelReason = spawnError
        ? { code: 'spawn-failed', program: plan.program }
        : timedOut
          ? { code: 'no-url', program: plan.program, seconds: Math.ceil((this.options.urlTimeoutMs ?? 45_000) / 1000) }
          : { code: 'exited', program: plan.program, exitCode, signal, problem: lastProblem };
      this.exited(reason, spawnError);
    });
  }

  private exited(reason: TunnelReason, error?: unknown): void {
    const { plan, log } = this.options;
    this.failures += 1;
    const delayMs = backoffDelay(this.failures, this.backoff);
    log.warn('tunnel stopped', {
      program: plan.program,
      reason: reason.code,
      failures: this.failures,
      errno: (error as NodeJS.ErrnoException | undefined)?.code?.toLowerCase() ?? null,
      exitCode: reason.code === 'exited' ? reason.exitCode : null,
      signal: reason.code === 'exited' ? (reason.signal?.toLowerCase() ?? null) : null,
    });
    if (this.failures >= this.backoff.failAfter) {
      this.set({
        phase: 'failed',
        reason: { code: 'kept-failing', program: plan.program, failures: this.failures, last: reason },
      });
    } else {
      this.set({ phase: 'restarting', reason, failures: this.failures, delayMs });
    }
    this.later(() => {
      if (!this.stopping) this.launch();
    }, delayMs);
  }
}
