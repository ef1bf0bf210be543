// Bundles the renderer for both shells: dist/renderer holds the page, its styles and two scripts.
// app.js is the UI; http-bridge.js gives it `window.wifireDesk` over HTTP + SSE where no preload did.
// Also the desktop's preload: sandboxed preloads load one CommonJS file and may require only `electron`.
// And the store's worker thread: one CommonJS file, so the desktop app can start it unpacked from its asar archive.
// And the headless shell (`npm run headless`): dist/main/headless/cli.js, which tsc wrote as one module among ~150,
// becomes one file with the packages it loads at start (express, zod, conf…); the fan-out stays a separate file
// loaded on demand. Node spent about a fifth of its start resolving, reading and linking those files one by one.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
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
const headlessOut = path.join(root, 'dist/main/headless');
// The chunks of an earlier build (their names carry a hash), and tsc's map of the cli.js this replaces.
for (const file of await readdir(headlessOut))
  if (/^cli-.*\.js$/.test(file) || file === 'cli.js.map') await rm(path.join(headlessOut, file));
await build({
  entryPoints: { cli: path.join(root, 'main/headless/cli.ts') },
  outdir: headlessOut,
  // Beside the entry (import.meta.url finds dist/renderer and the store's worker from there), loaded when needed.
  chunkNames: 'cli-[name]-[hash]',
  splitting: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  // Native code, programs shipped inside their package (node-notifier's), and what loads only with a fan-out role.
  external: ['better-sqlite3', 'node-notifier', '@jellybrick/dbus-next', '@nats-io/*'],
  // The CommonJS packages inside (express) require Node's own modules.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'styles.css'])
  await copyFile(path.join(root, 'renderer', file), path.join(out, file));
