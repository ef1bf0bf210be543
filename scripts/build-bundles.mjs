// Bundles the renderer for both shells: dist/renderer holds the page, its styles and two scripts.
// app.js is the UI; http-bridge.js gives it `window.wifireDesk` over HTTP + SSE where no preload did.
// Also the desktop's preload: sandboxed preloads load one CommonJS file and may require only `electron`.
// And the store's worker thread: one CommonJS file, so the desktop app can start it unpacked from its asar archive.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: path.join(root, 'renderer/app.ts'), 'http-bridge': path.join(root, 'renderer/http-bridge.ts') },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  minify: process.env.RENDERER_MINIFY !== '0',
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'main/desktop/preload.ts')],
  outfile: path.join(root, 'dist/main/desktop/preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  external: ['electron'],
  target: ['chrome120'],
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'main/core/store/store-worker.ts')],
  outfile: path.join(root, 'dist/main/core/store/store-worker.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // The native addon is loaded from node_modules (unpacked in the desktop app), never bundled.
  external: ['better-sqlite3'],
  target: ['node20'],
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'styles.css'])
  await copyFile(path.join(root, 'renderer', file), path.join(out, file));
