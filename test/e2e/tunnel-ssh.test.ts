// The ssh preset for real: Debian's OpenSSH client and server on this machine, a key made here, WiFire payloads through it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import type { TunnelStatus } from '../../main/core/tunnel/tunnel-service.js';
import { eventually } from '../support/e2e-headless.js';
import { freePort } from '../support/free-port.js';
import { SERVER_ADDRESS, startSshd, type TestSshd } from '../support/sshd.js';
import { postTo, startTempService, TEST_TOKEN, type TempService } from '../support/temp-service.js';

const KILL_ROUNDS = 10;
const FAST = { backoff: { initialMs: 200, maxMs: 2000 }, graceMs: 2000, probeRetryMs: 500 };

let sshd: TestSshd;
let t: TempService | undefined;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function sshTunnel(remotePort: number): Record<string, unknown> {
  return { tunnel: sshd.serverTunnel(remotePort) };
}

const status = (): TunnelStatus => t!.service.tunnel.status('pt-BR');
const online = (): TunnelStatus | undefined => (status().state === 'online' ? status() : undefined);

describe('the ssh tunnel to the owner’s own server', () => {
  it('carries a WiFire payload through the forwarded port into the store and onto the screen', async () => {
    const remotePort = await freePort();
    t = await startTempService({ config: sshTunnel(remotePort), tunnel: { timing: FAST } });
    const up = await eventually(online, 'the ssh tunnel coming online', 20_000);
    expect(up.publicUrl).toBe(`http://${SERVER_ADDRESS}:${remotePort}`);
    expect(up.publicWebhookUrl).toBe(`http://${SERVER_ADDRESS}:${remotePort}/hooks/${TEST_TOKEN}`);
    expect(up.lastReachableAt).not.toBeNull();

    // The address goes to sshd's port on the "server", not to the listener's own port.
    expect(remotePort).not.toBe(t.service.port);
    const answer = await postTo(up.publicWebhookUrl!, buildPayload('cliente-chegou', fakeCustomer(7)));
    expect(answer.status).toBe(200);
    const id = answer.body.id as string;
    expect((await t.service.store.getEvent(id))?.type).toBe('cliente-chegou');
    await eventually(() => t!.popUps.find((p) => p.eventId === id), 'the pop-up for the tunnelled event');
  });

  it(`restarts ssh after each of ${KILL_ROUNDS} kills in a row and comes back online every time`, async () => {
    const remotePort = await freePort();
    t = await startTempService({ config: sshTunnel(remotePort), tunnel: { timing: FAST } });
    await eventually(online, 'the ssh tunnel coming online', 20_000);
    const pids = new Set<number>();
    for (let round = 1; round <= KILL_ROUNDS; round++) {
      const pid = t.service.tunnel.childPid!;
      expect(pids.has(pid)).toBe(false);
      pids.add(pid);
      process.kill(pid, 'SIGKILL');
      await eventually(
        () => (t!.service.tunnel.childPid !== pid && status().state !== 'online' ? true : undefined),
        `round ${round}: the kill noticed`,
      );
      const back = await eventually(online, `round ${round}: online again`, 20_000);
      expect(back.publicUrl).toBe(`http://${SERVER_ADDRESS}:${remotePort}`);
    }
    expect(pids.size).toBe(KILL_ROUNDS);
    const answer = await postTo(status().publicWebhookUrl!, buildPayload('cliente-conectou', fakeCustomer(8)));
    expect(answer.status).toBe(200);
    // A fixed port keeps the same address: one pop-up asked to paste it, none after the restarts.
    expect(t.popUps.filter((p) => p.type === 'wifire-desk-endereco')).toHaveLength(1);
  });

  it('reads the port the server picked, asks for the new URL to be pasted, and stays quiet once confirmed', async () => {
    t = await startTempService({ config: sshTunnel(0), tunnel: { timing: FAST } });
    const first = await eventually(online, 'the ssh tunnel coming online', 20_000);
    expect(first.publicUrl).toMatch(new RegExp(`^http://${SERVER_ADDRESS.replace(/\./g, '\\.')}:\\d+$`));
    expect(first.urlConfirmed).toBe(false);
    await eventually(() => t!.popUps.find((p) => p.type === 'wifire-desk-endereco'), 'the URL pop-up');

    await t.service.bridge.invoke('confirmPublicUrl', { publicWebhookUrl: first.publicWebhookUrl });
    expect(status().urlConfirmed).toBe(true);
    const config = JSON.parse(fs.readFileSync(path.join(t.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.tunnelConfirmed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(config)).not.toContain(TEST_TOKEN);

    // A new port after a restart is a new URL: the banner and the pop-up come back for it.
    process.kill(t.service.tunnel.childPid!, 'SIGKILL');
    const second = await eventually(
      () => (online()?.publicUrl && online()!.publicUrl !== first.publicUrl ? online() : undefined),
      'online on a new port',
      20_000,
    );
    expect(second.urlConfirmed).toBe(false);
    await eventually(
      () => (t!.popUps.filter((p) => p.type === 'wifire-desk-endereco').length === 2 ? true : undefined),
      'a second URL pop-up',
    );
    expect((await postTo(second.publicWebhookUrl!, buildPayload('cliente-chegou', fakeCustomer(9)))).status).toBe(200);
  });

  it('says the server refused the login when the key is not authorised, and keeps trying', async () => {
    const stranger = path.join(sshd.dir, 'stranger_key');
    fs.copyFileSync(sshd.keyFile, stranger);
    fs.writeFileSync(stranger, fs.readFileSync(path.join(sshd.dir, 'host_key')));
    fs.chmodSync(stranger, 0o600);
    t = await startTempService({
      config: { tunnel: { ...(sshTunnel(await freePort()).tunnel as object), keyFile: stranger } },
      tunnel: { timing: FAST },
    });
    const refused = await eventually(
      () => (status().state === 'restarting' || status().state === 'failed' ? status() : undefined),
      'the refusal',
      20_000,
    );
    expect(refused.reason).toContain('o servidor recusou o login');
    const log = fs.readFileSync(path.join(t.dir, 'logs', 'wifire-desk.log'), 'utf8');
    expect(log).toContain('"reason":"exited"');
    expect(log).not.toContain(sshd.user === 'root' ? 'root@' : `${sshd.user}@`);
  });
});
