import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { AppInfo, Configuration } from 'app-builder-lib';
import { Platform } from 'app-builder-lib/out/core.js';
import * as fileMatcher from 'app-builder-lib/out/fileMatcher.js';
import { expandMacro } from 'app-builder-lib/out/util/macroExpander.js';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUNDLED_NATS_FOLDER } from '../../main/desktop/bundled-nats.js';
import { TARGETS as NATS_TARGETS } from '../../scripts/fetch-nats-server.mjs';

const root = process.cwd(); // vitest runs in the project's root
const rawConfig = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const schema: object = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));

// The same ajv options electron-builder 26 uses in app-builder-lib/out/util/config/schemaValidator.js.
const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);

function schemaErrors(config: unknown): string[] {
  // coerceTypes rewrites the data it checks, so it gets a copy.
  if (validate(structuredClone(config))) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
  );
}

const target = z.union([z.string(), z.object({ target: z.string(), arch: z.array(z.string()).optional() })]);
const platform = z.object({ target: z.array(target), icon: z.string() });
// The part of the configuration these tests read; ajv has already checked the whole against electron-builder's schema.
const Config = z.object({
  appId: z.string(),
  productName: z.string(),
  directories: z.object({ output: z.string(), buildResources: z.string() }),
  files: z.array(z.string()),
  asar: z.literal(true),
  asarUnpack: z.array(z.string()),
  extraResources: z.array(z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() })),
  npmRebuild: z.boolean().optional(),
  win: platform,
  nsis: z.object({ createDesktopShortcut: z.boolean(), createStartMenuShortcut: z.boolean() }),
  mac: platform.extend({ category: z.string(), hardenedRuntime: z.boolean(), binaries: z.array(z.string()) }),
  linux: platform,
  deb: z.object({ depends: z.array(z.string()) }),
  publish: z.null(),
});
const config = Config.parse(rawConfig);

/**
 * electron-builder's file filter: patterns in order, a later `!pattern` excludes, a later pattern re-includes.
 * A production dependency's files go through a filter of their own: everything, less the list's negations.
 */
function isShipped(file: string): boolean {
  if (file === 'package.json') return true; // added by electron-builder in any case
  const patterns = file.startsWith('node_modules/')
    ? ['**/*', ...config.files.filter((pattern) => pattern.startsWith('!'))]
    : config.files;
  let shipped = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (shipped !== negated) continue;
    if (path.posix.matchesGlob(file, negated ? pattern.slice(1) : pattern)) shipped = !negated;
  }
  return shipped;
}

/** What an entry loads, read from its TypeScript sources: the project's files (`x.js` is `x.ts`) and packages. */
function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    // `from '…'` (import, import type, export … from), `import '…'` and `import('…')`.
    for (const match of readFileSync(path.join(root, file), 'utf8').matchAll(/(?:\bfrom|\bimport\(?)\s*'([^']+)'/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) {
        const source = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts');
        expect(existsSync(path.join(root, source)), `${source}, imported by ${file}`).toBe(true);
        pending.push(source);
      } else if (!specifier.startsWith('node:')) {
        packages.add(specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/'));
      }
    }
  }
  return { files, packages };
}

/** Where `npm run build` puts a source file of main/ or shared/. */
function compiled(source: string): string {
  return `dist/${source.replace(/\.ts$/, '.js')}`;
}

