// config.json: validated on read, partial files valid, a malformed one backed up and replaced by defaults.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettingsStore, resolveWebhookSecret } from '../../../../../main/core/settings/settings-store.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { buildPayload, fakeCustomer } from '../../../../../main/headless/simulator/payloads.js';
import { DEFAULT_SETTINGS } from '../../../../../shared/settings-schema.js';
import { startHeadless, stopHeadlessChildren } from '../../../../support/headless-process.js';
import { makeTempDir, postTo, startTempService, type TempService } from '../../../../support/temp-service.js';

const dirs: string[] = [];
let running: TempService | null = null;
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await stopHeadlessChildren();
  await running?.close();
  running = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const backups = (dir: string): string[] =>
  fs.readdirSync(dir).filter((name) => name.startsWith('config.json.invalid-'));

describe('settings', () => {
  it('backs up a config.json that is not JSON and the service starts on defaults', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{"mutedTypes": ["cliente-chegou"');
    const { url } = await startHeadless(dir, [], { WIFIRE_DESK_TOKEN: '' });
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(1)))).status).toBe(200);
    const [backup] = backups(dir);
    expect(fs.readFileSync(path.join(dir, backup!), 'utf8')).toBe('{"mutedTypes": ["cliente-chegou"');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo', mutedTypes: [] });
  });

  it('takes a file with only some keys as valid, the rest at their defaults, and writes no backup', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ mutedTypes: ['cliente-curtiu'] }));
    const settings = openSettingsStore(dir, silentLogger).get();
    expect(settings).toMatchObject({ ...DEFAULT_SETTINGS, mutedTypes: ['cliente-curtiu'] });
    expect(backups(dir)).toEqual([]);
  });

  it('keeps the sound keys of a file with one bad value, resets that key, and keeps a copy', () => {
    const dir = tempDir();
    const original = {
      locale: 'en',
      timeZone: 'Mars/Olympus_Mons',
      mutedTypes: ['cliente-curtiu'],
      webhookSecret: 'abcdefghijklmnopqrstuvwxyz012345',
    };
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(original));
    const settings = openSettingsStore(dir, silentLogger).get();
    expect(settings).toMatchObject({
      locale: 'en',
      timeZone: 'America/Sao_Paulo',
      mutedTypes: ['cliente-curtiu'],
      webhookSecret: original.webhookSecret,
    });
    expect(backups(dir)).toHaveLength(1);
  });

  it('persists a change at once and refuses an invalid one', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    store.update({ mutedTypes: ['cliente-tirou-foto'] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({
      mutedTypes: ['cliente-tirou-foto'],
    });
    expect(() => store.update({ locale: 'fr' as 'en' })).toThrow();
    expect(openSettingsStore(dir, silentLogger).get().mutedTypes).toEqual(['cliente-tirou-foto']);
  });

  it('changes one privacy value without resetting its neighbour to the default', () => {
    const store = openSettingsStore(tempDir(), silentLogger);
    store.update({ privacy: { keepCpfRg: true } });
    store.update({ privacy: { retentionDays: 60 } });
    expect(store.get().privacy).toEqual({ keepCpfRg: true, retentionDays: 60 });
    store.update({ intake: { burst: 50 } });
    expect(store.get().intake).toEqual({ ratePerSecond: 20, burst: 50 });
  });

  it('regenerates the webhook secret on request and keeps the new one', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    const before = store.get().webhookSecret;
    const after = store.regenerateWebhookSecret().webhookSecret;
    expect(after).not.toBe(before);
    expect(openSettingsStore(dir, silentLogger).get().webhookSecret).toBe(after);
  });

  it('writes no unused secret of its own while WIFIRE_DESK_TOKEN supplies one', async () => {
    const dir = tempDir();
    const { url } = await startHeadless(dir);
    expect(url).toContain('/hooks/');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.webhookSecret).toBeUndefined();
    expect(config.panelToken).toEqual(expect.any(String));
  });

  it('uses WIFIRE_DESK_TOKEN over the kept secret without writing it to disk', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    const token = 'from-the-environment-0123456789';
    expect(resolveWebhookSecret(store.get(), { WIFIRE_DESK_TOKEN: token })).toBe(token);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).not.toContain(token);
  });
});

describe('muted types', () => {
  it('stores and lists a muted type but never pops it up; a change applies without restart', async () => {
    running = await startTempService({ config: { mutedTypes: ['cliente-conectou'] } });
    const { service, post, popUps } = running;
    const muted = await post(buildPayload('cliente-conectou', fakeCustomer(5)));
    const loud = await post(buildPayload('cliente-chegou', fakeCustomer(5)));
    await service.notifier.idle();
    expect((await service.store.getEvent(String(muted.body.id)))?.type).toBe('cliente-conectou');
    expect(popUps.map((p) => p.eventId)).toEqual([loud.body.id]);

    service.settings.update({ mutedTypes: [] });
    const now = await post(buildPayload('cliente-conectou', fakeCustomer(6)));
    await service.notifier.idle();
    expect(popUps.map((p) => p.eventId)).toEqual([loud.body.id, now.body.id]);
  });
});
