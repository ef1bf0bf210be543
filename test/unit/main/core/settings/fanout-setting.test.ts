// "Este computador é…" in config.json: off by default, a change of role touches nothing else in the file, the
// address and the code are checked as the service will read them, and the saved choice becomes this run's fan-out.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../main/core/logger.js';
import {
  fanoutFromSetting,
  fanoutSettingIssues,
  joinCodesOf,
  savedDiffersFromRunning,
} from '../../../../../main/core/settings/fanout-setting.js';
import { openSettingsStore } from '../../../../../main/core/settings/settings-store.js';
import { DEFAULT_FANOUT, DEFAULT_SETTINGS, settingsPatchSchema } from '../../../../../shared/settings-schema.js';
import { recordingLogger, type LogEntry } from '../../../../support/recording-logger.js';
import {
  allSamples,
  groupFields,
  sampleCredsFile,
  sampleJoinCode,
  sampleSharedJoinCode,
} from '../../../../support/settings-samples.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir('wifire-fanout-setting-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const readConfig = (dir: string): Json => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Json;
const backups = (dir: string): string[] =>
  fs.readdirSync(dir).filter((name) => name.startsWith('config.json.invalid-'));

const CODE = sampleJoinCode(4600);
const OTHER_CODE = sampleJoinCode(4601, 'abcdef01');

/** What a refused update said: each issue's path and message. */
function refusalOf(update: () => unknown): { path: string; message: string }[] {
  try {
    update();
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    return issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  }
  throw new Error('the update was not refused');
}

/** A place that has set everything up: mutes, quiet hours, a tunnel, language… (every sample but fan-out's). */
function busyConfig(): Json {
  return { ...JSON.parse(JSON.stringify(allSamples(0))), fanout: DEFAULT_FANOUT } as Json;
}

describe('the saved fan-out choice', () => {
  it('is off by default, written to config.json with no address and no code', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    expect(store.get().fanout).toEqual({ role: 'off', listen: null });
    expect(readConfig(dir).fanout).toEqual({ role: 'off', listen: null });
    expect(DEFAULT_SETTINGS.fanout).toEqual({ role: 'off', listen: null });
  });

  it('is a group a patch changes field by field', () => {
    expect(groupFields('fanout')).toEqual(['role', 'listen', 'joinCode', 'natsCreds']);
    expect(settingsPatchSchema.parse({ fanout: { role: 'hub' } })).toEqual({ fanout: { role: 'hub' } });
    expect(settingsPatchSchema.parse({ fanout: { listen: null } })).toEqual({ fanout: { listen: null } });
  });

  it('changes the role alone: the whole config.json stays as it was but for that one field', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(busyConfig()));
    const store = openSettingsStore(dir, silentLogger);
    const before = readConfig(dir);
    expect(before.mutedTypes).toEqual(allSamples(0).mutedTypes);
    expect(before.quietHours).toEqual(allSamples(0).quietHours);

    const steps: { patch: Json; fanout: Json }[] = [
      { patch: { role: 'hub' }, fanout: { role: 'hub', listen: null } },
      { patch: { listen: '192.168.0.10:4562' }, fanout: { role: 'hub', listen: '192.168.0.10:4562' } },
      {
        patch: { role: 'satellite', joinCode: CODE },
        fanout: { role: 'satellite', listen: '192.168.0.10:4562', joinCode: CODE },
      },
      { patch: { role: 'off' }, fanout: { role: 'off', listen: '192.168.0.10:4562', joinCode: CODE } },
      { patch: { role: 'hub', listen: null }, fanout: { role: 'hub', listen: null, joinCode: CODE } },
    ];
    for (const { patch, fanout } of steps) {
      store.update({ fanout: patch });
      const label = JSON.stringify(patch);
      expect(readConfig(dir), label).toEqual({ ...before, fanout });
      expect(openSettingsStore(dir, silentLogger).get(), `${label} after a restart`).toEqual({
        ...store.get(),
        fanout,
      });
    }
  });

  it('refuses a code the service could not join with, an address it could not listen on, another desk with no code', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(busyConfig()));
    const store = openSettingsStore(dir, silentLogger);
    const before = readConfig(dir);
    const refusals: [Json, string, string][] = [
      [{ role: 'satellite', joinCode: 'wdj1.bm90LWEtY29kZQ' }, 'fanout.joinCode', 'is not a valid join code'],
      [{ role: 'satellite', joinCode: 'https://example.com/convite' }, 'fanout.joinCode', 'is not a valid join code'],
      [{ role: 'satellite' }, 'fanout.joinCode', 'another desk needs the join code'],
      [{ role: 'hub', listen: '192.168.0.10' }, 'fanout.listen', 'must be HOST:PORT'],
      [{ role: 'hub', listen: 'hub:99999' }, 'fanout.listen', 'must be HOST:PORT'],
    ];
    for (const [patch, where, message] of refusals) {
      let thrown: unknown;
      try {
        store.update({ fanout: patch });
      } catch (error) {
        thrown = error;
      }
      const issues = (thrown as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues ?? [];
      expect(
        issues.map((issue) => issue.path.join('.')),
        JSON.stringify(patch),
      ).toEqual([where]);
      expect(issues[0]!.message).toContain(message);
      // Never the value in the refusal.
      if (typeof patch.joinCode === 'string') expect(JSON.stringify(issues)).not.toContain(patch.joinCode);
      expect(readConfig(dir)).toEqual(before);
    }
    expect(store.get().fanout).toEqual(DEFAULT_FANOUT);
  });

  it('turns a hand-edited code or address the service could not use back to off, keeps a copy, and keeps the rest', () => {
    for (const fanout of [
      { role: 'satellite', listen: null, joinCode: 'wdj1.c2VjcmV0LWNvZGUtb25l' },
      { role: 'hub', listen: 'not an address' },
    ]) {
      const dir = tempDir();
      const written = { ...busyConfig(), fanout };
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(written));
      const logs: LogEntry[] = [];
      const store = openSettingsStore(dir, recordingLogger(logs));
      expect(store.get().fanout).toEqual(DEFAULT_FANOUT);
      const { webhookSecret: _s, panelToken: _t, ...kept } = readConfig(dir);
      expect(kept).toEqual({ ...written, fanout: DEFAULT_FANOUT });
      expect(backups(dir)).toHaveLength(1);
      expect(JSON.stringify(logs)).not.toContain('c2VjcmV0LWNvZGUtb25l');
    }
  });
});

