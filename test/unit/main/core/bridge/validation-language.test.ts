// A refused request speaks the desk's language: our own rules (a named tunnel without its hostname) and zod's own
// (a port too big) read in Portuguese on a pt-BR desk and in English on an English one, and never echo the values.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeEnvelope } from '../../../../../shared/bridge-contract.js';
import { VALIDATION_TEXTS } from '../../../../../shared/validation-texts.js';
import { makeTempDir, startTempService, type TempService } from '../../../../support/temp-service.js';

let t: TempService | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Issues = Array<{ path: string; message: string }>;

async function refusal(method: string, request: unknown): Promise<{ message: string; issues: Issues }> {
  const envelope = (await t!.service.bridge.invoke(method, request)) as BridgeEnvelope<unknown>;
  if (envelope.ok) throw new Error(`${method} was accepted`);
  expect(envelope.error.code).toBe('invalid_request');
  return { message: envelope.error.message, issues: (envelope.error.issues ?? []) as Issues };
}

const namedWithoutHostname = { tunnel: { preset: 'cloudflared', mode: 'named', token: 'eyJhIjoiNTcifQ' } };
const portTooBig = {
  tunnel: { preset: 'ssh', mode: 'server', host: 'tunnel.example.com', user: 'wifire', port: 70000 },
};

describe('a refused request, in the desk’s language', () => {
  it('reads in Portuguese on a pt-BR desk: our rules and zod’s own', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    t = await startTempService({ dir, config: { locale: 'pt-BR' } });

    const named = await refusal('updateSettings', namedWithoutHostname);
    expect(named.message).toBe('Pedido inválido.');
    expect(named.issues).toContainEqual({
      path: 'tunnel.hostname',
      message: VALIDATION_TEXTS.namedHostname['pt-BR'],
    });

    const port = await refusal('updateSettings', portTooBig);
    expect(port.issues).toHaveLength(1);
    expect(port.issues[0]!.path).toBe('tunnel.port');
    expect(port.issues[0]!.message).toMatch(/^Grande demais/);
    expect(port.issues[0]!.message).not.toContain('70000');

    const day = await refusal('listFeed', { limit: 10, fromDay: '3/12/2026' });
    expect(day.issues).toContainEqual({ path: 'fromDay', message: VALIDATION_TEXTS.day['pt-BR'] });
  });

  it('reads in English on an English desk, and changes with the language setting', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    t = await startTempService({ dir, config: { locale: 'en' } });
    const named = await refusal('updateSettings', namedWithoutHostname);
    expect(named.issues).toContainEqual({ path: 'tunnel.hostname', message: VALIDATION_TEXTS.namedHostname.en });
    expect((await refusal('updateSettings', portTooBig)).issues[0]!.message).toMatch(/^Too big/);

    const switched = (await t.service.bridge.invoke('updateSettings', { locale: 'pt-BR' })) as BridgeEnvelope<unknown>;
    expect(switched.ok).toBe(true);
    const again = await refusal('updateSettings', namedWithoutHostname);
    expect(again.issues).toContainEqual({ path: 'tunnel.hostname', message: VALIDATION_TEXTS.namedHostname['pt-BR'] });
  });
});

describe('VALIDATION_TEXTS', () => {
  it('has a Portuguese text for every rule, different from the English, and no English message twice', () => {
    const entries = Object.values(VALIDATION_TEXTS);
    for (const texts of entries) {
      expect(texts['pt-BR'].length).toBeGreaterThan(0);
      expect(texts['pt-BR']).not.toBe(texts.en);
    }
    expect(new Set(entries.map((texts) => texts.en)).size).toBe(entries.length);
  });

  it('is where the shared schemas take their messages from: none of them writes an English rule inline', () => {
    for (const file of ['shared/tunnel-settings.ts', 'shared/settings-schema.ts', 'shared/bridge-contract.ts']) {
      const source = fs.readFileSync(file, 'utf8');
      // A rule's message as a literal: .regex(x, '…'), .refine(f, '…'), { message: '…' }.
      expect(source, file).not.toMatch(/(?:,\s*|message:\s*)'(?:must|needs?|give|a named|the server)\b/);
    }
  });
});
