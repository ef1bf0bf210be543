// Where the desktop installers put their own copy of nats-server: `npm run dist` fetches the release for each
// target (scripts/fetch-nats-server.mjs, checksum verified) and electron-builder ships it as an extra resource.
import path from 'node:path';

/** The folder inside the installed app's resources that holds nats-server (nats-server.exe on Windows). */
export const BUNDLED_NATS_FOLDER = 'nats-server';

/** Where a hub looks for nats-server last, after the configured path, PATH and the usual install folders. */
export function bundledNatsDirs(resourcesPath: string, packaged: boolean): string[] {
  // From source there are no resources of ours: the owner's own nats-server (PATH) is the only one.
  return packaged ? [path.join(resourcesPath, BUNDLED_NATS_FOLDER)] : [];
}
