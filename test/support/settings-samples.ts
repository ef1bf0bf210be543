// Two distinct values, neither the default, for every setting a patch may carry: what the generative settings
// tests patch one key (and one nested field) at a time. A key missing here fails the type-check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { afterAll } from 'vitest';
import { z } from 'zod';
import { encodeJoinCode } from '../../main/core/fanout/join-code.js';
import {
  DEFAULT_SETTINGS,
  patchOf,
  settingsPatchSchema,
  settingsSchema,
  settingsShape,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings-schema.js';

export type PatchKey = keyof typeof settingsPatchSchema.shape;

/** A join code as a hub makes it, for a hub that is not there: what "outro balcão" saves. */
export function sampleJoinCode(port: number, hub = '0123abcd'): string {
  return encodeJoinCode({
    addresses: [`127.0.0.1:${port}`],
    account: 'wifire',
    hub,
    invitation: '89abcdef',
    seed: `SU${'A'.repeat(56)}`,
    pin: '0'.repeat(64),
  });
}

/** A join code for a hub on an existing NATS (the desk also needs a credentials file), for a hub not there. */
export function sampleSharedJoinCode(port: number, hub = '4567cdef'): string {
  return encodeJoinCode({
    servers: [`nats://127.0.0.1:${port}`],
    account: 'rede-x',
    hub,
    invitation: '89abcdef',
    seed: `SU${'A'.repeat(56)}`,
  });
}

/** A folder of this process's sample credentials files, removed when it exits. */
let credsDir: string | null = null;
// Removed when the test file that imported these samples ends: vitest's workers end without an 'exit' event, and
// every CI run left its folders behind.
afterAll(() => {
  if (credsDir !== null) fs.rmSync(credsDir, { recursive: true, force: true });
  credsDir = null;
});

/** A valid NKEY user seed in a file, as a NATS administrator hands it over: its full path. */
export function sampleCredsFile(name: string): string {
  if (credsDir === null) {
    credsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-sample-creds-'));
  }
  const file = path.join(credsDir, `${name}.nk`);
  if (!fs.existsSync(file)) {
    const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
    fs.writeFileSync(file, `${seed}\n`, { mode: 0o600 });
  }
  return file;
}

export const SETTING_SAMPLES: {
  [K in PatchKey]-?: readonly [NonNullable<SettingsPatch[K]>, NonNullable<SettingsPatch[K]>];
} = {
  locale: ['en', 'pt-BR'],
  timeZone: ['America/Manaus', 'America/Recife'],
  mutedTypes: [['cliente-conectou', 'cliente-curtiu'], ['cliente-tirou-foto']],
  mutedEstablishments: [['filial-centro'], ['filial-praia', 'filial-centro']],
  privacy: [
    { keepCpfRg: true, retentionDays: 90 },
    { keepCpfRg: false, retentionDays: 7 },
  ],
  intake: [
    { ratePerSecond: 5, burst: 40 },
    { ratePerSecond: 50, burst: 500 },
  ],
  tunnel: [
    { preset: 'ngrok', domain: 'boteco.ngrok.app' },
    { preset: 'ssh', mode: 'server', host: 'tunel.boteco.com.br', port: 2222, user: 'wifire', remotePort: 8080 },
  ],
  startAtLogin: [false, true],
  notificationsPaused: [true, false],
  quietHours: [
    [{ days: [1, 2, 3, 4, 5], from: '23:00', to: '07:00' }],
    [
      { days: [0], from: '00:00', to: '12:00' },
      { days: [6], from: '14:30', to: '18:00' },
    ],
  ],
  urgentRepeat: [
    { intervalMinutes: 5, maxRepeats: 3 },
    { intervalMinutes: 0, maxRepeats: 10 },
  ],
  staleArrivalMinutes: [45, 120],
  burst: [
    { limit: 5, windowSeconds: 30 },
    { limit: 1, windowSeconds: 60 },
  ],
  followedEstablishments: [['filial-centro'], ['filial-praia']],
  fanout: [
    // Codes for an existing NATS with their credentials files: any mix of the two samples' fields can be saved.
    {
      role: 'hub',
      listen: '127.0.0.1:4999',
      joinCode: sampleSharedJoinCode(4999),
      natsCreds: sampleCredsFile('sample-a'),
    },
    {
      role: 'satellite',
      listen: '[::1]:4998',
      joinCode: `${sampleSharedJoinCode(4998, 'fedc4321')}\n${sampleSharedJoinCode(4998, 'fedc4322')}`,
      natsCreds: sampleCredsFile('sample-b'),
    },
  ],
};

/** The keys a patch may carry, read from the schema itself: a new setting is walked without anyone listing it. */
export function patchKeys(): PatchKey[] {
  return Object.keys(settingsPatchSchema.shape) as PatchKey[];
}

/** The fields of a setting that is an object group (privacy, intake…), also read from the schema; else null. */
export function groupFields(key: PatchKey): string[] | null {
  if (key === 'tunnel') return null; // saved whole: one preset's fields at a time
  const schema = patchOf(settingsShape[key] as z.ZodType);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : null;
}

/** One patch per key with its whole sample, then one per nested field of each group, in the order given. */
export function singlePatches(which: 0 | 1): { label: string; patch: SettingsPatch }[] {
  const patches: { label: string; patch: SettingsPatch }[] = [];
  for (const key of patchKeys()) {
    const sample = SETTING_SAMPLES[key][which];
    const fields = groupFields(key);
    if (!fields) {
      patches.push({ label: key, patch: { [key]: sample } });
      continue;
    }
    for (const field of fields) {
      patches.push({
        label: `${key}.${field}`,
        patch: { [key]: { [field]: (sample as Record<string, unknown>)[field] } },
      });
    }
  }
  return patches;
}

/** The settings with every sample of `which` applied over `base`, as the store would hold them (defaults filled in). */
export function allSamples(which: 0 | 1, base: Settings = DEFAULT_SETTINGS): Settings {
  const next: Record<string, unknown> = { ...base };
  for (const key of patchKeys()) next[key] = SETTING_SAMPLES[key][which];
  return settingsSchema.parse(next);
}
