// The desktop app as its installer lays it out: electron-builder packs it with our electron-builder.yml (around a
// stand-in for Electron's binaries, test/support/installed-app.ts), and the packed main.js runs on the fake
// `electron` as an installed app, away from the project. Everything it loads comes from app.asar and
// app.asar.unpacked: a file the configuration leaves out, or a module the store's worker cannot find from
// app.asar.unpacked, fails here and nowhere else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import type { FanoutStatusView, Status } from '../../shared/bridge-contract.js';
import { post } from '../support/e2e-headless.js';
import {
  customerWithoutPhoto as customer,
  startFakeDesk,
  stopFakeDesks,
  webhookUrlOf,
  type FakeDesk,
  type FakeState,
} from '../support/fake-electron-app.js';
import { freePort } from '../support/free-port.js';
import { packInstalledApp, type InstalledApp } from '../support/installed-app.js';

let installed: InstalledApp;

beforeAll(async () => {
  installed = await packInstalledApp();
}, 150_000);

afterAll(() => installed?.remove());

afterEach(async () => {
  await stopFakeDesks();
});

async function feedIds(desk: FakeDesk): Promise<string[]> {
  const answer = await desk.invoke('listFeed', { limit: 50 });
  if (!answer.ok) throw new Error(`listFeed failed: ${JSON.stringify(answer)}`);
  return (answer.result as { items: { id: string }[] }).items.map((item) => item.id);
}

function popUpsAbout(state: FakeState, who: FakeCustomer): number {
  return state.notifications.filter((n) => `${n.options.title}\n${n.options.body}`.includes(who.name)).length;
}

/** The command lines of running processes that mention `text` (Linux's /proc). */
function processesMentioning(text: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        return [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')];
      } catch {
        return []; // ended meanwhile
      }
    })
    .filter((command) => command.includes(text));
}

/**
 * The packages a built bundle loads by name: static and dynamic imports, and require calls in code (ajv's code
 * generator also keeps `require("ajv/…")` inside strings it never runs; a quote or backtick before them tells).
 */
