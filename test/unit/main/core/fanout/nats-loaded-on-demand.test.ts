// A desk alone never loads the NATS client or the hub's and satellite's code: they load when this run has a
// fan-out role (service.ts imports fanout.ts on demand). Statically imported, they were 2–3 MB of every desk's live
// heap all day, and a desk's resident memory is one of the figures the bench holds it to.
import fs from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd(); // vitest runs in the project's root

/** The packages and project files each entry reaches by static imports alone (what loads with it). */
function staticReach(inputs: Metafile['inputs'], entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const edge of inputs[file]?.imports ?? []) {
      if (edge.kind === 'dynamic-import') continue;
      if (edge.external) packages.add(edge.path);
      else visit(edge.path);
    }
  };
  visit(entry);
  return { files, packages };
}

let inputs: Metafile['inputs'] = {};

beforeAll(async () => {
  const result = await build({
    entryPoints: ['main/headless/run-headless.ts', 'main/desktop/main.ts'].map((entry) => path.join(root, entry)),
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  inputs = result.metafile.inputs;
});

/** A built bundle in dist/main/<folder>: what its entry loads at start, and its chunks loaded later by import(). */
function builtBundle(folder: string, name: string) {
  const dir = path.join(root, 'dist', 'main', folder);
  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  const onDemand = (file: string): string[] =>
    [...read(file).matchAll(/import\("\.\/([^"]+)"\)/g)].map(([, chunk]) => chunk!);
  const loaded = new Set<string>();
  const packages = new Set<string>();
  const load = (file: string): void => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const [, from] of read(file).matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gms)) {
      if (from!.startsWith('./')) load(from!.slice(2));
      else packages.add(from!);
    }
  };
  const later = (): string[] => [...loaded].flatMap(onDemand);
  return {
    read,
    onDemand,
    load,
    loaded,
    packages,
    later,
    /** The fan-out is a chunk of its own, not loaded at start, and it is what imports the NATS client. */
    expectFanoutOnDemand(): void {
      expect([...packages].filter((p) => p.startsWith('@nats-io/'))).toEqual([]);
      const fanout = later().find((file) => file.startsWith(`${name}-fanout-`));
      expect(fanout).toBeDefined();
      expect(loaded.has(fanout!)).toBe(false);
      expect(read(fanout!)).toMatch(/from "@nats-io\/transport-node"/);
    },
  };
}

describe('what a desk loads at start', () => {
  it.each(['main/headless/run-headless.ts', 'main/desktop/main.ts'])(
    '%s: no NATS client, hub or satellite',
    (entry) => {
      const { files, packages } = staticReach(inputs, entry);
      expect(files).toContain('main/core/service.ts');
      expect(files).toContain('main/core/settings/fanout-setting.ts');
      expect([...packages].filter((name) => name.startsWith('@nats-io/'))).toEqual([]);
      for (const file of ['main/core/fanout/fanout.ts', 'main/core/fanout/hub.ts', 'main/core/fanout/satellite.ts']) {
        expect(files).not.toContain(file);
      }
    },
  );

  it('the service still reaches the fan-out, on demand', () => {
    const service = inputs['main/core/service.ts']!;
    expect(service.imports).toContainEqual(
      expect.objectContaining({ path: 'main/core/fanout/fanout.ts', kind: 'dynamic-import' }),
    );
  });

  it('the headless shell’s built bundle, too: the fan-out and the pop-up backends are files loaded by import()', () => {
    // npm test builds first: dist/main/headless/cli.js is what `npm run headless` runs (scripts/build-bundles.mjs).
    const cli = builtBundle('headless', 'cli');
    // At start: the entry, and the shell it imports at once (the entry only starts the store's worker first).
    cli.load('cli.js');
    const shell = cli.onDemand('cli.js').find((file) => file.startsWith('cli-run-headless-'));
    expect(shell).toBeDefined();
    cli.load(shell!);
    expect(cli.read(shell!)).toContain('// main/core/service.ts');
    // Nor the pop-up backends' libraries: they load with the first pop-up (choose-notifier.ts).
    expect(cli.packages).not.toContain('node-notifier');
    expect(cli.packages).not.toContain('@jellybrick/dbus-next');
    const later = cli.later();
    for (const [prefix, library] of [
      ['cli-freedesktop-notifier-backend-', '@jellybrick/dbus-next'],
      ['cli-node-notifier-backend-', 'node-notifier'],
    ] as const) {
      const file = later.find((name) => name.startsWith(prefix));
      expect(file, prefix).toBeDefined();
      expect(cli.loaded.has(file!)).toBe(false);
      expect(cli.read(file!)).toContain(`from "${library}"`);
    }
    cli.expectFanoutOnDemand();
  });

  it('the desktop’s built bundle: the core and electron at start, the fan-out by import()', () => {
    // What package.json's `main` names: Electron's main process runs it (scripts/build-bundles.mjs).
    const desktop = builtBundle('desktop', 'main');
    desktop.load('main.js');
    expect(desktop.read('main.js')).toContain('// main/core/service.ts');
    expect(desktop.read('main.js')).toContain('// main/desktop/window-hardening.ts');
    expect(desktop.packages).toContain('electron');
    // Only electron and Node's own modules: the rest is inside (SQLite loads in the store's worker).
    expect([...desktop.packages].filter((name) => name !== 'electron' && !name.startsWith('node:'))).toEqual([]);
    desktop.expectFanoutOnDemand();
  });

  it('the desktop’s built bundle starts the store’s worker before it evaluates the packages and the core', () => {
    const main = builtBundle('desktop', 'main').read('main.js');
    const prestart = main.indexOf('var prestartedStore = prestartStoreWorker();');
    expect(prestart).toBeGreaterThan(0);
    // CommonJS packages (express…) run where __toESM(require_…()) is called; ESM ones where their code stands.
    for (const later of ['__toESM(require_', '// node_modules/electron-store/', '// main/core/service.ts']) {
      const at = main.indexOf(later);
      expect(at, later).toBeGreaterThan(prestart);
    }
  });
});