function targetNames(entries: z.infer<typeof target>[]): string[] {
  return entries.map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

/** Every platform and arch the installers are built for, as electron-builder's `${os}` and `${arch}` name them. */
function builtFor(): { os: string; arch: string }[] {
  const platforms = [
    [Platform.WINDOWS, config.win],
    [Platform.MAC, config.mac],
    [Platform.LINUX, config.linux],
  ] as const;
  const pairs = platforms.flatMap(([platform, options]) =>
    options.target
      .flatMap((entry) => (typeof entry === 'string' ? ['x64'] : (entry.arch ?? ['x64'])))
      .map((arch) => ({
        os: platform.buildConfigurationKey,
        arch,
      })),
  );
  return [...new Map(pairs.map((pair) => [`${pair.os}-${pair.arch}`, pair])).values()];
}

// electron-builder's own copy step; marked internal, so its types leave it out.
const { copyFiles } = fileMatcher as unknown as {
  copyFiles: (matchers: fileMatcher.FileMatcher[] | null, transformer: null) => Promise<unknown>;
};

/**
 * Copies a project's extraResources into `resources` for one platform and arch with electron-builder's own code: its
 * macro expansion (platformPackager's expandMacro), its file matchers and its copy, as its packager does.
 */
async function copyExtraResources(project: string, resources: string, osKey: string, arch: string): Promise<void> {
  const noAppInfo = {} as AppInfo; // `${os}` and `${arch}` need nothing from the app
  const matchers = fileMatcher.getFileMatchers(rawConfig as Configuration, 'extraResources', resources, {
    macroExpander: (pattern) => expandMacro(pattern, arch, noAppInfo, { os: osKey, '/*': '{,/**/*}' }),
    customBuildOptions: {},
    globalOutDir: path.join(project, 'out'),
    defaultSrc: project,
  });
  await copyFiles(matchers, null);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is accepted by the schema electron-builder validates its configuration with', () => {
    expect(schemaErrors(rawConfig)).toEqual([]);
  });

  it('would be refused by electron-builder with a misspelt key, an unknown option or a wrong type', () => {
    const broken: [unknown, string][] = [
      [{ ...config, appID: config.appId }, '"additionalProperty":"appID"'],
      [{ ...config, nsis: { ...config.nsis, perUser: true } }, '"additionalProperty":"perUser"'],
      [{ ...config, nsis: { ...config.nsis, oneClick: 'sometimes' } }, '/nsis/oneClick must be boolean'],
      [{ ...config, asarUnpack: { better: 'sqlite3' } }, '/asarUnpack must be array'],
      [{ ...config, extraResources: [{ from: 'a', to: 'b', filters: ['c'] }] }, '"additionalProperty":"filters"'],
      [{ ...config, mac: { ...config.mac, binaries: 'nats-server' } }, '/mac/binaries must be array'],
    ];
    for (const [copy, complaint] of broken) {
      expect(schemaErrors(copy).join('\n')).toContain(complaint);
    }
  });

  it('names the app the way Windows, macOS and package.json know it', () => {
    const pkg = z
      .object({ productName: z.string() })
      .parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
    expect(config.appId).toBe('com.wifire.desk');
    expect(config.productName).toBe('WiFire Desk');
    expect(pkg.productName).toBe(config.productName);
  });

  it('gives Windows the AppUserModelID the desktop shell sets, without which its pop-ups do not show', () => {
    const desktop = path.join(root, 'main/desktop');
    const sources = readdirSync(desktop)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => readFileSync(path.join(desktop, name), 'utf8'))
      .join('\n');
    expect(sources).toContain('setAppUserModelId(');
    expect(sources).toContain(`'${config.appId}'`);
  });

  it('ships the desktop’s bundles, the sandboxed preload, the store’s worker and the renderer', () => {
    for (const file of [
      'dist/main/desktop/main.js',
      'dist/main/desktop/main-chunk-0123ABCD.js',
      'dist/main/desktop/main-fanout-4567EFGH.js',
      'dist/main/desktop/preload.cjs',
      'dist/main/core/store/store-worker.cjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'dist/renderer/http-bridge.js',
      'dist/renderer/styles.css',
      'package.json',
    ]) {
      expect(isShipped(file), file).toBe(true);
    }
  });

  it('ships whatever package.json names as the entry', () => {
    const pkg = z
      .object({ main: z.string().optional() })
      .parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
    if (pkg.main !== undefined) expect(isShipped(path.posix.normalize(pkg.main))).toBe(true);
  });

  it('leaves source maps, tests, TypeScript sources, benchmarks and the simulator out of the installer', () => {
    for (const file of [
      'dist/main/desktop/main.js.map',
      'dist/renderer/app.js.map',
      'dist/main/core/notify/policy.test.js',
      'dist/.tsbuildinfo',
      'dist/test/bench/run.js',
      'main/desktop/main.ts',
      'dist/main/headless/simulator/cli.js',
      'electron-builder.yml',
    ]) {
      expect(isShipped(file), file).toBe(false);
    }
  });

  it('leaves out only a simulator nothing else in the app imports', () => {
    const sources = ['main', 'shared'].flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.includes(`headless${path.sep}simulator${path.sep}`))
        .map((file) => path.join(root, dir, file)),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from\s+['"][^'"]*\/simulator\//);
    }
  });

  it('leaves out tsc’s modules, which the desktop’s bundles carry inside', () => {
    const desktop = loadedBy('main/desktop/main.ts');
    expect(desktop.files).toContain('main/core/service.ts');
    // main.js, which tsc also writes, is the bundle's own name: it ships as the bundle.
    for (const source of [...desktop.files].filter((file) => file !== 'main/desktop/main.ts')) {
      expect(isShipped(compiled(source)), source).toBe(false);
    }
    expect(isShipped('dist/shared/catalog.js')).toBe(false);
  });

  it('ships each package the desktop imports either inside its bundles or in node_modules, never both', () => {
    const desktop = loadedBy('main/desktop/main.ts');
    const bundles = readdirSync(path.join(root, 'dist/main/desktop'))
      .filter((name) => /^main(?:-[\w-]+)?\.js$/.test(name))
      .map((name) => readFileSync(path.join(root, 'dist/main/desktop', name), 'utf8'))
      .join('\n');
    // esbuild heads each module it bundles with a comment naming its path.
    const bundled = (name: string): boolean => bundles.includes(`// node_modules/${name}/`);
    // Electron itself is the runtime the installer brings, not a package inside the app.
    const packages = [...desktop.packages].filter((name) => name !== 'electron');
    expect(packages).toEqual(expect.arrayContaining(['express', 'zod', 'electron-store', '@nats-io/transport-node']));
    for (const name of packages) {
      expect(bundled(name) !== isShipped(`node_modules/${name}/package.json`), name).toBe(true);
    }
    // What the bundles load beside them: SQLite in the store's worker, the fan-out's NATS client.
    for (const file of [
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@nats-io/transport-node/package.json',
      'node_modules/@nats-io/nkeys/package.json',
      'node_modules/tweetnacl/package.json',
    ]) {
      expect(isShipped(file), file).toBe(true);
    }
    // Inside the bundles, for the headless shell only, or for better-sqlite3's install only.
    for (const name of [
      'express',
      'zod',
      'conf',
      'ajv',
      'node-notifier',
      '@jellybrick/dbus-next',
      'prebuild-install',
    ]) {
      expect(isShipped(`node_modules/${name}/package.json`), name).toBe(false);
    }
    // better-sqlite3's SQLite sources and build leftovers (20 MB): only its addon and JavaScript run.
    for (const file of [
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/build/Release/test_extension.node',
      'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3/src/better_sqlite3.o',
      'node_modules/better-sqlite3/build/deps/sqlite3.a',
    ]) {
      expect(isShipped(file), file).toBe(false);
    }
  });

  it('leaves out the headless shell, npm start’s launcher and node-notifier’s programs', () => {
    const desktop = loadedBy('main/desktop/main.ts');
    const unwanted = [...desktop.files].filter(
      (source) =>
        source.startsWith('main/headless/') ||
        source.startsWith('main/launcher/') ||
        source === 'main/desktop/preload-api.ts',
    );
    expect(unwanted).toEqual([]);
    expect(desktop.packages).not.toContain('node-notifier');
    for (const file of [
      'dist/main/headless/cli.js',
      'dist/main/headless/args.js',
      'dist/main/headless/node-notifier-backend.js',
      'dist/main/headless/panel-routes.js',
      'dist/main/headless/simulator/cli.js',
      'dist/main/launcher/start.js',
      'dist/main/launcher/electron-sqlite.js',
      // Bundled into preload.cjs, which is what the window loads.
      'dist/main/desktop/preload-api.js',
      'node_modules/node-notifier/vendor/snoreToast/snoretoast-x64.exe',
      'node_modules/node-notifier/vendor/notifu/notifu64.exe',
      'node_modules/node-notifier/vendor/mac.noindex/terminal-notifier.app/Contents/MacOS/terminal-notifier',
    ]) {
      expect(isShipped(file), file).toBe(false);
    }
  });

  it('keeps better-sqlite3 outside the asar archive and rebuilds it for Electron', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).not.toBe(false);
  });

  it('ships the store’s worker bundle unpacked, where a worker thread can start and find better-sqlite3', () => {
    const worker = 'dist/main/core/store/store-worker.cjs';
    expect(isShipped(worker)).toBe(true);
    expect(config.asarUnpack.some((pattern) => path.posix.matchesGlob(worker, pattern))).toBe(true);
    // The bundle carries the core's code itself: only better-sqlite3 is loaded beside it, from node_modules.
    const bundle = readFileSync(path.join(root, worker), 'utf8');
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!);
    expect(
      required.filter(
        (name) => !name.startsWith('node:') && !['fs', 'path', 'crypto', 'worker_threads'].includes(name),
      ),
    ).toEqual(['better-sqlite3']);
  });

  it('builds an NSIS installer with shortcuts, a DMG, an AppImage and a deb', () => {
    expect(targetNames(config.win.target)).toContain('nsis');
    expect(config.nsis.createDesktopShortcut).toBe(true);
    expect(config.nsis.createStartMenuShortcut).toBe(true);
    expect(targetNames(config.mac.target)).toContain('dmg');
    expect(config.mac.category).toBe('public.app-category.business');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(targetNames(config.linux.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });

  it('is built for exactly the targets npm run dist fetches nats-server for', () => {
    expect(
      builtFor()
        .map(({ os, arch }) => `${os}-${arch}`)
        .sort(),
    ).toEqual(Object.keys(NATS_TARGETS).sort());
  });

  it('ships each target’s nats-server, executable and alone, in the resources folder the desktop app looks in', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'wifire-extra-resources-'));
    try {
      for (const { os: builtOs, arch } of builtFor()) {
        const key = `${builtOs}-${arch}` as keyof typeof NATS_TARGETS;
        const binary = NATS_TARGETS[key].binary;
        // What scripts/fetch-nats-server.mjs leaves: the program in its folder, its stamp beside the folder.
        const fetched = path.join(project, 'build/nats-server', key);
        mkdirSync(fetched, { recursive: true });
        writeFileSync(path.join(fetched, binary), `program for ${key}`);
        chmodSync(path.join(fetched, binary), 0o755);
        writeFileSync(path.join(fetched, 'notes.txt'), 'not part of the installer');
        writeFileSync(path.join(project, 'build/nats-server', `${key}.json`), '{}');

        const resources = path.join(project, 'out', key, 'resources');
        await copyExtraResources(project, resources, builtOs, arch);

        expect(filesUnder(resources), key).toEqual([`${BUNDLED_NATS_FOLDER}/${binary}`]);
        const shipped = path.join(resources, BUNDLED_NATS_FOLDER, binary);
        expect(readFileSync(shipped, 'utf8'), key).toBe(`program for ${key}`);
        if (process.platform !== 'win32') expect(statSync(shipped).mode & 0o111, key).toBe(0o111);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('has the shipped nats-server signed with the macOS app, under the hardened runtime', () => {
    expect(config.mac.binaries).toEqual([
      `Contents/Resources/${BUNDLED_NATS_FOLDER}/${NATS_TARGETS['mac-arm64'].binary}`,
    ]);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('fetches and verifies nats-server before npm run dist builds anything', () => {
    const pkg = z
      .object({ scripts: z.object({ dist: z.string() }) })
      .parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
    const steps = pkg.scripts.dist.split('&&').map((step) => step.trim());
    expect(steps[0]).toBe('node scripts/fetch-nats-server.mjs');
    expect(steps.at(-1)).toMatch(/^electron-builder\b/);
  });

  it('makes the deb pull in what desktop notifications need', () => {
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libnotify4', 'libgtk-3-0', 'libnss3']));
  });

  it('never publishes', () => {
    expect(config.publish).toBeNull();
  });

  it('points at icons that exist and are large enough for every platform', () => {
    const icon = path.join(root, config.win.icon);
    expect(config.mac.icon).toBe(config.win.icon);
    // macOS needs at least 512×512, Windows at least 256×256.
    expect(pngSize(icon)).toEqual({ width: 512, height: 512 });

    const iconSet = path.join(root, config.linux.icon);
    const sizes = readdirSync(iconSet)
      .map((name) => /^(\d+)x\1\.png$/.exec(name))
      .filter((match) => match !== null)
      .map((match) => Number(match[1]));
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256, 512]));
    for (const size of sizes) {
      expect(pngSize(path.join(iconSet, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(existsSync(path.join(root, config.directories.buildResources))).toBe(true);
  });
});
