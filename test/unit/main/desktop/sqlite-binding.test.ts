// Which build of better-sqlite3's addon the store's worker is told to load: in an installed app the one unpacked
// beside the worker, where electron-builder.yml puts it (the store's choice), whatever the environment says; from
// source `npm start`'s Electron build (the desktop's choice). test/e2e/installed-app.test.ts runs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unpackedSqliteAddon } from '../../../../main/core/store/store-client.js';
import { sqliteBinding } from '../../../../main/desktop/sqlite-binding.js';

const resourcesPath = path.join(path.sep, 'opt', 'WiFire Desk', 'resources');
const asarUnpack = z
  .object({ asarUnpack: z.array(z.string()) })
  .parse(yaml.load(readFileSync(path.join(process.cwd(), 'electron-builder.yml'), 'utf8'))).asarUnpack;

describe('the addon the store’s worker loads', () => {
  it('is, in an installed app, the one electron-builder leaves outside the archive, whatever the environment says', () => {
    expect(sqliteBinding({ packaged: true, env: { WIFIRE_DESK_SQLITE_BINDING: '/somewhere/else.node' } })).toBe(
      undefined,
    );
    const worker = path.join(resourcesPath, 'app.asar.unpacked', 'dist/main/core/store/store-worker.cjs');
    const binding = unpackedSqliteAddon(worker);
    expect(binding).toBe(
      path.join(resourcesPath, 'app.asar.unpacked', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    );
    const inArchive = path.relative(path.join(resourcesPath, 'app.asar.unpacked'), binding!).split(path.sep).join('/');
    expect(asarUnpack.some((pattern) => path.posix.matchesGlob(inArchive, pattern))).toBe(true);
  });

  it('is, from source, the Electron build npm start fetched, or better-sqlite3’s own choice without one', () => {
    expect(unpackedSqliteAddon(path.resolve('dist/main/core/store/store-worker.cjs'))).toBeNull();
    expect(sqliteBinding({ packaged: false, env: { WIFIRE_DESK_SQLITE_BINDING: '/cache/better_sqlite3.node' } })).toBe(
      '/cache/better_sqlite3.node',
    );
    expect(sqliteBinding({ packaged: false, env: { WIFIRE_DESK_SQLITE_BINDING: '' } })).toBeUndefined();
    expect(sqliteBinding({ packaged: false, env: {} })).toBeUndefined();
  });
});
