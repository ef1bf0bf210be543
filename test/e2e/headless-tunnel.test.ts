// npm run headless -- --tunnel <preset>, as the owner runs it: the Public URL line, and clear words when it fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import { startHeadless, stopHeadlessChildren } from '../support/headless-process.js';
import { isAlive } from '../support/process-alive.js';
import { freePort } from '../support/free-port.js';
import { SERVER_ADDRESS, startSshd, type TestSshd } from '../support/sshd.js';
import { makeTempDir, postTo, TEST_TOKEN } from '../support/temp-service.js';

const STANDINS = path.resolve('test/fixtures/tunnels/bin');
const CLI = path.resolve('dist/main/headless/cli.js');

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await stopHeadlessChildren();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run headless -- --tunnel', () => {
  it('prints the Public URL of a real ssh tunnel with the secret, and a payload through it is stored', async () => {
    const dir = tempDir();
    const remotePort = await freePort();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ tunnel: sshd.serverTunnel(remotePort) }));
    const { output } = await startHeadless(dir, ['--tunnel', 'ssh']);
    const publicUrl = await eventually(() => /^Public URL: (\S+)$/m.exec(output())?.[1], 'the Public URL line', 20_000);
    expect(publicUrl).toBe(`http://${SERVER_ADDRESS}:${remotePort}/hooks/${TEST_TOKEN}`);
    await eventually(() => (/^Túnel \/ tunnel: online$/m.test(output()) ? true : undefined), 'online', 20_000);
    expect((await postTo(publicUrl, buildPayload('cliente-chegou', fakeCustomer(3)))).status).toBe(200);
    // The secret is on stdout for the owner to copy, never in the log file.
    expect(fs.readFileSync(path.join(dir, 'logs', 'wifire-desk.log'), 'utf8')).not.toContain(TEST_TOKEN);
  });

  it('stops the ssh left behind by a crashed run, so the next run gets the server’s port back', async () => {
    const dir = tempDir();
    const remotePort = await freePort();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ tunnel: sshd.serverTunnel(remotePort) }));
    const crashed = await startHeadless(dir, ['--tunnel', 'ssh']);
    await eventually(() => (/^Túnel \/ tunnel: online$/m.test(crashed.output()) ? true : undefined), 'online', 20_000);
    const { pid: leftover } = JSON.parse(fs.readFileSync(path.join(dir, 'tunnel', 'child.json'), 'utf8')) as {
      pid: number;
    };
    // A crash: no chance to stop ssh, which keeps holding the port on the server.
    crashed.child.kill('SIGKILL');
    await new Promise((resolve) => crashed.child.once('exit', resolve));
    expect(isAlive(leftover)).toBe(true);

    const next = await startHeadless(dir, ['--tunnel', 'ssh']);
    await eventually(
      () => (/^Túnel \/ tunnel: online$/m.test(next.output()) ? true : undefined),
      'online again',
      20_000,
    );
    expect(isAlive(leftover)).toBe(false);
    expect(
      (
        await postTo(
          `http://${SERVER_ADDRESS}:${remotePort}/hooks/${TEST_TOKEN}`,
          buildPayload('cliente-chegou', fakeCustomer(5)),
        )
      ).status,
    ).toBe(200);
  });

  it('prints a quick tunnel’s address from cloudflared’s own log, and it is printed once', async () => {
    const dir = tempDir();
    const routes = path.join(dir, 'routes');
    fs.mkdirSync(routes);
    const { output } = await startHeadless(dir, ['--tunnel', 'cloudflared'], {
      PATH: `${STANDINS}:${process.env.PATH}`,
      WIFIRE_STANDIN_ROUTES: routes,
    });
    const publicUrl = await eventually(() => /^Public URL: (\S+)$/m.exec(output())?.[1], 'the Public URL line');
    expect(publicUrl).toMatch(new RegExp(`^https://[a-z0-9-]+\\.trycloudflare\\.com/hooks/${TEST_TOKEN}$`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output().match(/^Public URL: /gm)).toHaveLength(1);
  });

  it('says how to install cloudflared when it is missing, and keeps taking webhooks locally', async () => {
    const dir = tempDir();
    const { url, output } = await startHeadless(dir, ['--tunnel', 'cloudflared'], { PATH: '/nonexistent' });
    await eventually(() => (/Túnel \/ tunnel: failed — /.test(output()) ? true : undefined), 'the failure line');
    expect(output()).toContain('O programa cloudflared não está instalado');
    expect(output()).toContain('cloudflared/releases');
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(4)))).status).toBe(200);
    // It keeps retrying (1 s, 2 s, 4 s…) but says so once, not at every retry.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(output().match(/não está instalado/g)).toHaveLength(1);
  });

  it('refuses an unknown preset with the list of presets', () => {
    const result = spawnSync(process.execPath, [CLI, '--tunnel', 'teleport'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('none, cloudflared, ngrok, ssh, custom');
  });
});
