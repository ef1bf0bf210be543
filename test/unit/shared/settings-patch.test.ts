// A settings change changes that setting alone: generated over the settings shape, one key and one nested field at
// a time, checked in memory, in config.json and after a restart. (Zod fills defaults inside `.partial()`: a patch
// built that way carried every other key at its default, and muting then adding quiet hours reset the mutes.)
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger.js';
import { openSettingsStore } from '../../../main/core/settings/settings-store.js';
import {
  DEFAULT_SETTINGS,
  settingsPatchSchema,
  settingsSchema,
  type Settings,
} from '../../../shared/settings-schema.js';
import { tunnelSettingsSchema } from '../../../shared/tunnel-settings.js';
import {
  allSamples,
  groupFields,
  patchKeys,
  SETTING_SAMPLES,
  singlePatches,
  type PatchKey,
} from '../../support/settings-samples.js';
import { makeTempDir } from '../../support/temp-service.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const readConfig = (dir: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** What one single-key patch should leave, worked out here rather than by the code under test. */
function expectedAfter(before: Settings, patch: Record<string, unknown>): Settings {
  const [[key, value]] = Object.entries(patch) as [[PatchKey, unknown]];
  if (key === 'tunnel') return { ...before, tunnel: tunnelSettingsSchema.parse(value) };
  if (groupFields(key)) {
    const group = before[key] as Record<string, unknown>;
    return { ...before, [key]: { ...group, ...(value as Record<string, unknown>) } } as Settings;
  }
  return { ...before, [key]: value } as Settings;
}

describe('the settings samples', () => {
  it('cover every key a patch may carry, each with a first value that is not the default and a second unlike it', () => {
    expect(Object.keys(SETTING_SAMPLES).sort()).toEqual(patchKeys().sort());
    for (const key of patchKeys()) {
      const [first, second] = SETTING_SAMPLES[key];
      expect(first, key).not.toEqual(second);
      expect(settingsSchema.parse({ [key]: first })[key], key).not.toEqual(DEFAULT_SETTINGS[key]);
      expect(() => settingsSchema.parse({ [key]: second }), key).not.toThrow();
    }
    // Every nested field of a group differs between the two samples, so each field's patch is a real change.
    for (const key of patchKeys()) {
      for (const field of groupFields(key) ?? []) {
        const [first, second] = SETTING_SAMPLES[key] as readonly Record<string, unknown>[];
        expect(first![field], `${key}.${field}`).not.toEqual(second![field]);
      }
    }
  });
});

describe('a settings patch', () => {
  it('holds only what the sender sent, nested groups field by field', () => {
    for (const { label, patch } of [...singlePatches(0), ...singlePatches(1)]) {
      const checked = settingsPatchSchema.parse(patch);
      if (label === 'tunnel') expect(Object.keys(checked), label).toEqual(['tunnel']);
      else expect(checked, label).toEqual(patch);
    }
    expect(settingsPatchSchema.parse({})).toEqual({});
    expect(settingsPatchSchema.parse({ privacy: {} })).toEqual({ privacy: {} });
  });

  it('never sets the secrets or the tunnel confirmation', () => {
    const checked = settingsPatchSchema.parse({
      webhookSecret: 'abcdefghijklmnopqrstuvwxyz012345',
      panelToken: 'abcdefghijklmnopqrstuvwxyz012345',
      tunnelConfirmed: 'a'.repeat(43),
      locale: 'en',
    });
    expect(checked).toEqual({ locale: 'en' });
  });
});

describe('the settings store', () => {
  it('changes one key or one nested field at a time and leaves every other exactly as it was, across restarts', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(allSamples(0)));
    const store = openSettingsStore(dir, silentLogger);
    const { webhookSecret, panelToken } = store.get();
    let expected: Settings = { ...allSamples(0), webhookSecret, panelToken };
    expect(store.get()).toEqual(expected);

    // Forward to the second samples, then back to the first: every key is watched while it holds a value that is
    // not its default (the first samples), whichever order the patches come in.
    for (const which of [1, 0] as const) {
      for (const { label, patch } of singlePatches(which)) {
        expected = expectedAfter(expected, patch);
        const answered = store.update(patch);
        expect(answered, label).toEqual(expected);
        expect(store.get(), label).toEqual(expected);
        expect(readConfig(dir), label).toEqual(asJson(expected));
        expect(openSettingsStore(dir, silentLogger).get(), `${label} after a restart`).toEqual(expected);
      }
      // Every key now holds that pass's sample: nothing was reset along the way.
      expect(store.get()).toEqual({ ...allSamples(which), webhookSecret, panelToken });
    }
  });

  it('keeps every change made in a row from the defaults: mutes, quiet hours, time zone, language', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    const { webhookSecret, panelToken } = store.get();
    for (const { patch } of singlePatches(0)) store.update(patch);
    const expected = { ...allSamples(0), webhookSecret, panelToken };
    expect(store.get()).toEqual(expected);
    expect(readConfig(dir)).toEqual(asJson(expected));
    expect(openSettingsStore(dir, silentLogger).get()).toEqual(expected);
  });

  it('regenerates the secret or confirms a URL without touching any other setting', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(allSamples(1)));
    const store = openSettingsStore(dir, silentLogger);
    const before = store.get();
    const regenerated = store.regenerateWebhookSecret();
    expect(regenerated.webhookSecret).not.toBe(before.webhookSecret);
    expect({ ...regenerated, webhookSecret: before.webhookSecret }).toEqual(before);
    const confirmed = store.confirmTunnelUrl('b'.repeat(43));
    expect(confirmed).toEqual({ ...regenerated, tunnelConfirmed: 'b'.repeat(43) });
    expect(openSettingsStore(dir, silentLogger).get()).toEqual(confirmed);
  });

  it('refuses an invalid patch and keeps every setting as it was', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(allSamples(0)));
    const store = openSettingsStore(dir, silentLogger);
    const before = store.get();
    expect(() => store.update({ privacy: { retentionDays: 0 } })).toThrow();
    expect(() => store.update({ burst: { limit: 99 } })).toThrow();
    expect(store.get()).toEqual(before);
    expect(readConfig(dir)).toEqual(asJson(before));
  });
});
