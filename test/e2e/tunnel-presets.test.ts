// cloudflared, ngrok and public ssh services through stand-in programs that print those programs' own log lines and
// forward to the listener: URL capture, URL change, restart, the paste-it-again pop-up, and failures in words.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { TunnelStatus } from '../../main/core/tunnel/tunnel-service.js';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import { freePort } from '../support/free-port.js';
import { postTo, startTempService, TEST_TOKEN, type TempService } from '../support/temp-service.js';
import { FAST_TUNNEL_TIMING, standinWorld } from '../support/standin-tunnel.js';

const FAST = FAST_TUNNEL_TIMING;

/** A token shaped like Cloudflare's (base64 of {a, t, s}): cloudflared, and its stand-in, refuse any other shape. */
const NAMED_TOKEN = Buffer.from(
  JSON.stringify({
    a: 'account-tag',
    t: '6f2c1d1e-0d5e-4c55-8d0a-2b1f5d0e9a11',
    s: Buffer.from('s3cret').toString('base64'),
  }),
).toString('base64');

let t: TempService | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(
  tunnel: Record<string, unknown>,
  env: Record<string, string> = {},
  port?: number,
): Promise<{ t: TempService; route: (url: string) => string; argvLog: string; routes: string }> {
  const world = standinWorld(env);
  dirs.push(world.work);
  t = await startTempService({
    port,
    config: { tunnel },
    tunnel: { env: world.env, fetch: world.fetch, timing: FAST },
  });
  return { t, route: world.route, argvLog: world.argvLog, routes: world.routes };
}

const status = (): TunnelStatus => t!.service.tunnel.status('pt-BR');
const online = (): TunnelStatus | undefined => (status().state === 'online' ? status() : undefined);
const urlPopUps = (): number => t!.popUps.filter((p) => p.type === 'wifire-desk-endereco').length;

async function killAndAwaitNewOnline(previous: TunnelStatus): Promise<TunnelStatus> {
  const pid = t!.service.tunnel.childPid!;
  process.kill(pid, 'SIGKILL');
  return eventually(
    () =>
      online() && t!.service.tunnel.childPid !== pid && online()!.lastReachableAt! > previous.lastReachableAt!
        ? online()
        : undefined,
    'online again after the kill',
  );
}

const PRESETS = [
  {
    name: 'cloudflared quick tunnel',
    tunnel: { preset: 'cloudflared', mode: 'quick' },
    url: /^https:\/\/[a-z0-9-]+\.trycloudflare\.com$/,
  },
  { name: 'ngrok', tunnel: { preset: 'ngrok' }, url: /^https:\/\/[a-z0-9-]+\.ngrok-free\.app$/ },
  {
    name: 'localhost.run over ssh',
    tunnel: { preset: 'ssh', mode: 'service', service: 'localhost.run' },
    url: /^https:\/\/[a-z0-9]+\.lhr\.life$/,
  },
  {
    name: 'serveo.net over ssh',
    tunnel: { preset: 'ssh', mode: 'service', service: 'serveo.net' },
    url: /^https:\/\/[a-z0-9-]+\.(serveo\.net|serveousercontent\.com)$/,
  },
  {
    name: 'pinggy.io over ssh',
    tunnel: { preset: 'ssh', mode: 'service', service: 'pinggy.io' },
    url: /pinggy\.(link|online)$/,
  },
] as const;

