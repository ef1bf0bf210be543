// One service per data folder: a second one would start its own tunnel and the public URL pasted into WiFire would flip.
//
// The lock is the file `wifire-desk.lock` in the data folder, created with O_EXCL and removed when the service stops:
//   {"pid":1234,"port":4560,"host":"127.0.0.1","startedAt":"2025-01-31T12:00:00.000Z","procStart":"98765"}
// `port` and `host` are null until the service listens; `procStart` (Linux only) is the process's start time in clock
// ticks since boot, so a pid reused by another program does not pass for the service. Other programs (the simulator)
// read it with readRunningService(). A lock left by a killed process (kill -9, a power cut) is taken over.
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { dataDirError, dataPaths } from './data-dir.js';
import { StartupError } from '../startup-error.js';

const lockSchema = z.object({
  pid: z.number().int().min(1),
  port: z.number().int().min(0).max(65_535).nullable(),
  host: z.string().max(255).nullable(),
  startedAt: z.string().max(40),
  procStart: z.string().max(40).optional(),
});

export type DataDirLockInfo = z.infer<typeof lockSchema>;

export interface DataDirLock {
  /** Writes the listening address into the lock, for the simulator and for a second service's refusal. */
  listening(host: string, port: number): void;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/** How long a lock file may stay empty or unreadable before it counts as left by a crash mid-write. */
const HALF_WRITTEN_MS = 2000;
/** How long a holder just sent kill -9 may take to disappear before a new start is refused. */
const DYING_MS = 1000;
const POLL_MS = 50;

/** Linux's /proc/<pid>/stat: the state letter and the start time in clock ticks since boot. */
function procStat(pid: number): { state: string; start: string } | null {
  if (process.platform !== 'linux') return null;
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name, which may hold spaces and parentheses: field 3 is the state, field 22 the start time.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another OS user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote the lock still runs (not a zombie, not another program that got its pid). */
function holderAlive(info: DataDirLockInfo): boolean {
  if (!pidExists(info.pid)) return false;
  const stat = procStat(info.pid);
  if (stat) return stat.state !== 'Z' && (info.procStart === undefined || stat.start === info.procStart);
  // Without /proc: a lock written before this boot (a power cut) is stale even if its pid runs again now.
  const startedAt = Date.parse(info.startedAt);
  const bootedAt = Date.now() - os.uptime() * 1000;
  return Number.isFinite(startedAt) && startedAt >= bootedAt - 5000;
}

function parseLock(text: string): DataDirLockInfo | null {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The lock's content as written, or null when there is none or it cannot be read as a lock. */
export function readDataDirLock(dataDir: string): DataDirLockInfo | null {
  try {
    return parseLock(fs.readFileSync(dataPaths(dataDir).lock, 'utf8'));
  } catch {
    return null;
  }
}

/** The service running on this data folder (its pid, and its port and host once listening), or null when none is. */
export function readRunningService(dataDir: string): DataDirLockInfo | null {
  const info = readDataDirLock(dataDir);
  return info && holderAlive(info) ? info : null;
}

function busyMessage(root: string, holder: DataDirLockInfo): string {
  const where =
    holder.port === null ? `ainda iniciando, processo ${holder.pid}` : `porta ${holder.port}, processo ${holder.pid}`;
  const whereEn = holder.port === null ? 'still starting' : `on port ${holder.port}`;
  return (
    `Outro WiFire Desk já está usando a pasta de dados ${root} (${where}). ` +
    `Feche-o antes, ou indique outra pasta com --data-dir. / Another WiFire Desk is already using this data folder (${whereEn}).`
  );
}

const held = new Set<() => void>();
let exitHookInstalled = false;
function removeOnExit(release: () => void): void {
  held.add(release);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that exits without closing its service (process.exit, an uncaught error) still frees the folder.
  process.on('exit', () => {
    for (const releaseOne of [...held]) releaseOne();
  });
}

/** How long ago the file was last written; 0 when it is gone (released meanwhile: the next attempt sees it). */
function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Moves a stale lock out of the way. The move is atomic, and what was moved is checked to be the stale lock that was
 * read, so that two services taking over at the same moment cannot both win: the later one's move puts back the
 * earlier one's fresh lock.
 */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readText(aside);
  if (moved !== staleText) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third start made its own lock meanwhile: that one stands, and the next attempt reads it.
    }
  }
  fs.rmSync(aside, { force: true });
}

/** Takes the data folder for this process, or throws a StartupError naming the service that already has it. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const file = dataPaths(dataDir).lock;
  const stat = procStat(process.pid);
  const info: DataDirLockInfo = {
    pid: process.pid,
    port: null,
    host: null,
    startedAt: new Date().toISOString(),
    ...(stat ? { procStart: stat.start } : {}),
  };
  const started = Date.now();
  for (;;) {
    let fd: number | null = null;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw dataDirError(error, dataDir);
    }
    if (fd !== null) {
      try {
        fs.writeSync(fd, JSON.stringify(info));
      } catch (error) {
        // A full disk: no half-written lock is left to make the next start wait.
        fs.closeSync(fd);
        fs.rmSync(file, { force: true });
        throw dataDirError(error, dataDir);
      }
      fs.closeSync(fd);
      break;
    }
    let text: string | null;
    try {
      text = readText(file);
    } catch (error) {
      throw dataDirError(error, dataDir);
    }
    if (text === null) continue; // released meanwhile
    const holder = parseLock(text);
    const waited = Date.now() - started;
    if (holder && holderAlive(holder)) {
      if (waited < DYING_MS && holder.pid !== process.pid) {
        await sleep(POLL_MS);
        continue;
      }
      throw new StartupError(busyMessage(dataDir, holder));
    }
    if (!holder && waited < HALF_WRITTEN_MS && ageMs(file) < HALF_WRITTEN_MS) {
      // Another start may be between creating the file and writing it.
      await sleep(POLL_MS);
      continue;
    }
    try {
      removeStale(file, text);
    } catch (error) {
      throw dataDirError(error, dataDir);
    }
  }

  let current = info;
  const isOurs = (): boolean => {
    const onDisk = readDataDirLock(dataDir);
    return onDisk?.pid === info.pid && onDisk.startedAt === info.startedAt;
  };
  const release = (): void => {
    if (!held.delete(release)) return;
    try {
      if (isOurs()) fs.rmSync(file, { force: true });
    } catch {
      // A folder made read-only meanwhile: the next start finds this process gone and takes the lock over.
    }
  };
  removeOnExit(release);
  return {
    listening(host, port) {
      current = { ...current, host, port };
      const next = `${file}.${process.pid}.tmp`;
      try {
        if (!isOurs()) return;
        // Written aside and renamed over: a reader never sees half a lock.
        fs.writeFileSync(next, JSON.stringify(current), { mode: 0o600 });
        fs.renameSync(next, file);
      } catch {
        // Only the port is missing then: the lock still holds the folder, and the service runs on.
        try {
          fs.rmSync(next, { force: true });
        } catch {
          // The folder turned read-only: nothing was written aside either.
        }
      }
    },
    release,
  };
}
