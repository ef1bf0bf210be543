// Whether this machine can judge the figures: its cores, its load, how long an fsync takes on the disk the data
// folders live on, and how much CPU others (other processes, the hypervisor) took while the benchmark ran.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTempDir, percentile, removeTempDir, round, sleep } from './harness.js';

/** Beyond these the figures say more about the machine than about the code. */
export const FIT_LIMITS = {
  minCores: 2,
  /** CPU used by other processes, in % of the whole machine, in the second before and over the run. */
  othersPct: 15,
  /** CPU time the hypervisor gave to other guests (steal), in % of the machine over the run. */
  stealPct: 10,
  /** The median fsync of 4 KiB: an answered webhook waits for one (notify_p99_ms ≤ 5 ms leaves room for two). */
  fsyncMs: 2.5,
} as const;

export interface MachineReport {
  cores: number;
  /** os.loadavg() (1, 5, 15 min): reported, not judged: it lags by a minute and counts a benchmark run just ended. */
  loadBefore: number[];
  loadAfter: number[];
  /** Median and p99 of a 4 KiB write + fsync in the folder the data folders are made in. */
  fsyncMs: number;
  fsyncP99Ms: number;
  fsyncDir: string;
  /** CPU used by processes other than the benchmark's, in % of the machine: in one quiet second before, and over the run. */
  othersBeforePct: number | null;
  othersDuringPct: number | null;
  /** Kernel threads over the run (not judged: on a quiet machine they mostly write out the benchmark's own fsyncs). */
  kernelThreadsPct: number | null;
  stealPct: number | null;
  fit: boolean;
  why: string[];
}

interface CpuTicks {
  /** user + nice + system, all CPUs: time spent for processes (interrupts, our loopback traffic included, are not). */
  busy: number;
  steal: number;
  total: number;
}

function machineTicks(): CpuTicks | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = user! + nice! + system!;
    return { busy, steal: steal!, total: busy + irq! + softirq! + idle! + iowait! + steal! };
  } catch {
    return null;
  }
}

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: its children that have ended and were waited for. */
  reaped: number;
  /** Start time, so a reused pid is not taken for the same process. */
  start: string;
}

function procStat(pid: string): ProcStat | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields from the state (3rd, proc(5)) on: ppid is the 4th, utime…cstime the 14th–17th, starttime the 22nd.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      reaped: Number(f[13]) + Number(f[14]),
      start: f[19]!,
    };
  } catch {
    return null;
  }
}

/**
 * The CPU of this process and everything it started, in clock ticks. Children that ended and were waited for show
 * in our cutime, but not what a child's children did when they outlived it (Chromium's renderers are not waited for
 * by the browser process), so every descendant is looked at once a second (five times while there are grandchildren:
 * renderers live for a page load) and its last CPU kept. Our cutime then adds what those looks missed: the direct
 * children's last moments, and children too short-lived to be seen. A look costs about a millisecond.
 */
interface TreeTicks {
  /** This process and its descendants. */
  own: number;
  /** Kernel threads (kworkers, the journal): mostly our own fsyncs' writing, on a machine nobody else uses. */
  kernel: number;
}

class OwnTree {
  private readonly seen = new Map<string, { own: number; reaped: number; direct: boolean }>();
  private readonly kernelThreads = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor() {
    this.schedule(this.poll());
  }

  private schedule(grandchildren: boolean): void {
    this.timer = setTimeout(() => this.schedule(this.poll()), grandchildren ? 200 : 1000);
    this.timer.unref();
  }

  /** Notes every descendant's CPU; says whether any of them is a grandchild. */
  private poll(): boolean {
    let pids: string[];
    try {
      pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return false;
    }
    const children = new Map<number, Array<{ pid: number; stat: ProcStat }>>();
    for (const pid of pids) {
      const stat = procStat(pid);
      if (!stat) continue;
      const list = children.get(stat.ppid) ?? [];
      list.push({ pid: Number(pid), stat });
      children.set(stat.ppid, list);
    }
    let grandchildren = false;
    const queue = [process.pid];
    while (queue.length > 0) {
      const parent = queue.pop()!;
      const direct = parent === process.pid;
      for (const { pid, stat } of children.get(parent) ?? []) {
        this.seen.set(`${pid}:${stat.start}`, { own: stat.own, reaped: stat.reaped, direct });
        grandchildren ||= !direct;
        queue.push(pid);
      }
    }
    // kthreadd (pid 2) and its children.
    for (const { pid, stat } of children.get(2) ?? []) this.kernelThreads.set(`${pid}:${stat.start}`, stat.own);
    return grandchildren;
  }

