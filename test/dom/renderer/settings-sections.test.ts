import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRoute, routeHash } from '../../../renderer/route.js';
import type { Status } from '../../../shared/bridge-contract.js';
import { FakeBridge, makeItems, makeStatus, makeTunnelStatus, SECRET } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

const LOCAL_URL = `http://127.0.0.1:4560/hooks/${SECRET}`;
const PUBLIC_URL = `https://boteco.trycloudflare.com/hooks/${SECRET}`;
const NO_TUNNEL = makeTunnelStatus({ preset: 'none', state: 'off', publicUrl: null, lastReachableAt: null });
const USUAL = [
  'notifications',
  'alerts',
  'attention',
  'establishments',
  'language',
  'webhook',
  'tunnel',
  'other-desks',
  'privacy',
];
const FIRST_RUN = [
  'webhook',
  'tunnel',
  'notifications',
  'alerts',
  'attention',
  'establishments',
  'language',
  'other-desks',
  'privacy',
];

async function openSettings(fake = new FakeBridge({ items: makeItems(3) }), hash = '#/settings'): Promise<Mounted> {
  mounted = await mountApp(fake, hash);
  return mounted;
}

/** The sections in page order, by their key. */
function sectionsOnPage(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLElement>('.settings-sections > section')].map((section) =>
    section.dataset['testid']!.replace(/^settings-/, ''),
  );
}

function menu(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLAnchorElement>('.settings-menu-link')].map((link) =>
    link.getAttribute('href')!.replace('#/settings/', ''),
  );
}

function marked(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLAnchorElement>('.settings-menu-link[aria-current="location"]')].map(
    (link) => link.textContent!,
  );
}

async function followHash(hash: string, settle: () => Promise<void>): Promise<void> {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await settle();
}

describe('settings: sections and their menu', () => {
  it('names every section by its heading, as a landmark, and lists them all in the menu in page order', async () => {
    const { root } = await openSettings();
    expect(sectionsOnPage(root)).toEqual(USUAL);
    expect(menu(root)).toEqual(USUAL);
    for (const section of root.querySelectorAll<HTMLElement>('.settings-sections > section')) {
      const heading = section.querySelector('h2')!;
      expect(section.getAttribute('aria-labelledby'), section.dataset['testid']).toBe(heading.id);
      expect(heading.textContent, section.dataset['testid']).not.toBe('');
    }
    const nav = byTestId(root, 'settings-menu');
    expect(nav.tagName).toBe('NAV');
    expect(nav.getAttribute('aria-label')).toBe('Seções das configurações');
    expect([...nav.querySelectorAll('a')].map((link) => link.textContent)).toEqual([
      'Notificações',
      'Avisar sobre',
      'Quando avisar',
      'Estabelecimentos silenciados',
      'Idioma e fuso horário',
      'Endereço do webhook',
      'Túnel',
      'Outros balcões',
      'Privacidade (LGPD)',
    ]);
  });

  it('reads and writes a section in the address: #/settings/tunnel', () => {
    expect(parseRoute('#/settings/tunnel')).toEqual({ name: 'settings', section: 'tunnel' });
    expect(routeHash({ name: 'settings', section: 'tunnel' })).toBe('#/settings/tunnel');
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(routeHash({ name: 'settings' })).toBe('#/settings');
    expect(parseRoute('#/settings/<script>')).toEqual({ name: 'feed' });
  });

  it('opens at the section the address names: its heading takes the focus and the menu marks it', async () => {
    const { root } = await openSettings(undefined, '#/settings/tunnel');
    const heading = byTestId(root, 'settings-tunnel').querySelector('h2')!;
    expect(heading.textContent).toBe('Túnel');
    expect(document.activeElement).toBe(heading);
    expect(marked(root)).toEqual(['Túnel']);
  });

  it('moves to another section when a menu link is followed, and back again on a second click', async () => {
    const { root, settle } = await openSettings(undefined, '#/settings/tunnel');
    byTestId<HTMLAnchorElement>(root, 'settings-menu-privacy').click();
    await settle();
    // The menu navigates through the app, which sets the address and answers its hashchange.
    expect(window.location.hash).toBe('#/settings/privacy');
    await followHash('#/settings/privacy', settle);
    expect(document.activeElement).toBe(byTestId(root, 'settings-privacy').querySelector('h2'));
    expect(marked(root)).toEqual(['Privacidade (LGPD)']);

    // Clicked again after the focus moved away: the same section comes back, though the address did not change.
    (document.activeElement as HTMLElement).blur();
    byTestId<HTMLAnchorElement>(root, 'settings-menu-privacy').click();
    await settle();
    expect(document.activeElement).toBe(byTestId(root, 'settings-privacy').querySelector('h2'));
  });

  it('ignores a section it does not know and shows the page from the top', async () => {
    const { root } = await openSettings(undefined, '#/settings/nada-disso');
    expect(sectionsOnPage(root)).toEqual(USUAL);
    expect(marked(root)).toEqual([]);
  });
});

/** The "Primeiros passos" facts main keeps: nothing done yet, unless told. */
function checklist(done: Partial<Status['checklist']> = {}): Status['checklist'] {
  return { tunnel: false, pasted: false, firstEvent: false, notification: false, ...done };
}

