// A satellite that cannot use its join code says why, in the words its staff read: a damaged code refuses to start
// in one line; a code whose certificate pin is not the hub's, a hub not answering, a desk the hub revoked each give
// `Hub: disconnected — <reason>` and the desk keeps retrying. Satellites are real processes; the hub runs in this
// process (revoking a desk has no command line: the hub's panel does it), with its real nats-server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeFanoutReason, type FanoutReason } from '../../main/core/fanout/fanout-texts.js';
import { eventually } from '../support/e2e-headless.js';
import {
  alteredJoinCode,
  deskDir,
  deskDirs,
  leftoverProcesses,
  spawnDesk,
  startSatellite,
  stopFanoutDesks,
} from '../support/fanout-desks.js';
import { freePort } from '../support/free-port.js';
import { startTempService, type TempService } from '../support/temp-service.js';

/** The line a satellite prints when it cannot reach or use its hub, in its default language. */
const disconnected = (reason: FanoutReason): string => `Hub: disconnected — ${describeFanoutReason(reason, 'pt-BR')}`;
const lineOf = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a satellite whose join code does not work', () => {
  let hub: TempService;
  let joinCode = '';
  const folders: string[] = [];

  beforeAll(async () => {
    hub = await startTempService({
      fanout: { role: 'hub', listen: { host: '127.0.0.1', port: await freePort() } },
    });
    joinCode = await eventually(() => hub.service.fanout!.joinCode() ?? undefined, 'the hub’s join code', 20_000);
  }, 30_000);

  // Each case's satellite goes with it: one still retrying would only add load to the next.
  afterEach(async () => {
    folders.push(...deskDirs());
    await stopFanoutDesks();
  }, 60_000);

  afterAll(async () => {
    if (hub) {
      folders.push(hub.dir);
      await hub.close();
    }
    expect(leftoverProcesses(folders)).toEqual([]);
  }, 60_000);

  it('refuses to start with a damaged code, in one line that does not repeat the code', async () => {
    const damaged = `${joinCode.slice(0, 40)}${joinCode.slice(52)}`;

    const desk = spawnDesk(deskDir(), ['--join', damaged]);

    expect(await desk.exited).toEqual({ code: 1, signal: null });
    const printed = desk.output().trimEnd();
    expect(printed.split('\n')).toHaveLength(1);
    expect(printed).toMatch(/O código de conexão não é válido.* \/ The join code is not valid/);
    expect(printed).not.toContain(damaged.slice(5, 40));
  });

  it('says the certificate is not the one in the code when the pin does not match, and keeps retrying', async () => {
    const otherPin = alteredJoinCode(joinCode, { pin: 'ab'.repeat(32) });

    const desk = await startSatellite(otherPin, { connected: false });

    await desk.waitForOutput(lineOf(disconnected('certificate-mismatch')));
    await sleep(1_500); // a retry or two later: still refused, still running
    expect(desk.output()).not.toMatch(/^Hub: connected$/m);
    expect(desk.proc.child.exitCode).toBeNull();
  });

  it('says the main desk does not answer when nothing listens at the code’s address', async () => {
    const nowhere = alteredJoinCode(joinCode, { addresses: [`127.0.0.1:${await freePort()}`] });

    const desk = await startSatellite(nowhere, { connected: false });

    await desk.waitForOutput(lineOf(disconnected('unreachable')));
    expect(desk.proc.child.exitCode).toBeNull();
  });

  it('says the main desk refused it once revoked, and does not get back in with the code', async () => {
    const desk = await startSatellite(joinCode);
    const { desk: id } = JSON.parse(fs.readFileSync(path.join(desk.dataDir, 'fanout', 'desk.json'), 'utf8')) as {
      desk: string;
    };
    expect(hub.service.fanout!.desks().map((joined) => joined.id)).toContain(id);
    const from = desk.output().length;

    expect(await hub.service.fanout!.revokeDesk(id)).toBe(true);

    await desk.waitForOutput(lineOf(disconnected('refused')), { from });
    expect(hub.service.fanout!.desks().find((joined) => joined.id === id)?.revokedAt).toEqual(expect.any(Number));
    // It keeps trying (with its own key, then with the code): refused each time, never connected again.
    await sleep(3_000);
    expect(desk.output().slice(from)).not.toMatch(/^Hub: connected$/m);
    expect(desk.proc.child.exitCode).toBeNull();
  }, 30_000);
});
