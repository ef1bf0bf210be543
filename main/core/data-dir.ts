// The data folder: --data-dir, WIFIRE_DESK_DATA_DIR, else the folder Electron's userData would use.
import os from 'node:os';
import path from 'node:path';

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
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'wifire-desk.db'),
    config: path.join(root, 'config.json'),
    photos: path.join(root, 'photos'),
    logs: path.join(root, 'logs'),
  };
}