describe.each(PRESETS)('the $name preset', ({ tunnel, url }) => {
  it('captures the address from the program’s output, proves it reaches the listener, and carries a payload', async () => {
    const { route } = await start(tunnel);
    const up = await eventually(online, 'online');
    expect(up.publicUrl).toMatch(url);
    expect(up.publicWebhookUrl).toBe(`${up.publicUrl}/hooks/${TEST_TOKEN}`);
    expect(up.urlConfirmed).toBe(false);
    await eventually(() => (urlPopUps() === 1 ? true : undefined), 'the paste-it-into-WiFire pop-up');

    const answer = await postTo(route(up.publicWebhookUrl!), buildPayload('cliente-chegou', fakeCustomer(5)));
    expect(answer.status).toBe(200);
    expect((await t!.service.store.getEvent(answer.body.id as string))?.type).toBe('cliente-chegou');
    // The probes were never stored as events.
    expect(t!.db().prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
  });

  it('restarts the program when it dies and asks again only for a URL that changed', async () => {
    await start(tunnel);
    const first = await eventually(online, 'online');
    await t!.service.bridge.invoke('confirmPublicUrl', { publicWebhookUrl: first.publicWebhookUrl });
    expect(status().urlConfirmed).toBe(true);

    const second = await killAndAwaitNewOnline(first);
    expect(second.publicUrl).toMatch(url);
    expect(second.publicUrl).not.toBe(first.publicUrl);
    expect(second.urlConfirmed).toBe(false);
    await eventually(() => (urlPopUps() === 2 ? true : undefined), 'a pop-up for the new URL');
  });
});

describe('tunnels with a fixed address', () => {
  it('keeps an ngrok reserved domain across restarts: confirmed once, quiet after', async () => {
    const { argvLog } = await start({
      preset: 'ngrok',
      domain: 'boteco-do-wifire.ngrok.app',
      authtoken: '2abcSECRETngrokTOKEN_xyz',
    });
    const first = await eventually(online, 'online');
    expect(first.publicUrl).toBe('https://boteco-do-wifire.ngrok.app');
    await t!.service.bridge.invoke('confirmPublicUrl', { publicWebhookUrl: first.publicWebhookUrl });
    const second = await killAndAwaitNewOnline(first);
    expect(second.publicUrl).toBe(first.publicUrl);
    expect(second.urlConfirmed).toBe(true);
    expect(urlPopUps()).toBe(1);
    // The authtoken travelled in the environment only.
    const starts = fs
      .readFileSync(argvLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, boolean> });
    expect(starts).toHaveLength(2);
    for (const s of starts) {
      expect(s.argv.join(' ')).not.toContain('SECRET');
      expect(s.env.NGROK_AUTHTOKEN).toBe(true);
    }
  });

  it('runs a named cloudflared tunnel with its token in the environment and its hostname as the address', async () => {
    // The dashboard points the hostname at the listener's port: the stand-in is told that port the same way.
    const port = await freePort();
    const { argvLog } = await start(
      { preset: 'cloudflared', mode: 'named', token: NAMED_TOKEN, hostname: 'hooks.boteco.com.br' },
      { WIFIRE_STANDIN_HOST: 'hooks.boteco.com.br', WIFIRE_STANDIN_ORIGIN_PORT: String(port) },
      port,
    );
    const up = await eventually(online, 'online');
    expect(up.publicUrl).toBe('https://hooks.boteco.com.br');
    const [startLine] = fs.readFileSync(argvLog, 'utf8').trim().split('\n');
    const seen = JSON.parse(startLine!) as { argv: string[]; env: Record<string, boolean> };
    expect(seen.argv).toEqual(['tunnel', '--no-autoupdate', 'run']);
    expect(seen.env.TUNNEL_TOKEN).toBe(true);
    expect(JSON.stringify(t!.service.bridge.settingsView())).not.toContain(NAMED_TOKEN);
    expect(fs.readFileSync(path.join(t!.dir, 'logs', 'wifire-desk.log'), 'utf8')).not.toContain(NAMED_TOKEN);
  });
});

describe('tunnels that fail', () => {
  it('says the ngrok authtoken was refused when ngrok exits at once, and never crashes', async () => {
    await start({ preset: 'ngrok', authtoken: 'bad-token' }, { WIFIRE_STANDIN_BEHAVIOUR: 'exit-at-once' });
    const down = await eventually(() => (status().state === 'failed' ? status() : undefined), 'failed after 3 exits');
    expect(down.reason).toContain('o token foi recusado');
    expect(down.reason).toContain('falhou 3 vezes seguidas');
    expect((await t!.post(buildPayload('cliente-chegou', fakeCustomer(6)))).status).toBe(200);
  });

  it('restarts a cloudflared that never prints an address and says why', async () => {
    await start({ preset: 'cloudflared' }, { WIFIRE_STANDIN_BEHAVIOUR: 'no-url' });
    const waiting = await eventually(
      () => (status().state === 'restarting' ? status() : undefined),
      'the restart',
      8000,
    );
    expect(waiting.reason).toBe('cloudflared não informou o endereço público em 3 s.');
    expect(waiting.publicUrl).toBeNull();
  });

  it('turns amber with a reason when the address stops reaching this computer', async () => {
    const { routes } = await start({ preset: 'cloudflared' });
    const up = await eventually(online, 'online');
    // The public side goes away while the program keeps running: the next probe finds nothing there.
    fs.writeFileSync(path.join(routes, new URL(up.publicUrl!).hostname), JSON.stringify({ port: 1 }));
    const amber = await eventually(
      () => (status().state === 'unreachable' ? status() : undefined),
      'unreachable',
      8000,
    );
    expect(amber.reason).toMatch(/^O endereço público não chega a este computador \(/);
  });
});
