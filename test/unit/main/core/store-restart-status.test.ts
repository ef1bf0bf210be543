// A store worker that ends mid-day, as the staff and WiFire see it: the header and tray say the store is restarting
// (pushed to open views, in words), WiFire's delivery meanwhile gets a 503 and nothing is stored, and once the new
// worker is up the same delivery is stored, the desk shows what it showed before and nothing acknowledged was lost.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../../shared/bridge-contract.js';
import { deskHealth } from '../../../../shared/desk-health.js';
import { uiStrings } from '../../../../shared/ui-strings.js';
import { buildPayload, fakeCustomer } from '../../../../main/headless/simulator/payloads.js';
import { makeTempDir, startTempService, type TempService } from '../../../support/temp-service.js';

const DYING_WORKER = path.resolve('test/fixtures/store/dying-store-worker.mjs');

let t: TempService | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  delete process.env.WD_TEST_STORE_DIE_FILE;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a store worker that ends mid-day', () => {
  it('shows "restarting" while WiFire gets 503, then stores its retry and shows what it showed before', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const trigger = path.join(dir, 'die-now');
    process.env.WD_TEST_STORE_DIE_FILE = trigger;
    t = await startTempService({ storeWorkerFile: DYING_WORKER });
    const status = (): Status => t!.service.bridge.status();
    const pushed: Status[] = [];
    const stop = t.service.bridge.subscribe((event, payload) => {
      if (event === 'status') pushed.push(payload as Status);
    });

    const first = buildPayload('cliente-chegou', fakeCustomer(1));
    expect((await t.post(first)).status).toBe(200);
    expect(status().store).toEqual({ restartingSince: null });
    const before = deskHealth(status(), uiStrings('pt-BR'));
    expect(before.level).not.toBe('down');

    fs.writeFileSync(trigger, '');
    const retried = buildPayload('cliente-chegou', fakeCustomer(2));
    const refused = await t.post(retried);
    expect(refused.status).toBe(503);
    expect(refused.text).not.toContain(fakeCustomer(2).name);

    const restarting = status();
    expect(restarting.store.restartingSince).toEqual(expect.any(Number));
    expect(pushed.some((s) => s.store.restartingSince !== null)).toBe(true);
    const red = deskHealth(restarting, uiStrings('pt-BR'));
    expect(red).toMatchObject({ level: 'down', text: 'Banco de eventos reiniciando' });
    expect(red.detail).toContain('WiFire os reenvia');
    expect(deskHealth(restarting, uiStrings('en')).text).toBe('Event store restarting');

    // WiFire's retry, once the new worker is up: stored, and the desk is as it was before.
    await expect.poll(async () => (await t!.post(retried)).status, { timeout: 10_000, interval: 100 }).toBe(200);
    expect(status().store).toEqual({ restartingSince: null });
    expect(pushed.at(-1)?.store).toEqual({ restartingSince: null });
    expect(deskHealth(status(), uiStrings('pt-BR'))).toEqual(before);
    const stored = t.db().prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    expect(stored.n).toBe(2);
    stop();
  });
});
