// npm start from source: better-sqlite3 for Electron's ABI is fetched once into a cache, never over the Node build.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronSqliteBinding, electronSqliteCacheDir } from '../../../../main/launcher/electron-sqlite.js';
import { makeTempDir } from '../../../support/temp-service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder with better-sqlite3's package.json and a prebuild-install, as npm ci leaves them. */
function project(): string {
  const root = makeTempDir();
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'node_modules', 'better-sqlite3', 'package.json'),
    JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }),
  );
  fs.writeFileSync(
    path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    'node',
  );
  fs.mkdirSync(path.join(root, 'node_modules', 'prebuild-install'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'prebuild-install', 'bin.js'), '');
  return root;
}

describe("better-sqlite3 for Electron's ABI", () => {
  it('runs prebuild-install for the Electron version in its own cache folder, once', () => {
    const root = project();
    const runs: Array<{ args: string[]; cwd: string }> = [];
    const run = (_command: string, args: string[], cwd: string): number => {
      runs.push({ args, cwd });
      expect(JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'))).toMatchObject({ version: '12.11.1' });
      fs.mkdirSync(path.join(cwd, 'build', 'Release'), { recursive: true });
      fs.writeFileSync(path.join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'electron');
      return 0;
    };
    const deps = { projectRoot: root, electronVersion: '45.4.1', platform: 'linux' as const, arch: 'x64', run };
    const binding = electronSqliteBinding(deps);
    expect(binding).toBe(path.join(electronSqliteCacheDir(deps), 'build', 'Release', 'better_sqlite3.node'));
    expect(runs[0]!.args.slice(1)).toEqual(['--runtime=electron', '--target=45.4.1', '--platform=linux', '--arch=x64']);
    expect(electronSqliteBinding(deps)).toBe(binding);
    expect(runs).toHaveLength(1);
    // The Node build the tests and the headless shell use is untouched.
    expect(
      fs.readFileSync(
        path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
        'utf8',
      ),
    ).toBe('node');
  });

  it('says in one line why it cannot, when the download fails (offline)', () => {
    const root = project();
    expect(() => electronSqliteBinding({ projectRoot: root, electronVersion: '45.4.1', run: () => 1 })).toThrow(
      /^não foi possível baixar o better-sqlite3 para o Electron 45\.4\.1$/,
    );
  });
});