  ticks(): TreeTicks | null {
    this.poll();
    const self = procStat('self');
    if (!self) return null;
    let descendants = 0;
    let directSeen = 0;
    for (const { own, reaped, direct } of this.seen.values()) {
      descendants += own;
      if (direct) directSeen += own + reaped;
    }
    let kernel = 0;
    for (const own of this.kernelThreads.values()) kernel += own;
    return { own: self.own + descendants + Math.max(0, self.reaped - directSeen), kernel };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

function othersPct(from: CpuTicks | null, to: CpuTicks | null, ownFrom: TreeTicks | null, ownTo: TreeTicks | null) {
  if (!from || !to || ownFrom === null || ownTo === null) return { others: null, steal: null, kernel: null };
  const total = to.total - from.total;
  if (total <= 0) return { others: null, steal: null, kernel: null };
  const kernel = ownTo.kernel - ownFrom.kernel;
  const others = Math.max(0, to.busy - from.busy - (ownTo.own - ownFrom.own) - kernel);
  const pct = (ticks: number): number => round((ticks / total) * 100);
  return { others: pct(others), steal: pct(to.steal - from.steal), kernel: pct(kernel) };
}

/** 4 KiB written and fsynced, over and over, in a fresh folder beside the data folders. */
function fsyncProbe(samples = 40, budgetMs = 2000): { median: number; p99: number; dir: string } {
  const dir = makeTempDir('fsync');
  const times: number[] = [];
  try {
    const fd = fs.openSync(path.join(dir, 'probe'), 'w');
    const block = Buffer.alloc(4096, 0x5a);
    const started = performance.now();
    try {
      for (let i = 0; i < samples && performance.now() - started < budgetMs; i++) {
        const t0 = performance.now();
        fs.writeSync(fd, block, 0, block.length, (i % 16) * block.length);
        fs.fsyncSync(fd);
        times.push(performance.now() - t0);
      }
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    removeTempDir(dir);
  }
  return { median: percentile(times, 50), p99: percentile(times, 99), dir: path.dirname(dir) };
}

export interface MachineWatch {
  /** Call once every child has ended, so their CPU counts as the benchmark's own. */
  finish(extraWhy?: readonly string[]): MachineReport;
}

/** Looks at the machine for a quiet second, probes fsync, and starts counting who else uses the CPU. */
export async function watchMachine(): Promise<MachineWatch> {
  const cores = os.availableParallelism();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const ownTree = new OwnTree();
  const quietFrom = machineTicks();
  const ownQuietFrom = ownTree.ticks();
  await sleep(1000);
  const before = othersPct(quietFrom, machineTicks(), ownQuietFrom, ownTree.ticks());
  const fsync = fsyncProbe();
  const runFrom = machineTicks();
  const ownRunFrom = ownTree.ticks();

  return {
    finish(extraWhy = []) {
      const during = othersPct(runFrom, machineTicks(), ownRunFrom, ownTree.ticks());
      ownTree.stop();
      const why: string[] = [];
      if (cores < FIT_LIMITS.minCores) why.push(`${cores} core(s): the load generator and the server share one`);
      if (before.others !== null && before.others > FIT_LIMITS.othersPct) {
        why.push(`other processes used ${before.others}% of the CPU before the run (limit ${FIT_LIMITS.othersPct}%)`);
      }
      if (during.others !== null && during.others > FIT_LIMITS.othersPct) {
        why.push(`other processes used ${during.others}% of the CPU during the run (limit ${FIT_LIMITS.othersPct}%)`);
      }
      if (during.steal !== null && during.steal > FIT_LIMITS.stealPct) {
        why.push(`the hypervisor took ${during.steal}% of the CPU time (steal; limit ${FIT_LIMITS.stealPct}%)`);
      }
      if (fsync.median > FIT_LIMITS.fsyncMs) {
        why.push(
          `an fsync takes ${round(fsync.median, 2)} ms on ${fsync.dir} (limit ${FIT_LIMITS.fsyncMs} ms): ` +
            'figures that wait for a commit measure the disk',
        );
      }
      why.push(...extraWhy);
      return {
        cores,
        loadBefore,
        loadAfter: os.loadavg().map((l) => round(l, 2)),
        fsyncMs: round(fsync.median, 3),
        fsyncP99Ms: round(fsync.p99, 3),
        fsyncDir: fsync.dir,
        othersBeforePct: before.others,
        othersDuringPct: during.others,
        kernelThreadsPct: during.kernel,
        stealPct: during.steal,
        fit: why.length === 0,
        why,
      };
    },
  };
}
