// Bundles the renderer for both shells: dist/renderer holds the page, its styles and two scripts.
// app.js is the UI; http-bridge.js gives it `window.wifireDesk` over HTTP + SSE where no preload did.
// Also the desktop's preload: sandboxed preloads load one CommonJS file and may require only `electron`.
// And the store's worker thread: one CommonJS file, so the desktop app can start it unpacked from its asar archive.
// And the headless shell (`npm run headless`): dist/main/headless/cli.js, which tsc wrote as one module among ~150,
// becomes one file with the packages it loads at start (express, zod, conf…); the fan-out stays a separate file
// loaded on demand. Node spent about a fifth of its start resolving, reading and linking those files one by one.
// And the desktop's main process: dist/main/desktop/main.js (package.json's `main`) becomes one file the same way,
// so Electron's main process does not load ~500 files (inside app.asar) before its tray appears.
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
/**
 * One ESM entry with the packages it loads at start, and chunks beside it (their names carry a hash) for what it
 * loads with import(): the fan-out, whose NATS client must not load at start, and the headless pop-up backends.
 * import.meta.url then points at the entry's folder, two below dist/ like the module it replaces, so dist/renderer,
 * the preload and the store's worker are found from there.
 */
async function bundleEntry(name, source, options = {}) {
  const out = path.join(root, path.dirname(source).replace(/^main/, 'dist/main'));
  // The chunks of an earlier build, and tsc's map of the file this replaces.
  for (const file of await readdir(out))
    if (file.startsWith(`${name}-`) || file === `${name}.js.map`) await rm(path.join(out, file));
  await build({
    entryPoints: { [name]: path.join(root, source) },
    outdir: out,
    chunkNames: `${name}-[name]-[hash]`,
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    // Native code, programs shipped inside their package (node-notifier's), and what loads only with a fan-out role.
    external: ['better-sqlite3', 'node-notifier', '@jellybrick/dbus-next', '@nats-io/*', ...(options.external ?? [])],
    // The CommonJS packages inside (express) require Node's own modules.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
    },
    ...(options.supported ? { supported: options.supported } : {}),
    legalComments: 'none',
    logLevel: 'warning',
  });
}
// tsc wrote dist/main/headless/cli.js as one module among ~150: it becomes one file and its on-demand chunks.
await bundleEntry('cli', 'main/headless/cli.ts');
await bundleEntry('main', 'main/desktop/main.ts', {
  external: ['electron'],
  // The security gate reads this file (scripts/electronegativity.mjs), and its parser stops at class private
  // members. Only conf has them, on its settings reads, which stay as fast as a person can tell as WeakMaps.
  supported: Object.fromEntries(
    [
      'class-private-field',
      'class-private-method',
      'class-private-accessor',
      'class-private-static-field',
      'class-private-static-method',
      'class-private-static-accessor',
      'class-private-brand-check',
      'class-static-blocks',
    ].map((feature) => [feature, false]),
  ),
});
for (const file of ['index.html', 'styles.css'])
  await copyFile(path.join(root, 'renderer', file), path.join(out, file));
