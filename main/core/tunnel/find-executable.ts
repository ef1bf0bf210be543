// Where a tunnel program is: the configured path, else PATH, else where its installers put it.
import fs from 'node:fs';
import path from 'node:path';

export interface LookupEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Apps started from the macOS Dock or at Windows login get a short PATH: also look where Homebrew, winget
 * and the Windows OpenSSH feature install.
 */
function usualDirs({ env, platform }: LookupEnvironment): string[] {
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin'];
  if (platform === 'win32') {
    const dirs = [
      env.LOCALAPPDATA && path.win32.join(env.LOCALAPPDATA, 'Microsoft', 'WinGet', 'Links'),
      env.ProgramFiles && path.win32.join(env.ProgramFiles, 'cloudflared'),
      env['ProgramFiles(x86)'] && path.win32.join(env['ProgramFiles(x86)'], 'cloudflared'),
      env.SystemRoot && path.win32.join(env.SystemRoot, 'System32', 'OpenSSH'),
    ];
    return dirs.filter((dir): dir is string => Boolean(dir));
  }
  return ['/usr/local/bin', '/usr/bin', '/snap/bin'];
}

/** The full path of `name`, or null; on Windows only .exe and .com, which run without a shell. */
export function findExecutable(name: string, lookup: LookupEnvironment): string | null {
  const { env, platform } = lookup;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  if (name.includes('/') || (platform === 'win32' && name.includes('\\'))) {
    return isExecutable(name, platform) ? name : null;
  }
  const separator = platform === 'win32' ? ';' : ':';
  const pathValue = env.PATH ?? env.Path ?? '';
  const dirs = [...pathValue.split(separator).filter(Boolean), ...usualDirs(lookup)];
  const names = platform === 'win32' && !/\.(exe|com)$/i.test(name) ? [`${name}.exe`, `${name}.com`] : [name];
  for (const dir of dirs) {
    for (const candidate of names) {
      const file = join(dir, candidate);
      if (isExecutable(file, platform)) return file;
    }
  }
  return null;
}
