// Which build of better-sqlite3's addon the store's worker loads, by path (better-sqlite3's `nativeBinding`).
import path from 'node:path';

export interface SqliteBindingDeps {
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath: the folder holding app.asar and app.asar.unpacked in an installed app. */
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
}

/**
 * In an installed app, the addon electron-builder rebuilt for Electron, unpacked beside app.asar (asarUnpack in
 * electron-builder.yml). The worker runs from app.asar.unpacked (a worker thread cannot start inside the archive)
 * and loads better-sqlite3 from there; left to itself, better-sqlite3 finds its addon through the `bindings`
 * package, which stays inside the archive where the worker cannot reach it ("Cannot find module 'bindings'").
 * From source, `npm start`'s launcher names the build it fetched for Electron (WIFIRE_DESK_SQLITE_BINDING);
 * without one, better-sqlite3 finds its own.
 */
export function sqliteBinding(deps: SqliteBindingDeps): string | undefined {
  if (deps.packaged) {
    return path.join(
      deps.resourcesPath,
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
  }
  return deps.env.WIFIRE_DESK_SQLITE_BINDING || undefined;
}
