// The owner's first day, below the UI: the status is green only when the whole chain works, a loopback address is
// never "public", the test event travels through the tunnel to the screen, and the checklist survives a restart.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotifierBackend, PopUp } from '../../../../main/core/notify/notifier-port.js';
import type { BridgeEnvelope, Status } from '../../../../shared/bridge-contract.js';
import { deskHealth } from '../../../../shared/desk-health.js';
import { uiStrings } from '../../../../shared/ui-strings.js';
import { eventually } from '../../../support/e2e-headless.js';
import { FAST_TUNNEL_TIMING, standinWorld, type StandinWorld } from '../../../support/standin-tunnel.js';
import { makeTempDir, startTempService, type TempService } from '../../../support/temp-service.js';

let t: TempService | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function call<T>(method: string, request?: unknown): Promise<BridgeEnvelope<T>> {
  return (await t!.service.bridge.invoke(method, request)) as BridgeEnvelope<T>;
}
const status = (): Status => t!.service.bridge.status();
const health = (): string => deskHealth(status(), uiStrings('pt-BR')).level;

/** A backend that refuses pop-ups while `refuse` says so, as a desk without a notification service would. */
function switchableBackend(shown: PopUp[], refuse: { now: boolean }): NotifierBackend {
  return {
    name: 'switchable',
    show: async (popUp) => {
      if (refuse.now) throw Object.assign(new Error('no notification service'), { code: 'ENOENT' });
      shown.push(popUp);
      return undefined;
    },
  };
}

async function startWith(tunnel: Record<string, unknown>, world: StandinWorld, options: { dir?: string } = {}) {
  dirs.push(world.work);
  const shown: PopUp[] = [];
  const refuse = { now: false };
  t = await startTempService({
    ...(options.dir ? { dir: options.dir } : {}),
    config: { tunnel, mutedTypes: ['cliente-chegou'] },
    backend: switchableBackend(shown, refuse),
    tunnel: { env: world.env, fetch: world.fetch, timing: FAST_TUNNEL_TIMING },
  });
  return { shown, refuse };
}

describe('a loopback address is never public', () => {
  it('fails a custom tunnel that reports http://127.0.0.1, offers nothing to paste and never turns green', async () => {
    const world = standinWorld();
    const program = [
      '-e',
      "console.log('forwarding at http://127.0.0.1:' + process.argv[1]); setInterval(() => {}, 1000)",
      '{port}',
    ];
    await startWith({ preset: 'custom', command: process.execPath, args: program, urlPattern: '(http://\\S+)' }, world);
    const failed = await eventually(
      () => (status().tunnel.state === 'failed' ? status().tunnel : undefined),
      'the tunnel refused as not public',
    );
    expect(failed.reason).toMatch(/^O endereço informado pelo túnel só funciona dentro deste computador \(localhost\)/);
    expect(failed.publicUrl).toBeNull();
    expect(failed.publicWebhookUrl).toBeNull();
    expect(health()).toBe('down');
    // No "paste the new address" pop-up for an address WiFire cannot reach.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t!.popUps.filter((p) => p.type === 'wifire-desk-endereco')).toEqual([]);
    expect(status().checklist.tunnel).toBe(false);
  });

  it('refuses a loopback, private or .local address typed as the public one, and keeps the saved tunnel', async () => {
    await startWith({ preset: 'none' }, standinWorld());
    for (const publicUrl of ['http://localhost:4560', 'http://192.168.0.10', 'http://caixa.local', 'http://[::1]']) {
      const answer = await call('updateSettings', { tunnel: { preset: 'none', publicUrl } });
      expect(answer.ok, publicUrl).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('invalid_request');
        expect(answer.error.issues).toEqual([
          { path: 'tunnel.publicUrl', message: expect.stringMatching(/o WiFire, na internet, não chega nele/) },
        ]);
      }
    }
    expect(t!.service.settings.get().tunnel).toEqual({ preset: 'none' });
  });

  it('takes a plain http:// public address, with a warning that personal data travels in the clear', async () => {
    const world = standinWorld();
    // The "internet" routes this made-up public host to the listener itself.
    const fetchToSelf = (url: string, init: RequestInit): Promise<Response> =>
      fetch(url.replace('http://desk.example.com.br', `http://127.0.0.1:${t!.service.port}`), init);
    dirs.push(world.work);
    t = await startTempService({
      config: { tunnel: { preset: 'none', publicUrl: 'http://desk.example.com.br' } },
      tunnel: { fetch: fetchToSelf, timing: FAST_TUNNEL_TIMING },
    });
    const up = await eventually(() => (status().tunnel.state === 'online' ? status().tunnel : undefined), 'online');
    expect(up.warning).toMatch(/^O endereço público usa http:\/\/ sem criptografia/);
    expect(status().tunnel.publicWebhookUrl).toMatch(/^http:\/\/desk\.example\.com\.br\/hooks\//);
  });
});

