// The desktop app and "Este computador é…": the saved choice decides the fan-out at start (a hub looks in the
// installer's own nats-server folder), the join code is sealed in config.json, and "Reiniciar agora" relaunches
// through the quit path, so the service closes first. Electron's objects are small fakes here.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../../main/core/logger.js';
import { SEALED_PREFIX } from '../../../../main/core/settings/secret-vault.js';
import { startService, type Service } from '../../../../main/core/service.js';
import { desktopFanout, type RelaunchingApp } from '../../../../main/desktop/desktop-fanout.js';
import { setupQuit, type LifecycleApp } from '../../../../main/desktop/lifecycle.js';
import { chooseVault, type SafeStorageLike } from '../../../../main/desktop/safe-storage-vault.js';
import type { BridgeEnvelope, SettingsView } from '../../../../shared/bridge-contract.js';
import { DEFAULT_FANOUT } from '../../../../shared/settings-schema.js';
import { DEFAULT_TUNNEL } from '../../../../shared/tunnel-settings.js';
import { freePort } from '../../../support/free-port.js';
import { allSamples, sampleJoinCode } from '../../../support/settings-samples.js';
import { makeTempDir, recordingBackend } from '../../../support/temp-service.js';

type Listener = (event: { preventDefault(): void }) => void;

