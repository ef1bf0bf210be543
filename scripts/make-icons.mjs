// Writes the installer icons from main/desktop/tray-icon.ts: build/icon.png (electron-builder's buildResources
// default) and build/icons/<n>x<n>.png for Linux. main/desktop is not in the tsc build, so esbuild bundles it here.
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build');
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

const temp = await mkdtemp(path.join(os.tmpdir(), 'wifire-icons-'));
try {
  const bundle = path.join(temp, 'tray-icon.mjs');
  await build({
    entryPoints: [path.join(root, 'main/desktop/tray-icon.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    logLevel: 'warning',
  });
  /** @type {typeof import('../main/desktop/tray-icon.js')} */
  const { renderAppIcon } = await import(pathToFileURL(bundle).href);

  await mkdir(path.join(out, 'icons'), { recursive: true });
  await writeFile(path.join(out, 'icon.png'), renderAppIcon(512));
  for (const n of LINUX_SIZES) await writeFile(path.join(out, 'icons', `${n}x${n}.png`), renderAppIcon(n));
  console.log(`icons written to ${path.relative(root, out)}/`);
} finally {
  await rm(temp, { recursive: true, force: true });
}
