// A tunnel program left running by a crash of this app would hold the server's port (or a second ngrok
// session): its pid is written down at start and, on the next start, it is stopped if it is still that program.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface ChildRecord {
  pid: number;
  /** The executable's full path, as started. */
  file: string;
}

function isRecord(value: unknown): value is ChildRecord {
  const v = value as Partial<ChildRecord> | null;
  return typeof v?.pid === 'number' && Number.isInteger(v.pid) && v.pid > 1 && typeof v.file === 'string';
}

/** The command line of a live process, where the OS tells it without extra rights (Linux, macOS). */
function commandOf(pid: number, platform: NodeJS.Platform): string | null {
  if (platform === 'linux') {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return null;
    }
  }
  if (platform === 'darwin') {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout : null;
  }
  // Windows reuses pids quickly and hides other processes' command lines: never guess there.
  return null;
}

export class StaleChildFile {
  constructor(
    private readonly file: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  static inDataDir(dataDir: string, platform?: NodeJS.Platform): StaleChildFile {
    return new StaleChildFile(path.join(dataDir, 'tunnel', 'child.json'), platform);
  }

  /** Stops the program a previous run left behind, only if that pid still runs that same executable. */
  stopLeftover(): boolean {
    let record: unknown;
    try {
      record = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return false;
    }
    this.clear();
    if (!isRecord(record)) return false;
    const command = commandOf(record.pid, this.platform);
    if (!command?.includes(record.file)) return false;
    try {
      process.kill(record.pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  }

  remember(pid: number, file: string): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(this.file, JSON.stringify({ pid, file } satisfies ChildRecord), { mode: 0o600 });
    } catch {
      // Only a safety net for a crash: a full disk must not keep the tunnel from starting.
    }
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}
