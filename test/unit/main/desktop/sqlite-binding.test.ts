// Which build of better-sqlite3's addon the store's worker is told to load: the installed app's own, unpacked where
// electron-builder.yml puts it, or `npm start`'s Electron build from source. test/e2e/installed-app.test.ts runs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sqliteBinding } from '../../../../main/desktop/sqlite-binding.js';

const resourcesPath = path.join(path.sep, 'opt', 'WiFire Desk', 'resources');
const asarUnpack = z
  .object({ asarUnpack: z.array(z.string()) })
  .parse(yaml.load(readFileSync(path.join(process.cwd(), 'electron-builder.yml'), 'utf8'))).asarUnpack;

describe('the addon the store’s worker loads', () => {
  it('is, in an installed app, the one electron-builder leaves outside the archive, whatever the environment says', () => {
    const binding = sqliteBinding({
      packaged: true,
      resourcesPath,
      env: { WIFIRE_DESK_SQLITE_BINDING: '/somewhere/else.node' },
    });
    expect(binding).toBe(
      path.join(resourcesPath, 'app.asar.unpacked', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    );
    const inArchive = path.relative(path.join(resourcesPath, 'app.asar.unpacked'), binding!).split(path.sep).join('/');
    expect(asarUnpack.some((pattern) => path.posix.matchesGlob(inArchive, pattern))).toBe(true);
  });

  it('is, from source, the Electron build npm start fetched, or better-sqlite3’s own choice without one', () => {
    const fromSource = { packaged: false, resourcesPath };
    expect(sqliteBinding({ ...fromSource, env: { WIFIRE_DESK_SQLITE_BINDING: '/cache/better_sqlite3.node' } })).toBe(
      '/cache/better_sqlite3.node',
    );
    expect(sqliteBinding({ ...fromSource, env: { WIFIRE_DESK_SQLITE_BINDING: '' } })).toBeUndefined();
    expect(sqliteBinding({ ...fromSource, env: {} })).toBeUndefined();
  });
});
