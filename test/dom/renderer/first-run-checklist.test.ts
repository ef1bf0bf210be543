// "Primeiros passos": above every page on a first run, one step to do at a time, gone once all four are done.
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../shared/bridge-contract.js';
import { FakeBridge, makeSettingsView, makeStatus, makeTunnelStatus } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.destroy();
  mounted = undefined;
});

const NOTHING_DONE = { tunnel: false, pasted: false, firstEvent: false, notification: false };
const noTunnel = makeTunnelStatus({ preset: 'none', state: 'off', publicUrl: null, lastReachableAt: null });

function firstRun(checklist: Status['checklist'], tunnel = noTunnel): Status {
  return makeStatus({ tunnel, checklist });
}

const stepState = (root: HTMLElement, step: string): string | undefined =>
  byTestId(root, `first-run-${step}`).dataset['done'];

describe('the first-run checklist', () => {
  it('shows all four steps on a first run, with the tunnel to do first, leading to the Túnel section', async () => {
    mounted = await mountApp(new FakeBridge({ status: firstRun(NOTHING_DONE) }), '#/feed');
    const { root } = mounted;
    const list = byTestId(root, 'first-run');
    expect(list.hidden).toBe(false);
    expect(list.querySelector('h2')!.textContent).toBe('Primeiros passos');
    expect(byTestId(root, 'first-run-progress').textContent).toBe('0 de 4 concluídos');
    expect([...list.querySelectorAll('li .first-run-label')].map((label) => label.textContent)).toEqual([
      'Ligar o túnel',
      'Colar o endereço no WiFire',
      'Receber o primeiro evento',
      'Ver uma notificação',
    ]);
    expect(byTestId(root, 'first-run-tunnel-action').getAttribute('href')).toBe('#/settings/tunnel');
    // Only the step to do now says how; the others wait their turn.
    expect(list.querySelectorAll('.first-run-help')).toHaveLength(1);
  });

  it('ticks steps off in words as well as marks, and sends the test event through the public address', async () => {
    const tunnel = makeTunnelStatus();
    const fake = new FakeBridge({
      status: firstRun({ tunnel: true, pasted: true, firstEvent: false, notification: false }, tunnel),
    });
    mounted = await mountApp(fake, '#/feed');
    const { root, settle } = mounted;
    expect(byTestId(root, 'first-run-progress').textContent).toBe('2 de 4 concluídos');
    expect(stepState(root, 'tunnel')).toBe('true');
    expect(byTestId(root, 'first-run-tunnel').textContent).toBe('✓Ligar o túnel — Feito');
    expect(stepState(root, 'firstEvent')).toBe('false');

    byTestId<HTMLButtonElement>(root, 'first-run-firstEvent-action').click();
    await settle();
    expect(fake.callsOf('sendTestEvent')).toHaveLength(1);
    expect(byTestId(root, 'toasts').textContent).toContain('Evento de teste recebido pelo endereço público.');

    // Main pushes the new status once the event is stored.
    fake.emit('status', firstRun({ tunnel: true, pasted: true, firstEvent: true, notification: false }, tunnel));
    expect(byTestId(root, 'first-run-progress').textContent).toBe('3 de 4 concluídos');
    byTestId<HTMLButtonElement>(root, 'first-run-notification-action').click();
    await settle();
    expect(fake.callsOf('sendTestNotification')).toHaveLength(1);

    fake.emit('status', firstRun({ tunnel: true, pasted: true, firstEvent: true, notification: true }, tunnel));
    expect(byTestId(root, 'first-run').hidden).toBe(true);
  });

  it('keeps the test event for when a public address exists, and shows why it did not arrive', async () => {
    const fake = new FakeBridge({ status: firstRun({ ...NOTHING_DONE, tunnel: true, pasted: true }) });
    mounted = await mountApp(fake, '#/feed');
    const { root, settle } = mounted;
    expect(byTestId<HTMLButtonElement>(root, 'first-run-firstEvent-action').disabled).toBe(true);

    fake.emit('status', firstRun({ ...NOTHING_DONE, tunnel: true, pasted: true }, makeTunnelStatus()));
    fake.testEventResult = { ok: false, reason: 'O evento não chegou: o endereço público respondeu HTTP 502.' };
    const button = byTestId<HTMLButtonElement>(root, 'first-run-firstEvent-action');
    expect(button.disabled).toBe(false);
    button.click();
    await settle();
    expect(byTestId(root, 'toasts').textContent).toContain('respondeu HTTP 502');
  });

  it('is not there for a desk set up long ago, nor while the service cannot be reached', async () => {
    mounted = await mountApp(new FakeBridge(), '#/feed');
    expect(byTestId(mounted.root, 'first-run').hidden).toBe(true);
    mounted.fake.emit('status', makeStatus({ listening: false, checklist: NOTHING_DONE }));
    expect(byTestId(mounted.root, 'first-run').hidden).toBe(true);
  });

  it('speaks English when the desk does', async () => {
    const fake = new FakeBridge({ status: firstRun(NOTHING_DONE), settings: makeSettingsView({ locale: 'en' }) });
    mounted = await mountApp(fake, '#/feed');
    expect(byTestId(mounted.root, 'first-run').querySelector('h2')!.textContent).toBe('First steps');
    expect(byTestId(mounted.root, 'first-run-progress').textContent).toBe('0 of 4 done');
  });
});

describe('the first-run checklist in the tray window', () => {
  it('shows the progress and only the step to do now, with its action', async () => {
    const fake = new FakeBridge({
      status: firstRun({ ...NOTHING_DONE, tunnel: true, pasted: true }, makeTunnelStatus()),
    });
    mounted = await mountApp(fake, '#/tray');
    const { root } = mounted;
    const list = byTestId(byTestId(root, 'tray'), 'first-run');
    expect(list.hidden).toBe(false);
    expect(byTestId(list, 'first-run-progress').textContent).toBe('2 de 4 concluídos');
    expect([...list.querySelectorAll('li')].map((li) => li.dataset['testid'])).toEqual(['first-run-firstEvent']);
    expect(byTestId(list, 'first-run-firstEvent-action').textContent).toBe('Enviar evento de teste');
    // The panel's own checklist steps aside in the tray window: one checklist on screen.
    expect(root.querySelectorAll('[data-testid="first-run"]:not([hidden])')).toHaveLength(1);
  });
});

describe('folding the checklist', () => {
  it('folds to one line with the progress, and unfolds again', async () => {
    mounted = await mountApp(new FakeBridge({ status: firstRun(NOTHING_DONE) }), '#/feed');
    const list = byTestId(mounted.root, 'first-run');
    const fold = list.querySelector<HTMLButtonElement>('.first-run-fold')!;
    expect(fold.textContent).toBe('Ocultar passos');
    expect(fold.getAttribute('aria-expanded')).toBe('true');
    fold.click();
    expect(list.querySelector<HTMLElement>('.first-run-steps')!.hidden).toBe(true);
    expect(byTestId(list, 'first-run-progress').textContent).toBe('0 de 4 concluídos');
    const unfold = list.querySelector<HTMLButtonElement>('.first-run-fold')!;
    expect(unfold.textContent).toBe('Mostrar passos');
    expect(unfold.getAttribute('aria-expanded')).toBe('false');
    unfold.click();
    expect(list.querySelector<HTMLElement>('.first-run-steps')!.hidden).toBe(false);
  });
});
