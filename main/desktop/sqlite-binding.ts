// Which build of better-sqlite3's addon the desktop names for the store's worker (better-sqlite3's `nativeBinding`).
export interface SqliteBindingDeps {
  /** app.isPackaged */
  packaged: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * From source, the build `npm start`'s launcher fetched for Electron (WIFIRE_DESK_SQLITE_BINDING), if any. An
 * installed app names none, whatever its environment says: the store takes the addon unpacked beside its worker
 * (unpackedSqliteAddon in main/core/store/store-client.ts), the one electron-builder rebuilt for Electron.
 */
export function sqliteBinding(deps: SqliteBindingDeps): string | undefined {
  return deps.packaged ? undefined : deps.env.WIFIRE_DESK_SQLITE_BINDING || undefined;
}