/** Electron's app as the desktop's fan-out and quit path see it: relaunch asked, quit through before-quit. */
class FakeApp implements RelaunchingApp, LifecycleApp {
  readonly calls: string[] = [];
  readonly relaunches: ({ args?: string[] } | undefined)[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  /** Quit went through (nobody prevented it): the process would end here. */
  gone = false;

  constructor(readonly isPackaged: boolean) {}

  relaunch(options?: { args?: string[] }): void {
    this.calls.push('relaunch');
    this.relaunches.push(options);
  }
  quit(): void {
    this.calls.push('quit');
    let prevented = false;
    for (const listener of this.listeners.get('before-quit') ?? [])
      listener({ preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.calls.push('gone');
      this.gone = true;
    }
  }
  exit(): void {
    this.calls.push('exit');
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
}

/** A stand-in for the OS keychain: reversible, and visibly not the plain text. */
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').reverse()]),
  decryptString: (sealed) => Buffer.from(sealed.subarray(3)).reverse().toString('utf8'),
};
const vault = chooseVault(safeStorage, 'linux').vault!;

const RESOURCES = '/opt/WiFire Desk/resources';
const ARGV = ['/opt/WiFire Desk/wifire-desk', '--hidden', '--lang=pt-BR'];

const dirs: string[] = [];
const services: Service[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const readConfig = (dir: string): Json => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Json;

async function answer<T>(service: Service, method: string, request?: unknown): Promise<T> {
  const envelope = (await service.bridge.invoke(method, request)) as BridgeEnvelope<T>;
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result;
}

/** The desktop's startCore as far as fan-out goes: its vault, its fan-out rule and its relaunch. */
async function startDesktopCore(dir: string, app: FakeApp): Promise<Service> {
  const service = await startService({
    dataDir: dir,
    port: 0,
    notifier: recordingBackend([]),
    log: createFileLogger({ dir: path.join(dir, 'logs') }),
    env: {},
    shell: 'desktop',
    settingsVault: vault,
    ...desktopFanout({ app, resourcesPath: RESOURCES, argv: ARGV }),
  });
  services.push(service);
  return service;
}

describe('the desktop’s fan-out rule', () => {
  it('starts a hub from the setting that also looks in the installed app’s nats-server folder', () => {
    const { fanout } = desktopFanout({ app: new FakeApp(true), resourcesPath: RESOURCES, argv: ARGV });
    const rule = fanout as Exclude<typeof fanout, { role: string }>;
    expect(rule({ role: 'hub', listen: '192.168.0.10:4562' })).toEqual({
      role: 'hub',
      listen: { host: '192.168.0.10', port: 4562 },
      natsSearchDirs: [path.join(RESOURCES, 'nats-server')],
    });
    expect(rule(DEFAULT_FANOUT)).toBeUndefined();
    const code = sampleJoinCode(4600);
    expect(rule({ role: 'satellite', listen: null, joinCode: code })).toEqual({ role: 'satellite', joinCode: code });
    // From source there is no installer folder: the owner's own nats-server (PATH) only.
    const fromSource = desktopFanout({ app: new FakeApp(false), resourcesPath: RESOURCES, argv: ARGV }).fanout;
    expect((fromSource as typeof rule)({ role: 'hub', listen: null })).toEqual({ role: 'hub', natsSearchDirs: [] });
  });

  it('relaunches, then quits: in view (no --hidden), with the rest of the command line as it was', () => {
    const app = new FakeApp(true);
    desktopFanout({ app, resourcesPath: RESOURCES, argv: ARGV }).relaunch();
    expect(app.calls).toEqual(['relaunch', 'quit', 'gone']);
    expect(app.relaunches).toEqual([{ args: ['--lang=pt-BR'] }]);
  });
});

describe('the desktop app with "Este computador é…" saved', () => {
  it('runs as it was saved, keeps the join code sealed, and never shows the code to the panel', async () => {
    const dir = makeTempDir('wifire-desktop-fanout-');
    dirs.push(dir);
    const code = sampleJoinCode(await freePort());
    const first = await startDesktopCore(dir, new FakeApp(true));
    // Off by default: nothing new runs.
    expect(first.fanout).toBeNull();
    expect((await answer<SettingsView>(first, 'getSettings')).fanout).toEqual({
      running: 'off',
      source: 'settings',
      joinCodeSaved: false,
      restartNeeded: false,
    });
    const view = await answer<SettingsView>(first, 'updateSettings', { fanout: { role: 'satellite', joinCode: code } });
    expect(view.settings.fanout).toEqual({ role: 'satellite', listen: null });
    expect(view.fanout).toEqual({ running: 'off', source: 'settings', joinCodeSaved: true, restartNeeded: true });
    expect(JSON.stringify(view)).not.toContain(code);

    const text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(text).not.toContain(code);
    expect((readConfig(dir).fanout as Json).joinCode).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    await first.close();
    services.splice(services.indexOf(first), 1);

    // Started again: another desk, joined with the code it opened from the vault (its hub is not there: it retries).
    const second = await startDesktopCore(dir, new FakeApp(true));
    expect(second.fanout?.role).toBe('satellite');
    expect(second.settings.get().fanout.joinCode).toBe(code);
    expect((await answer<SettingsView>(second, 'getSettings')).fanout).toEqual({
      running: 'satellite',
      source: 'settings',
      joinCodeSaved: true,
      restartNeeded: false,
    });
    const logs = fs
      .readdirSync(path.join(dir, 'logs'))
      .map((file) => fs.readFileSync(path.join(dir, 'logs', file), 'utf8'))
      .join('\n');
    expect(logs).not.toContain(code);
  });

  it('"Reiniciar agora" answers, then relaunches through the quit path: the service is closed before the app goes', async () => {
    const dir = makeTempDir('wifire-desktop-restart-');
    dirs.push(dir);
    // Set up as a place would be (mutes, quiet hours…), the tunnel left off: a preset would start its program.
    const config = { ...allSamples(0), tunnel: DEFAULT_TUNNEL, fanout: DEFAULT_FANOUT };
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    const app = new FakeApp(true);
    const service = await startDesktopCore(dir, app);
    let closed = false;
    setupQuit(app, {
      stop: async () => {
        app.calls.push('stop');
        await service.close();
        closed = true;
        app.calls.push('stopped');
      },
    });
    await answer(service, 'updateSettings', { fanout: { role: 'hub', listen: '127.0.0.1:4999' } });
    const before = readConfig(dir);

    expect(await answer(service, 'restartApp')).toEqual({ restarting: true });
    // The answer left before anything stopped.
    expect(app.calls).toEqual([]);
    await expect.poll(() => app.gone, { timeout: 5000 }).toBe(true);
    expect(closed).toBe(true);
    expect(app.calls).toEqual(['relaunch', 'quit', 'stop', 'stopped', 'quit', 'gone']);
    expect(app.relaunches).toEqual([{ args: ['--lang=pt-BR'] }]);
    // Nothing else moved on the way out.
    expect(readConfig(dir)).toEqual(before);
    services.splice(services.indexOf(service), 1);
  });
});
