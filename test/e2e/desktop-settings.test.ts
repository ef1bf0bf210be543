// The desktop shell's settings, kept by the real electron-store inside the built entry (fake `electron`), changed
// over IPC one key and one nested field at a time as the panel does: each change alone, in the answer, in
// config.json and after quitting and starting again.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL } from '../../shared/tunnel-settings.js';
import { DEFAULT_FANOUT, DEFAULT_SETTINGS, type Settings } from '../../shared/settings-schema.js';
import { allSamples, groupFields, singlePatches, type PatchKey } from '../support/settings-samples.js';
import { startFakeDesk, stopFakeDesks, type FakeDesk } from '../support/fake-electron-app.js';
import { makeTempDir } from '../support/temp-service.js';

afterEach(async () => {
  await stopFakeDesks();
});

type Choices = Omit<Settings, 'webhookSecret' | 'panelToken' | 'tunnelConfirmed' | 'firstRun'>;

// The tunnel stays off here: a preset would start its program. Its patches are walked in test/settings-patch.test.ts.
// So does fan-out: a role starts nats-server or a link to a hub at the restart, and the join code is sealed on disk;
// its patches are walked there too, and the desktop's choice in test/unit/main/desktop/desktop-fanout.test.ts.
/** Every sample applied: the choices only (main's first-run facts are not a choice). */
function choices(which: 0 | 1): Choices {
  const { firstRun: _facts, ...samples } = allSamples(which);
  return { ...samples, tunnel: DEFAULT_TUNNEL, fanout: DEFAULT_FANOUT };
}
const START: Choices = choices(0);
const PATCHES = singlePatches(1).filter(({ label }) => label !== 'tunnel' && !label.startsWith('fanout.'));

function choicesOnDisk(desk: FakeDesk): unknown {
  const {
    webhookSecret: _secret,
    panelToken: _token,
    firstRun: _firstRun, // facts main notes, not choices
    ...rest
  } = JSON.parse(fs.readFileSync(path.join(desk.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  return rest;
}

async function choicesShown(desk: FakeDesk): Promise<unknown> {
  const answer = await desk.invoke('getSettings');
  if (!answer.ok) throw new Error(`getSettings failed: ${JSON.stringify(answer)}`);
  return (answer.result as { settings: unknown }).settings;
}

function expectedAfter(before: Choices, patch: Record<string, unknown>): Choices {
  const [[key, value]] = Object.entries(patch) as [[PatchKey, unknown]];
  if (!groupFields(key)) return { ...before, [key]: value };
  return { ...before, [key]: { ...(before[key] as object), ...(value as object) } };
}

describe('the desktop settings on electron-store', () => {
  it('changes one key or nested field at a time over IPC and keeps every other, across a restart', async () => {
    const root = makeTempDir('wifire-desk-settings-');
    fs.mkdirSync(path.join(root, 'data'), { mode: 0o700 });
    fs.writeFileSync(path.join(root, 'data', 'config.json'), JSON.stringify(START));
    let desk = await startFakeDesk({ root });
    let expected = START;
    expect(choicesOnDisk(desk)).toEqual(expected);
    expect(await choicesShown(desk)).toEqual(expected);

    for (const { label, patch } of PATCHES) {
      expected = expectedAfter(expected, patch);
      const answer = await desk.invoke('updateSettings', patch);
      expect(answer, label).toMatchObject({ ok: true, result: { settings: expected } });
      expect(choicesOnDisk(desk), label).toEqual(expected);
    }
    expect(expected).toEqual(choices(1));
    expect(expected).not.toEqual({ ...DEFAULT_SETTINGS, tunnel: DEFAULT_TUNNEL });

    // The tray follows: in Portuguese again, and offering to pause since notifications were resumed.
    const menuOf = (d: FakeDesk): Promise<string[]> =>
      d.waitForState((state) => {
        const labels = state.tray?.menu?.map((item) => item.label ?? '—');
        return labels?.includes('Pausar notificações') && labels.includes('Sair do WiFire Desk') ? labels : undefined;
      }, 'the tray menu in pt-BR with "Pausar notificações"');
    await menuOf(desk);
    await desk.command({ op: 'menu', label: 'Sair do WiFire Desk' });
    expect(await desk.waitForExit()).toEqual({ code: 0, signal: null });
    desk = await startFakeDesk({ root });
    expect(choicesOnDisk(desk)).toEqual(expected);
    expect(await choicesShown(desk)).toEqual(expected);
    await menuOf(desk);
  });
});