describe('another desk with several codes and a NATS credentials file', () => {
  const SHARED_A = sampleSharedJoinCode(4700, 'aaaa0001');
  const SHARED_B = sampleSharedJoinCode(4700, 'aaaa0002');
  const OWN_A = sampleJoinCode(4710, 'bbbb0001');
  const OWN_B = sampleJoinCode(4711, 'bbbb0002');

  function busyStore(): { dir: string; store: ReturnType<typeof openSettingsStore>; before: Json } {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(busyConfig()));
    const store = openSettingsStore(dir, silentLogger);
    return { dir, store, before: readConfig(dir) };
  }

  it('saves one code per line as one string, and touches nothing else in config.json', () => {
    const { dir, store, before } = busyStore();
    const joinCode = `${OWN_A}\n${OWN_B}`;
    store.update({ fanout: { role: 'satellite', joinCode: `  ${OWN_A}\n\n ${OWN_B}  ` } });
    expect(readConfig(dir)).toEqual({
      ...before,
      fanout: { role: 'satellite', listen: null, joinCode: `${OWN_A}\n\n ${OWN_B}` },
    });
    expect(joinCodesOf(store.get().fanout)).toEqual([OWN_A, OWN_B]);
    expect(fanoutFromSetting(store.get().fanout)).toEqual({
      role: 'satellite',
      joinCode: OWN_A,
      moreJoinCodes: [OWN_B],
    });
    store.update({ fanout: { joinCode } });
    expect(readConfig(dir)).toEqual({ ...before, fanout: { role: 'satellite', listen: null, joinCode } });
    expect(openSettingsStore(dir, silentLogger).get().fanout).toEqual({ role: 'satellite', listen: null, joinCode });
  });

  it('saves codes of an existing NATS with the credentials file’s path, never its content', () => {
    const { dir, store, before } = busyStore();
    const creds = sampleCredsFile('desk-ok');
    const joinCode = `${SHARED_A}\n${SHARED_B}`;
    store.update({ fanout: { role: 'satellite', joinCode, natsCreds: creds } });
    const fanout = { role: 'satellite', listen: null, joinCode, natsCreds: creds };
    expect(readConfig(dir)).toEqual({ ...before, fanout });
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).not.toContain(fs.readFileSync(creds, 'utf8').trim());
    expect(fanoutFromSetting(store.get().fanout)).toEqual({
      role: 'satellite',
      joinCode: SHARED_A,
      moreJoinCodes: [SHARED_B],
      credsFile: creds,
    });
    // Another setting later does not read the file again: one gone missing never blocks the rest.
    fs.renameSync(creds, `${creds}.moved`);
    store.update({ mutedTypes: ['cliente-conectou'] });
    expect(readConfig(dir)).toEqual({ ...before, mutedTypes: ['cliente-conectou'], fanout });
    fs.renameSync(`${creds}.moved`, creds);
  });

  it('refuses a bad code among several, the same place twice, more than 50 codes, and a slip of the credentials file', () => {
    const { dir, store, before } = busyStore();
    const missing = path.join(dir, 'nao-existe.creds');
    const notCreds = path.join(dir, 'anotacoes.txt');
    fs.writeFileSync(notCreds, 'senha do wifi: 1234\n');
    const many = Array.from({ length: 51 }, (_, i) => sampleJoinCode(4800 + i, `cc${String(i).padStart(6, '0')}`));
    const refusals: [Json, string, string][] = [
      [{ role: 'satellite', joinCode: `${OWN_A}\nwdj1.bm90LWEtY29kZQ` }, 'fanout.joinCode', 'is not a valid join code'],
      [
        { role: 'satellite', joinCode: `${OWN_A} ${sampleJoinCode(4999, 'bbbb0001')}` },
        'fanout.joinCode',
        'same main desk',
      ],
      [{ role: 'satellite', joinCode: many.join('\n') }, 'fanout.joinCode', 'at most 50 places'],
      [
        { role: 'satellite', joinCode: `${OWN_A}\n${SHARED_A}` },
        'fanout.natsCreds',
        'needs this desk’s NATS credentials file',
      ],
      [{ role: 'satellite', joinCode: SHARED_A, natsCreds: 'balcao.creds' }, 'fanout.natsCreds', 'full path'],
      [
        { role: 'satellite', joinCode: OWN_A, natsCreds: sampleCredsFile('desk-own') },
        'fanout.natsCreds',
        'only goes with codes for an existing NATS',
      ],
      [
        { role: 'satellite', joinCode: SHARED_A, natsCreds: missing },
        'fanout.natsCreds',
        `Could not read the NATS credentials file ${missing} (ENOENT)`,
      ],
      [
        { role: 'satellite', joinCode: SHARED_A, natsCreds: notCreds },
        'fanout.natsCreds',
        `${notCreds} is neither a NATS credentials file`,
      ],
    ];
    for (const [patch, where, message] of refusals) {
      const issues = refusalOf(() => store.update({ fanout: patch }));
      expect(
        issues.map((issue) => issue.path),
        JSON.stringify(patch),
      ).toEqual([where]);
      expect(issues[0]!.message, JSON.stringify(patch)).toContain(message);
      // Never a code, nor what the file holds, in the refusal.
      for (const code of joinCodesOf({ joinCode: patch.joinCode as string })) {
        expect(JSON.stringify(issues)).not.toContain(code);
      }
      expect(JSON.stringify(issues)).not.toContain('1234');
      expect(readConfig(dir)).toEqual(before);
    }
    // 50 places is the most, and is fine.
    store.update({ fanout: { role: 'satellite', joinCode: many.slice(0, 50).join('\n') } });
    expect(joinCodesOf(store.get().fanout)).toHaveLength(50);
  });

  it('takes away the credentials file with codes of the place’s own nats-server', () => {
    const { dir, store, before } = busyStore();
    store.update({ fanout: { role: 'satellite', joinCode: SHARED_A, natsCreds: sampleCredsFile('desk-swap') } });
    store.update({ fanout: { joinCode: OWN_A, natsCreds: null } });
    expect(readConfig(dir)).toEqual({
      ...before,
      fanout: { role: 'satellite', listen: null, joinCode: OWN_A, natsCreds: null },
    });
    expect(fanoutFromSetting(store.get().fanout)).toEqual({ role: 'satellite', joinCode: OWN_A });
  });

  it('differs from what runs when a code or the credentials file changed, not when only their order did', () => {
    const running = { role: 'satellite' as const, joinCode: SHARED_A, moreJoinCodes: [SHARED_B], credsFile: '/c/a.nk' };
    const saved = { role: 'satellite' as const, listen: null, natsCreds: '/c/a.nk' };
    expect(savedDiffersFromRunning({ ...saved, joinCode: `${SHARED_A}\n${SHARED_B}` }, running)).toBe(false);
    expect(savedDiffersFromRunning({ ...saved, joinCode: `${SHARED_B}\n${SHARED_A}` }, running)).toBe(false);
    expect(savedDiffersFromRunning({ ...saved, joinCode: SHARED_A }, running)).toBe(true);
    expect(
      savedDiffersFromRunning({ ...saved, joinCode: `${SHARED_A}\n${SHARED_B}`, natsCreds: '/c/b.nk' }, running),
    ).toBe(true);
    expect(savedDiffersFromRunning({ ...saved, joinCode: `${SHARED_A}\n${SHARED_B}`, natsCreds: null }, running)).toBe(
      true,
    );
  });
});