describe('settings: the connection first on a first run', () => {
  it('puts the webhook address and the tunnel first while no address was ever confirmed and no event ever stored', async () => {
    const fake = new FakeBridge({ items: [], status: makeStatus({ tunnel: NO_TUNNEL, checklist: checklist() }) });
    const { root } = await openSettings(fake);
    expect(sectionsOnPage(root)).toEqual(FIRST_RUN);
    expect(menu(root)).toEqual(FIRST_RUN);
  });

  it('puts the connection first too while the tunnel is up but its address is not yet confirmed as pasted', async () => {
    const status = makeStatus({
      tunnel: makeTunnelStatus({ urlConfirmed: false }),
      checklist: checklist({ tunnel: true, notification: true }),
    });
    const { root } = await openSettings(new FakeBridge({ items: [], status }));
    expect(sectionsOnPage(root)).toEqual(FIRST_RUN);
  });

  it('keeps the usual order once an event was stored, even without a public address', async () => {
    const status = makeStatus({ tunnel: NO_TUNNEL, checklist: checklist({ firstEvent: true }) });
    const { root } = await openSettings(new FakeBridge({ items: makeItems(1), status }));
    expect(sectionsOnPage(root)).toEqual(USUAL);
  });

  it('keeps the usual order once a public address was confirmed, even before any event', async () => {
    const status = makeStatus({ checklist: checklist({ tunnel: true, pasted: true }) });
    const { root } = await openSettings(new FakeBridge({ items: [], status }));
    expect(sectionsOnPage(root)).toEqual(USUAL);
  });

  it('does not move the sections while the page is open, even when the address gets confirmed', async () => {
    const fake = new FakeBridge({ items: [], status: makeStatus({ tunnel: NO_TUNNEL, checklist: checklist() }) });
    const { root } = await openSettings(fake);
    fake.emit('status', makeStatus({ checklist: checklist({ tunnel: true, pasted: true }) }));
    expect(sectionsOnPage(root)).toEqual(FIRST_RUN);
  });

  it('still lands on the addressed section when the first-run order moved it', async () => {
    const fake = new FakeBridge({ items: [], status: makeStatus({ tunnel: NO_TUNNEL, checklist: checklist() }) });
    const { root } = await openSettings(fake, '#/settings/privacy');
    expect(sectionsOnPage(root)).toEqual(FIRST_RUN);
    expect(document.activeElement).toBe(byTestId(root, 'settings-privacy').querySelector('h2'));
  });
});

describe('settings: the webhook address to paste into WiFire', () => {
  it('labels the local address as one for tests on this computer until a public one exists, and leads to the tunnel', async () => {
    const fake = new FakeBridge({ items: makeItems(3), status: makeStatus({ tunnel: NO_TUNNEL }) });
    const { root, settle } = await openSettings(fake);
    const section = byTestId(root, 'settings-webhook');
    const local = byTestId<HTMLInputElement>(section, 'webhook-url');
    expect(local.value).toBe(LOCAL_URL);
    expect(section.querySelector(`label[for="${local.id}"]`)!.textContent).toBe(
      'Endereço local, só para testes neste computador — o WiFire não alcança este endereço',
    );
    expect(section.querySelector('[data-testid="webhook-public-url"]')).toBeNull();
    expect(section.textContent).not.toContain('Cole este endereço no WiFire');
    expect(section.textContent).toContain('O WiFire só chega a este computador por um endereço público.');

    const toTunnel = byTestId<HTMLAnchorElement>(section, 'webhook-tunnel-link');
    expect(toTunnel.textContent).toBe('Configurar o túnel');
    expect(toTunnel.getAttribute('href')).toBe('#/settings/tunnel');
    toTunnel.click();
    await settle();
    expect(window.location.hash).toBe('#/settings/tunnel');
    await followHash('#/settings/tunnel', settle);
    expect(document.activeElement).toBe(byTestId(root, 'settings-tunnel').querySelector('h2'));
  });

  it('offers the public webhook URL, with Copiar, as soon as the tunnel reports it; the local one stays labelled local', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const fake = new FakeBridge({ items: makeItems(3), status: makeStatus({ tunnel: NO_TUNNEL }) });
    const { root, settle } = await openSettings(fake);
    fake.emit('status', makeStatus({ tunnel: makeTunnelStatus({ urlConfirmed: false }) }));

    const section = byTestId(root, 'settings-webhook');
    const offered = byTestId<HTMLInputElement>(section, 'webhook-public-url');
    expect(offered.value).toBe(PUBLIC_URL);
    expect(section.querySelector(`label[for="${offered.id}"]`)!.textContent).toBe(
      'Endereço público — este é o que vai no WiFire',
    );
    expect(section.textContent).toContain('Cole este endereço no WiFire, em Configurações > Integrações');
    expect(section.querySelector('[data-testid="webhook-tunnel-link"]')).toBeNull();
    expect(byTestId<HTMLInputElement>(section, 'webhook-url').value).toBe(LOCAL_URL);
    expect(section.textContent).toContain('Endereço local, só para testes neste computador');

    byTestId<HTMLButtonElement>(section, 'copy-webhook-public-url').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(PUBLIC_URL);

    // The tunnel goes away again: back to the local address and the way to the tunnel.
    fake.emit('status', makeStatus({ tunnel: NO_TUNNEL }));
    expect(section.querySelector('[data-testid="webhook-public-url"]')).toBeNull();
    expect(byTestId(section, 'webhook-tunnel-link')).toBeTruthy();
  });
});
