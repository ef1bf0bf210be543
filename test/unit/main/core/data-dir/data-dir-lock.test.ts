// The data folder's lock as other programs read it (the simulator finds the running service's port there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  readDataDirLock,
  readRunningService,
} from '../../../../../main/core/data-dir/data-dir-lock.js';
import { StartupError } from '../../../../../main/core/startup-error.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir('wifire-desk-lock-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has ended and been reaped. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(ended.stdout.trim());
}

describe('the data folder lock', () => {
  it('tells the running service’s port once it listens, and nothing once it is released', async () => {
    const dir = tempDir();
    expect(readRunningService(dir)).toBeNull();
    const lock = await acquireDataDirLock(dir);
    expect(readRunningService(dir)).toMatchObject({ pid: process.pid, port: null, host: null });
    lock.listening('127.0.0.1', 4561);
    expect(readRunningService(dir)).toMatchObject({ pid: process.pid, port: 4561, host: '127.0.0.1' });
    expect(Date.parse(readRunningService(dir)!.startedAt)).toBeLessThanOrEqual(Date.now());

    await expect(acquireDataDirLock(dir)).rejects.toThrow(StartupError);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(/porta 4561.* \/ .*on port 4561\)\.$/);

    lock.release();
    expect(fs.existsSync(path.join(dir, 'wifire-desk.lock'))).toBe(false);
    expect(readRunningService(dir)).toBeNull();
    (await acquireDataDirLock(dir)).release();
  });

  it('reads a lock whose process has ended as no running service, and a malformed one as no lock', () => {
    const dir = tempDir();
    const file = path.join(dir, 'wifire-desk.lock');
    const stale = { pid: deadPid(), port: 4560, host: '127.0.0.1', startedAt: new Date().toISOString() };
    fs.writeFileSync(file, JSON.stringify(stale));
    expect(readDataDirLock(dir)).toEqual(stale);
    expect(readRunningService(dir)).toBeNull();

    for (const malformed of ['', '{"pid":0,"port":4560}', '{"pid":"1","port":null,"host":null,"startedAt":"x"}']) {
      fs.writeFileSync(file, malformed);
      expect(readDataDirLock(dir)).toBeNull();
    }
  });

  it('does not remove a lock another process took over meanwhile', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir);
    const file = path.join(dir, 'wifire-desk.lock');
    const other = { pid: 1, port: 4562, host: '127.0.0.1', startedAt: new Date().toISOString() };
    fs.writeFileSync(file, JSON.stringify(other));
    lock.listening('127.0.0.1', 4560);
    lock.release();
    expect(readDataDirLock(dir)).toEqual(other);
  });
});