describe('the whole chain, in the status', () => {
  it('is amber until the tunnel is up and its address pasted, green then, red while pop-ups fail', async () => {
    const world = standinWorld();
    const { refuse } = await startWith({ preset: 'cloudflared', mode: 'quick' }, world);
    expect(health()).toBe('degraded'); // starting
    const up = await eventually(() => (status().tunnel.state === 'online' ? status().tunnel : undefined), 'online');
    expect(health()).toBe('degraded'); // online, but WiFire does not have the address yet
    expect(deskHealth(status(), uiStrings('pt-BR')).text).toBe('Cole o endereço no WiFire');
    expect(status().checklist).toEqual({ tunnel: true, pasted: false, firstEvent: false, notification: true });

    await call('confirmPublicUrl', { publicWebhookUrl: up.publicWebhookUrl });
    expect(health()).toBe('ok');

    refuse.now = true;
    const sent = await call<{ ok: boolean; code?: string; hint?: string }>('sendTestNotification');
    expect(sent).toMatchObject({ ok: true, result: { ok: false, code: 'ENOENT' } });
    expect(status().popUps.failing).toMatchObject({ code: 'ENOENT', hint: expect.any(String) });
    const red = deskHealth(status(), uiStrings('pt-BR'));
    expect(red).toMatchObject({ level: 'down', text: 'Notificações não aparecem', fix: 'notifications' });
    expect(red.detail).toMatch(/Testar notificação/);

    refuse.now = false;
    await call('sendTestNotification');
    expect(status().popUps.failing).toBeNull();
    expect(health()).toBe('ok');
  });
});

describe('Enviar evento de teste', () => {
  it('posts a sample through the public address: stored, marked as a test, on screen even with its type muted', async () => {
    const world = standinWorld();
    const dir = makeTempDir();
    const { shown } = await startWith({ preset: 'cloudflared', mode: 'quick' }, world, { dir });
    await eventually(() => (status().tunnel.state === 'online' ? true : undefined), 'online');

    const answer = await call<{ ok: true; eventId: string }>('sendTestEvent');
    expect(answer).toMatchObject({ ok: true, result: { ok: true, eventId: expect.stringMatching(/^\d+$/) } });
    if (!answer.ok) return;
    const stored = (await t!.service.store.getEvent(answer.result.eventId))!;
    expect(stored).toMatchObject({ type: 'cliente-chegou', establishmentId: 'wifire-desk-teste' });
    const feed = await call<{ items: Array<{ id: string; title: string }> }>('listFeed', {});
    expect(feed.ok && feed.result.items.find((item) => item.id === stored.id)?.title).toBe('Evento de teste');
    await eventually(() => shown.find((p) => p.eventId === stored.id), 'the test event on screen');
    expect(status().checklist).toMatchObject({ firstEvent: true, notification: true });

    // A restart keeps the steps done: the checklist does not come back while the tunnel starts again.
    await t!.service.close();
    t = await startTempService({
      dir,
      tunnel: { env: world.env, fetch: world.fetch, timing: FAST_TUNNEL_TIMING },
    });
    expect(status().checklist).toEqual({ tunnel: true, pasted: false, firstEvent: true, notification: true });
  });

  it('says what to do first when there is no public address yet', async () => {
    await startWith({ preset: 'none' }, standinWorld());
    const answer = await call('sendTestEvent');
    expect(answer).toEqual({
      ok: true,
      result: { ok: false, reason: 'Ainda não há endereço público: conclua o passo do túnel primeiro.' },
    });
    expect(await t!.service.store.countEvents()).toBe(0);
  });
});
