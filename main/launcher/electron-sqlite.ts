// `npm start` from source: better-sqlite3 in node_modules is built for Node (tests, headless); Electron needs its own
// build. Fetched once per Electron version into a cache folder beside it, and handed to the app by path.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ElectronSqliteDeps {
  projectRoot: string;
  electronVersion: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Runs prebuild-install (a dependency of better-sqlite3) in a folder; returns its exit status. */
  run?: (command: string, args: string[], cwd: string) => number | null;
}

export function electronSqliteCacheDir(
  deps: Pick<ElectronSqliteDeps, 'projectRoot' | 'electronVersion' | 'platform' | 'arch'>,
): string {
  const target = `electron-${deps.electronVersion}-${deps.platform ?? process.platform}-${deps.arch ?? process.arch}`;
  return path.join(deps.projectRoot, 'node_modules', '.cache', 'wifire-desk', 'better-sqlite3', target);
}

const defaultRun = (command: string, args: string[], cwd: string): number | null =>
  spawnSync(command, args, { cwd, stdio: 'ignore', timeout: 5 * 60 * 1000 }).status;

/**
 * The path of better-sqlite3's addon for this Electron, downloading the project's own prebuilt binary the first
 * time (from its GitHub releases, as `npm install` does for Node). Throws with a one-line reason when it cannot.
 */
export function electronSqliteBinding(deps: ElectronSqliteDeps): string {
  const dir = electronSqliteCacheDir(deps);
  const binding = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  const sqliteDir = path.join(deps.projectRoot, 'node_modules', 'better-sqlite3');
  const installer = path.join(deps.projectRoot, 'node_modules', 'prebuild-install', 'bin.js');
  if (!fs.existsSync(installer)) throw new Error('prebuild-install não encontrado em node_modules (rode npm ci)');
  fs.mkdirSync(dir, { recursive: true });
  // prebuild-install reads the package's name, version and repository from the folder it runs in.
  fs.copyFileSync(path.join(sqliteDir, 'package.json'), path.join(dir, 'package.json'));
  const status = (deps.run ?? defaultRun)(
    process.execPath,
    [
      installer,
      '--runtime=electron',
      `--target=${deps.electronVersion}`,
      `--platform=${deps.platform ?? process.platform}`,
      `--arch=${deps.arch ?? process.arch}`,
    ],
    dir,
  );
  if (status !== 0 || !fs.existsSync(binding)) {
    throw new Error(`não foi possível baixar o better-sqlite3 para o Electron ${deps.electronVersion}`);
  }
  return binding;
}
