import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../../shared/bridge-contract.js';
import {
  FakeBridge,
  SECRET,
  makeItems,
  makeSettingsView,
  makeStatus,
  makeTunnelStatus,
} from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

const OLD_URL = `https://calm-river-1234.trycloudflare.com/hooks/${SECRET}`;
const NEW_URL = `https://bright-lake-9876.trycloudflare.com/hooks/${SECRET}`;

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

function unconfirmed(url: string) {
  return makeStatus({
    tunnel: makeTunnelStatus({
      publicUrl: url.replace(/\/hooks\/.*$/, ''),
      publicWebhookUrl: url,
      urlConfirmed: false,
    }),
  });
}

async function open(hash: string, status = unconfirmed(OLD_URL)): Promise<Mounted> {
  mounted = await mountApp(new FakeBridge({ items: makeItems(3), status }), hash);
  return mounted;
}

/** The banner a user sees, or null (a hidden one does not count). */
function banner(root: ParentNode): HTMLElement | null {
  const shown = [...root.querySelectorAll<HTMLElement>('[data-testid="public-url-banner"]')].filter(
    (element) => !element.hidden,
  );
  expect(shown.length).toBeLessThanOrEqual(1);
  return shown[0] ?? null;
}

function shownUrl(root: ParentNode): string {
  return byTestId<HTMLInputElement>(banner(root)!, 'public-url-value').value;
}

describe('the "paste the new address" banner', () => {
  it('asks to paste an unconfirmed URL into WiFire, with the whole URL and the three steps', async () => {
    const { root } = await open('#/feed');
    const shown = banner(root)!;
    expect(shown).not.toBeNull();
    expect(shown.textContent).toContain('Cole o novo endereço no WiFire');
    expect(shown.textContent).toContain('1. No WiFire, abra Configurações > Integrações.');
    expect(shown.textContent).toContain('2. Cole este endereço nos dois campos (Insights e LGPD).');
    expect(shown.textContent).toContain('3. Clique em Salvar.');
    const value = byTestId<HTMLInputElement>(shown, 'public-url-value');
    expect(value.value).toBe(OLD_URL);
    expect(value.readOnly).toBe(true);
    expect(byTestId(shown, 'public-url-copy').textContent).toBe('Copiar');
    expect(byTestId(shown, 'public-url-confirm').textContent).toBe('Já colei no WiFire');
  });

  it('stays away while the URL is confirmed, and while there is no public URL at all', async () => {
    const { root, fake } = await open('#/feed', makeStatus());
    expect(banner(root)).toBeNull();
    fake.emit('status', makeStatus({ tunnel: makeTunnelStatus({ publicUrl: null, urlConfirmed: false }) }));
    expect(banner(root)).toBeNull();
  });

  it('disappears after "Já colei no WiFire", once main confirms that very URL', async () => {
    const { root, fake, settle } = await open('#/feed');
    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-confirm').click();
    await settle();
    expect(fake.callsOf('confirmPublicUrl')).toEqual([{ publicWebhookUrl: OLD_URL }]);
    expect(banner(root)).toBeNull();
  });

  it('comes back with the new URL when a status push carries another unconfirmed one', async () => {
    const { root, fake, settle } = await open('#/feed');
    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-confirm').click();
    await settle();
    expect(banner(root)).toBeNull();

    fake.emit('status', unconfirmed(NEW_URL));
    expect(shownUrl(root)).toBe(NEW_URL);
    expect(banner(root)!.textContent).not.toContain('calm-river');
  });

  it('swaps the URL in place when it changes before anyone confirmed the old one', async () => {
    const { root, fake, settle } = await open('#/feed');
    expect(shownUrl(root)).toBe(OLD_URL);
    fake.status = unconfirmed(NEW_URL);
    fake.emit('status', fake.status);
    expect(shownUrl(root)).toBe(NEW_URL);

    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-confirm').click();
    await settle();
    expect(fake.callsOf('confirmPublicUrl')).toEqual([{ publicWebhookUrl: NEW_URL }]);
    expect(banner(root)).toBeNull();
  });

  it('keeps asking, with the reason in a toast, when the confirmation fails', async () => {
    const { root, fake, settle } = await open('#/feed');
    fake.failures.set(
      'confirmPublicUrl',
      new BridgeError('unavailable', 'Sem conexão com o WiFire Desk. Verifique se o serviço está rodando.'),
    );
    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-confirm').click();
    await settle();
    expect(shownUrl(root)).toBe(OLD_URL);
    expect(byTestId<HTMLButtonElement>(banner(root)!, 'public-url-confirm').disabled).toBe(false);
    expect(byTestId(root, 'toasts').textContent).toContain('Sem conexão com o WiFire Desk');
  });

  it('copies the URL with "Copiar"', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { root, settle } = await open('#/feed');
    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-copy').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(OLD_URL);
    expect(byTestId(banner(root)!, 'public-url-copy-feedback').textContent).toBe('Copiado!');
  });

  it('selects the whole URL for Ctrl+C when the clipboard is refused', async () => {
    const writeText = vi.fn(() => Promise.reject(new Error('denied')));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    // happy-dom has no document.execCommand: the page must cope, as with a browser that refuses it.
    const { root, settle } = await open('#/feed');
    byTestId<HTMLButtonElement>(banner(root)!, 'public-url-copy').click();
    await settle();
    const value = byTestId<HTMLInputElement>(banner(root)!, 'public-url-value');
    expect(value.selectionStart).toBe(0);
    expect(value.selectionEnd).toBe(OLD_URL.length);
    expect(byTestId(banner(root)!, 'public-url-copy-feedback').textContent).toBe(
      'Não foi possível copiar; selecione o endereço e copie à mão.',
    );
  });

  it('shows a compact banner inside the tray window', async () => {
    const { root, settle, fake } = await open('#/tray');
    const shown = banner(root)!;
    expect(shown.classList.contains('public-url-banner-compact')).toBe(true);
    expect(byTestId(root, 'tray').contains(shown)).toBe(true);
    expect(shownUrl(root)).toBe(OLD_URL);

    byTestId<HTMLButtonElement>(shown, 'public-url-confirm').click();
    await settle();
    expect(fake.callsOf('confirmPublicUrl')).toEqual([{ publicWebhookUrl: OLD_URL }]);
    expect(banner(root)).toBeNull();
  });

  it('is shown on every panel page, settings included', async () => {
    const { root } = await open('#/settings');
    expect(shownUrl(root)).toBe(OLD_URL);
  });

  it('speaks English when the desk does', async () => {
    const { root, fake } = await open('#/feed');
    fake.emit('settingsChanged', makeSettingsView({ locale: 'en' }));
    const shown = banner(root)!;
    expect(shown.textContent).toContain('Paste the new address into WiFire');
    expect(shown.textContent).toContain('2. Paste this address into both fields (Insights and LGPD).');
    expect(byTestId(shown, 'public-url-confirm').textContent).toBe('I pasted it into WiFire');
    expect(shownUrl(root)).toBe(OLD_URL);
  });
});
