// The built desktop entry (fake `electron`) and "Este computador é…": it starts as the saved choice says, keeps the
// join code sealed, and "Reiniciar agora" relaunches it through the quit path; started again, the new choice runs.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEALED_PREFIX } from '../../main/core/settings/secret-vault.js';
import type { SettingsView, Status } from '../../shared/bridge-contract.js';
import { DESKTOP_ENTRY, startFakeDesk, stopFakeDesks, type FakeDesk } from '../support/fake-electron-app.js';
import { freePort } from '../support/free-port.js';
import { sampleJoinCode } from '../support/settings-samples.js';
import { makeTempDir } from '../support/temp-service.js';

afterEach(async () => {
  await stopFakeDesks();
});

type Json = Record<string, unknown>;
const readConfig = (desk: FakeDesk): Json =>
  JSON.parse(fs.readFileSync(path.join(desk.dataDir, 'config.json'), 'utf8')) as Json;

async function answer<T>(desk: FakeDesk, method: string, request?: unknown): Promise<T> {
  const envelope = await desk.invoke(method, request);
  if (!envelope.ok) throw new Error(`${method}: ${JSON.stringify(envelope.error)}`);
  return envelope.result as T;
}

describe('the desktop app with "Este computador é…"', () => {
  it('runs as saved, and "Reiniciar agora" quits through the quit path and asks to be opened again', async () => {
    const root = makeTempDir('wifire-desktop-fanout-choice-');
    const code = sampleJoinCode(await freePort());
    fs.mkdirSync(path.join(root, 'data'), { mode: 0o700 });
    fs.writeFileSync(
      path.join(root, 'data', 'config.json'),
      JSON.stringify({ mutedTypes: ['cliente-curtiu'], fanout: { role: 'satellite', listen: null, joinCode: code } }),
    );
    let desk = await startFakeDesk({ root });

    // Another desk, as saved (its main desk is not there: it keeps trying), the code sealed at once.
    expect((await answer<Status>(desk, 'getStatus')).fanout?.role).toBe('satellite');
    const text = fs.readFileSync(path.join(desk.dataDir, 'config.json'), 'utf8');
    expect(text).not.toContain(code);
    expect((readConfig(desk).fanout as Json).joinCode).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    const shown = await answer<SettingsView>(desk, 'getSettings');
    expect(shown.settings.fanout).toEqual({ role: 'satellite', listen: null });
    expect(shown.fanout).toEqual({
      running: 'satellite',
      source: 'settings',
      joinCodeSaved: true,
      restartNeeded: false,
    });
    expect(JSON.stringify(shown)).not.toContain(code);

    const before = readConfig(desk);
    const changed = await answer<SettingsView>(desk, 'updateSettings', { fanout: { role: 'off' } });
    expect(changed.fanout).toMatchObject({ running: 'satellite', restartNeeded: true });
    const saved = readConfig(desk);
    expect(saved).toEqual({ ...before, fanout: { ...(before.fanout as Json), role: 'off' } });

    expect(await answer(desk, 'restartApp')).toEqual({ restarting: true });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });
    // Relaunch asked, then quit through before-quit (the core closed first), not a hard exit.
    const notices = desk.notices.filter((notice) => notice.event === 'relaunch' || notice.event === 'exit');
    expect(notices).toEqual([
      // Opened again in view, with the same entry (node's argv[1]).
      { event: 'relaunch', args: [DESKTOP_ENTRY] },
      { event: 'exit', code: 0, via: 'quit' },
    ]);
    expect(desk.appOutput()).toContain('stopped');

    // Opened again, as Electron would: alone now, and nothing else in config.json moved.
    desk = await startFakeDesk({ root });
    expect((await answer<Status>(desk, 'getStatus')).fanout).toBeNull();
    expect((await answer<SettingsView>(desk, 'getSettings')).fanout).toEqual({
      running: 'off',
      source: 'settings',
      joinCodeSaved: true,
      restartNeeded: false,
    });
    expect(readConfig(desk)).toEqual(saved);
  }, 30_000);
});
