// The data folder: --data-dir, WIFIRE_DESK_DATA_DIR, else the folder Electron's userData would use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../startup-error.js';

export const PRODUCT_NAME = 'WiFire Desk';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.WIFIRE_DESK_DATA_DIR) return path.resolve(env.WIFIRE_DESK_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export interface DataPaths {
  root: string;
  database: string;
  config: string;
  photos: string;
  logs: string;
  /** Held by the running service, see data-dir-lock.ts. */
  lock: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'wifire-desk.db'),
    config: path.join(root, 'config.json'),
    photos: path.join(root, 'photos'),
    logs: path.join(root, 'logs'),
    lock: path.join(root, 'wifire-desk.lock'),
  };
}

const NOT_A_FOLDER = new Set(['EEXIST', 'ENOTDIR']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * The data folder's system error (a file in its place, no permission, a read-only or full disk) as one line for a
 * person; any other error is returned as it is.
 */
export function dataDirError(error: unknown, root: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  if (NOT_A_FOLDER.has(code)) {
    return new StartupError(
      `A pasta de dados ${root} não é uma pasta (há um arquivo com esse nome, ou no caminho até ela). ` +
        `Indique outra com --data-dir ou WIFIRE_DESK_DATA_DIR. / The data folder is a file, not a folder.`,
    );
  }
  if (NOT_WRITABLE.has(code)) {
    return new StartupError(
      `Não é possível gravar na pasta de dados ${root} (disco somente leitura ou sem permissão). ` +
        `Libere a gravação ou indique outra com --data-dir. / The data folder is not writable (read-only or no permission).`,
    );
  }
  if (DISK_FULL.has(code)) {
    return new StartupError(
      `O disco da pasta de dados ${root} está cheio. Libere espaço e inicie de novo. / The data folder's disk is full.`,
    );
  }
  return error;
}

/** Creates the missing folders one by one, so that the first refusal tells its true cause. */
function makeFoldersStepwise(root: string): void {
  const missing: string[] = [];
  for (let dir = path.resolve(root); !fs.existsSync(dir) && dir !== path.dirname(dir); dir = path.dirname(dir)) {
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Creates the data folder (only this OS user may enter it: it holds customers) and checks it can be written. */
export function ensureDataDir(root: string): void {
  try {
    try {
      fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    } catch (error) {
      // Node 20's recursive mkdir says ENOENT for a read-only disk: ask again one folder at a time.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      makeFoldersStepwise(root);
    }
    // An existing folder that cannot be written fails here, before a log, a setting or a database is half-made.
    fs.accessSync(root, fs.constants.W_OK);
  } catch (error) {
    throw dataDirError(error, root);
  }
}