function packagesLoadedBy(source: string): string[] {
  const names = [
    ...source.matchAll(/^import\s[^;]*?\bfrom\s*"([^"]+)"/gm),
    ...source.matchAll(/^import\s*"([^"]+)"/gm),
    ...source.matchAll(/\bimport\("([^"]+)"\)/g),
    ...source.matchAll(/(?<![\w$.'"`])(?:__)?require\("([^"]+)"\)/g),
  ].map((match) => match[1]!);
  return [...new Set(names.filter((name) => !name.startsWith('.') && !isBuiltin(name) && name !== 'electron'))];
}

describe('the installed desktop app', { timeout: 30_000 }, () => {
  it('holds the entry, its chunks, the preload, the renderer, and the store’s worker with SQLite outside the archive', () => {
    const app = path.join(installed.resources, 'app.asar');
    const main = fs.readFileSync(path.join(app, 'dist/main/desktop/main.js'), 'utf8');
    // The chunks main.js names: the shared one it imports, and the fan-out it loads on demand.
    const chunks = [...main.matchAll(/"\.\/(main-[\w-]+\.js)"/g)].map((match) => `dist/main/desktop/${match[1]!}`);
    expect(chunks.some((chunk) => /main-fanout-/.test(chunk))).toBe(true);
    for (const file of [
      'package.json',
      'dist/main/desktop/main.js',
      ...chunks,
      'dist/main/desktop/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'dist/renderer/styles.css',
    ]) {
      expect(installed.archived, file).toContain(file);
    }
    // A worker thread and a native addon cannot start from inside the archive.
    expect(installed.unpacked).toEqual(
      expect.arrayContaining([
        'dist/main/core/store/store-worker.cjs',
        'node_modules/better-sqlite3/package.json',
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ]),
    );
  });

  it('holds nothing else: no module of tsc’s, no package its bundles carry inside, no SQLite sources', () => {
    const named = (file: string): string => file.replace(/-[A-Z0-9]{8}\.js$/, '-<hash>.js');
    expect(installed.archived.filter((file) => !file.startsWith('node_modules/')).map(named)).toEqual([
      'dist/main/core/store/store-worker.cjs',
      'dist/main/desktop/main-chunk-<hash>.js',
      'dist/main/desktop/main-fanout-<hash>.js',
      'dist/main/desktop/main.js',
      'dist/main/desktop/preload.cjs',
      'dist/renderer/app.js',
      'dist/renderer/http-bridge.js',
      'dist/renderer/index.html',
      'dist/renderer/styles.css',
      'package.json',
    ]);
    const packages = new Set(
      installed.archived
        .filter((file) => file.startsWith('node_modules/'))
        .map((file) =>
          file
            .split('/')
            .slice(1, file.startsWith('node_modules/@') ? 3 : 2)
            .join('/'),
        ),
    );
    expect([...packages].sort()).toEqual([
      '@nats-io/jetstream',
      '@nats-io/kv',
      '@nats-io/nats-core',
      '@nats-io/nkeys',
      '@nats-io/nuid',
      '@nats-io/transport-node',
      'better-sqlite3',
      'tweetnacl',
    ]);
    expect(installed.unpacked.filter((file) => !file.startsWith('node_modules/better-sqlite3/lib/'))).toEqual([
      'dist/main/core/store/store-worker.cjs',
      'node_modules/better-sqlite3/LICENSE',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/package.json',
    ]);
  });

  it('finds every package its bundles load inside the installed app, and loads each of them there', () => {
    const bundles = [
      ...installed.archived
        .filter((file) => /^dist\/main\/desktop\/[^/]+\.(?:js|cjs)$/.test(file))
        .map((file) => path.join(installed.resources, 'app.asar', file)),
      path.join(installed.resources, 'app.asar.unpacked', 'dist/main/core/store/store-worker.cjs'),
    ];
    const loaded = new Map<string, string>(); // package → the bundle that loads it
    for (const bundle of bundles) {
      for (const name of packagesLoadedBy(fs.readFileSync(bundle, 'utf8'))) loaded.set(name, bundle);
    }
    // The fan-out's NATS client (in its chunk) and SQLite (in the worker) load beside the bundles.
    expect([...loaded.keys()].sort()).toEqual(
      expect.arrayContaining(['@nats-io/jetstream', '@nats-io/kv', '@nats-io/transport-node', 'better-sqlite3']),
    );
    for (const [name, bundle] of loaded) {
      // Node's own lookup from the bundle's folder, in a process of its own started away from the project.
      const probe = path.join(path.dirname(bundle), `probe-${process.pid}.mjs`);
      fs.writeFileSync(
        probe,
        `const url = import.meta.resolve(${JSON.stringify(name)});\nawait import(url);\nconsole.log(url);\n`,
      );
      try {
        const run = spawnSync(process.execPath, [probe], { cwd: installed.dir, encoding: 'utf8', timeout: 20_000 });
        expect(run.status, `${name} from ${path.relative(installed.resources, bundle)}:\n${run.stderr}`).toBe(0);
        expect(run.stdout.trim(), name).toContain(`file://${installed.resources}/`);
      } finally {
        fs.rmSync(probe);
      }
    }
  });

  it('starts from its resources folder, stores and pops up a webhook, and keeps it through a restart and WiFire’s retry', async () => {
    const desk = await startFakeDesk({ installed: installed.resources });
    // The panel's page and its preload come from the package.
    const panel = await desk.panel();
    expect(String(panel.options.webPreferences?.preload)).toBe(
      path.join(installed.resources, 'app.asar', 'dist', 'main', 'desktop', 'preload.cjs'),
    );
    for (const file of ['index.html', 'app.js', 'http-bridge.js', 'styles.css']) {
      const served = await desk.command<{ status: number; body: string }>({
        op: 'fetchApp',
        url: `wifire-desk://app/${file}`,
      });
      expect(served.status, file).toBe(200);
      expect(served.body, file).toBe(
        fs.readFileSync(path.join(installed.resources, 'app.asar', 'dist', 'renderer', file), 'utf8'),
      );
    }
    const who = customer(7);
    const delivery = buildPayload('cliente-aniversariante-chegou', who);
    const url = await webhookUrlOf(desk);

    const first = await post(url, delivery);
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    const id = (first.body as { id: string }).id;
    await desk.waitForState((state) => (popUpsAbout(state, who) === 1 ? true : undefined), 'the pop-up');
    expect(await feedIds(desk)).toEqual([id]);
    // The worker ran from app.asar.unpacked and wrote the database in the data folder.
    expect(fs.existsSync(path.join(desk.dataDir, 'wifire-desk.db'))).toBe(true);

    await desk.command({ op: 'menu', label: 'Sair do WiFire Desk' });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });

    const again = await startFakeDesk({ installed: installed.resources, root: desk.root, port: desk.port });
    expect(await feedIds(again)).toEqual([id]);
    // WiFire did not hear the first answer and sends the same delivery again: answered, not shown twice.
    expect(await post(url, delivery)).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    // The next delivery's pop-up comes after any the retry could have caused.
    const next = customer(8);
    const second = await post(url, buildPayload('cliente-aniversariante-chegou', next));
    expect(second).toMatchObject({ status: 200, body: { ok: true } });
    const state = await again.waitForState((s) => (popUpsAbout(s, next) === 1 ? s : undefined), 'the next pop-up');
    expect(popUpsAbout(state, who)).toBe(0);
    expect(await feedIds(again)).toEqual([(second.body as { id: string }).id, id]);
    // An installed app keeps its log in its file only, and no customer's name in it.
    const log = fs.readFileSync(path.join(again.dataDir, 'logs', 'wifire-desk.log'), 'utf8');
    expect(log).toMatch(/"message":"desktop ready".*"packaged":true/);
    expect(log).not.toContain(who.name);
    expect(again.appOutput()).not.toContain(who.name);
  });

  it('says in a sentence, not in Node’s words, that a damaged installation cannot start, and exits 1', async () => {
    // An antivirus that quarantined the SQLite addon, an update cut short: a file of the installation is missing.
    const damaged = path.join(installed.dir, 'damaged');
    fs.cpSync(installed.resources, damaged, { recursive: true });
    fs.rmSync(path.join(damaged, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
    const desk = await startFakeDesk({ installed: damaged, waitUntilReady: false });
    expect(await desk.waitForExit()).toEqual({ code: 1, signal: null });
    const box = desk.notices.find((notice) => notice.event === 'errorBox');
    expect(box).toMatchObject({ title: 'O WiFire Desk não pôde iniciar / WiFire Desk could not start' });
    const [sentence, empty, detail, ...more] = String(box!.content).split('\n');
    expect(sentence).toBe(
      'Um erro interno impediu o início. Reinstalar o WiFire Desk costuma resolver. / ' +
        'An internal error stopped it from starting. Reinstalling WiFire Desk usually fixes this.',
    );
    expect([empty, more]).toEqual(['', []]);
    expect(detail).toMatch(/^Cannot find module '.*better_sqlite3\.node'$/);
  });

  it('runs as the house from the installed app: the fan-out chunk and its NATS client load there and reach nats-server', async () => {
    const root = fs.mkdtempSync(path.join(installed.dir, 'house-'));
    fs.mkdirSync(path.join(root, 'data'), { mode: 0o700 });
    fs.writeFileSync(
      path.join(root, 'data', 'config.json'),
      JSON.stringify({ fanout: { role: 'hub', listen: `127.0.0.1:${await freePort()}` } }),
    );
    const desk = await startFakeDesk({ installed: installed.resources, root });
    const deadline = Date.now() + 15_000;
    let fanout: FanoutStatusView | null = null;
    while (fanout?.state !== 'ready' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await desk.invoke('getStatus');
      if (answer.ok) fanout = (answer.result as Status).fanout;
    }
    expect(fanout).toEqual({ role: 'hub', state: 'ready', reasonText: null });
    // The house stores its events with the outbox rows that go out to the other desks.
    const url = await webhookUrlOf(desk);
    expect(await post(url, buildPayload('cliente-aniversariante-chegou', customer(9)))).toMatchObject({ status: 200 });

    // Quitting stops the nats-server it started, which ran on the data folder's configuration.
    await desk.command({ op: 'menu', label: 'Sair do WiFire Desk' });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });
    expect(processesMentioning(root)).toEqual([]);
  });
});