describe('the saved choice at start', () => {
  it('is off, a hub on its address (with the shell’s own nats-server folder), or another desk with its code', () => {
    const dirs = { natsSearchDirs: ['/opt/WiFire Desk/resources/nats-server'] };
    expect(fanoutFromSetting(DEFAULT_FANOUT, dirs)).toBeUndefined();
    expect(fanoutFromSetting({ role: 'off', listen: '10.0.0.2:4562', joinCode: CODE }, dirs)).toBeUndefined();
    expect(fanoutFromSetting({ role: 'hub', listen: null, joinCode: CODE }, dirs)).toEqual({ role: 'hub', ...dirs });
    expect(fanoutFromSetting({ role: 'hub', listen: '[::1]:4570' })).toEqual({
      role: 'hub',
      listen: { host: '::1', port: 4570 },
    });
    expect(fanoutFromSetting({ role: 'satellite', listen: '10.0.0.2:4562', joinCode: CODE }, dirs)).toEqual({
      role: 'satellite',
      joinCode: CODE,
    });
  });

  it('is checked with the parsers the service starts with', () => {
    expect(fanoutSettingIssues({ role: 'hub', listen: '0.0.0.0:4562', joinCode: CODE })).toEqual([]);
    expect(fanoutSettingIssues({ role: 'hub', listen: '0.0.0.0:0' }).map((issue) => issue.path)).toEqual([
      ['fanout', 'listen'],
    ]);
  });

  it('differs from what runs when the role, the hub’s address or the code changed', () => {
    const hub = { role: 'hub' as const };
    expect(savedDiffersFromRunning(DEFAULT_FANOUT, undefined)).toBe(false);
    expect(savedDiffersFromRunning({ role: 'hub', listen: null }, undefined)).toBe(true);
    expect(savedDiffersFromRunning(DEFAULT_FANOUT, hub)).toBe(true);
    expect(savedDiffersFromRunning({ role: 'hub', listen: null }, hub)).toBe(false);
    // The default address, written or not, is the same address.
    expect(savedDiffersFromRunning({ role: 'hub', listen: '0.0.0.0:4562' }, hub)).toBe(false);
    expect(savedDiffersFromRunning({ role: 'hub', listen: '127.0.0.1:4562' }, hub)).toBe(true);
    const satellite = { role: 'satellite' as const, joinCode: CODE };
    expect(savedDiffersFromRunning({ role: 'satellite', listen: null, joinCode: CODE }, satellite)).toBe(false);
    expect(savedDiffersFromRunning({ role: 'satellite', listen: null, joinCode: OTHER_CODE }, satellite)).toBe(true);
    expect(savedDiffersFromRunning({ role: 'hub', listen: null, joinCode: CODE }, satellite)).toBe(true);
  });
});
