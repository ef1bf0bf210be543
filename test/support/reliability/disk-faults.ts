// Real disk faults for a running service, as root: a tiny tmpfs that fills up, files the kernel refuses to write.
// Every helper throws with the reason when the machine does not allow it: a fault test must fail, never skip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `${command} ${args.join(' ')} failed (${stderr || String(error)}). The fault tests need root with ` +
        'CAP_SYS_ADMIN (mount) and CAP_LINUX_IMMUTABLE (chattr) on an ext4-like file system, as .ci/run has.',
    );
  }
}

/** A tmpfs of `bytes` mounted on `dir` (an empty folder): ENOSPC for real once it is full. */
export function mountSmallDisk(dir: string, bytes: number): void {
  run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Still busy (a test failed with the service open): detach it so the folder can go.
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

export function freeBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/**
 * Makes files and folders unwritable with the immutable attribute, which binds root too and, unlike a read-only
 * remount (refused with EBUSY while the database is open for writing), also applies to descriptors already open.
 */
export function setImmutable(paths: readonly string[], on: boolean): void {
  if (paths.length > 0) run('chattr', [on ? '+i' : '-i', ...paths]);
}

/** Throws unless writing to `file` is refused: proof that the fault is really in place. */
export function assertUnwritable(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (error) {
    if (['EPERM', 'EACCES', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  throw new Error(`${file} is still writable: the read-only fault is not in place`);
}
