// The desktop app as the installer lays it out, built here by electron-builder itself (`--linux dir`, our
// electron-builder.yml) around a stand-in for Electron's binaries, which cannot be downloaded here. What the
// installers of every platform put in app.asar and app.asar.unpacked is the same file set.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import asar from '@electron/asar';
import { ROOT } from './fake-electron-app.js';

export interface InstalledApp {
  /** The folder of everything below; removed by `remove`. */
  readonly dir: string;
  /**
   * The resources folder as the app sees it at run time: `app.asar` is a folder holding the archive's files
   * (Electron shows the archive to the app as one), `app.asar.unpacked` what electron-builder left outside it.
   */
  readonly resources: string;
  /** Every file electron-builder put in the archive, unpacked ones included, as paths relative to it. */
  readonly archived: readonly string[];
  /** The files left outside the archive, relative to app.asar.unpacked. */
  readonly unpacked: readonly string[];
  remove(): void;
}

const require = createRequire(import.meta.url);

/** Electron's unpacked distribution as electron-builder copies it: a program and its locales, nothing real. */
function standInElectron(dir: string): string {
  const dist = path.join(dir, 'electron-dist');
  fs.mkdirSync(path.join(dist, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(dist, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\necho "a stand-in for Electron" >&2\nexit 1\n', {
    mode: 0o755,
  });
  for (const locale of ['en-US', 'pt-BR', 'de']) fs.writeFileSync(path.join(dist, 'locales', `${locale}.pak`), '');
  return dist;
}

function runElectronBuilder(args: string[], timeoutMs: number): Promise<void> {
  const cli = require.resolve('electron-builder/cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`electron-builder ended with ${code ?? signal}:\n${output}`));
    });
  });
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** Packs the built app (`npm run build` first) for Linux into a folder, as `npm run dist` would without Electron. */
export async function packInstalledApp(timeoutMs = 120_000): Promise<InstalledApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-installed-'));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const out = path.join(dir, 'out');
    await runElectronBuilder(
      [
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${standInElectron(dir)}`,
        // Rebuilding better-sqlite3 for Electron's ABI needs Electron's headers from the network; the app here runs
        // in Node, for which node_modules' build is the right one.
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
      ],
      timeoutMs,
    );
    const built = path.join(out, 'linux-unpacked', 'resources');
    const archive = path.join(built, 'app.asar');
    const archived = asar
      .listPackage(archive, { isPack: false })
      .map((entry) =>
        entry
          .replace(/^[\\/]/, '')
          .split(path.sep)
          .join('/'),
      )
      // Files only: folders and links have no size.
      .filter((entry) => 'size' in asar.statFile(archive, entry, false))
      .sort();
    const resources = path.join(dir, 'resources');
    fs.mkdirSync(resources);
    asar.extractAll(archive, path.join(resources, 'app.asar'));
    fs.renameSync(path.join(built, 'app.asar.unpacked'), path.join(resources, 'app.asar.unpacked'));
    return { dir, resources, archived, unpacked: filesUnder(path.join(resources, 'app.asar.unpacked')), remove };
  } catch (error) {
    remove();
    throw error;
  }
}
