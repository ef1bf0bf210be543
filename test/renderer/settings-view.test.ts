import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SettingsPatch } from '../../shared/settings-schema.js';
import { FakeBridge, makeItems, makeSettingsView } from './fake-bridge.js';
import { byTestId, mountApp, type Mounted } from './mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

async function openSettings(fake = new FakeBridge({ items: makeItems(3) })): Promise<Mounted> {
  mounted = await mountApp(fake, '#/settings');
  return mounted;
}

function checkbox(root: ParentNode, testId: string): HTMLInputElement {
  return byTestId<HTMLInputElement>(root, testId);
}

function patches(fake: FakeBridge): SettingsPatch[] {
  return fake.callsOf('updateSettings') as SettingsPatch[];
}

describe('settings: muting', () => {
  it('mutes a type at once: the click sends its name in mutedTypes and the box stays ticked', async () => {
    const { root, fake, settle } = await openSettings();
    const box = checkbox(root, 'mute-type-cliente-conectou');
    expect(box.checked).toBe(false);
    box.click();
    await settle();
    expect(patches(fake)).toEqual([{ mutedTypes: ['cliente-conectou'] }]);
    expect(fake.settingsView.settings.mutedTypes).toEqual(['cliente-conectou']);
    expect(checkbox(root, 'mute-type-cliente-conectou').checked).toBe(true);
    expect(checkbox(root, 'mute-category-connection').indeterminate).toBe(true);
  });

  it('keeps two quick clicks in a row: the second patch includes the first', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'mute-type-cliente-conectou').click();
    checkbox(root, 'mute-type-cliente-curtiu').click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ mutedTypes: ['cliente-conectou', 'cliente-curtiu'] });
    expect(fake.settingsView.settings.mutedTypes).toEqual(['cliente-conectou', 'cliente-curtiu']);
  });

  it('mutes every type of a category with its category box, and unmutes them again', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'mute-category-rating').click();
    await settle();
    expect(fake.settingsView.settings.mutedTypes).toEqual([
      'cliente-avaliou-negativamente',
      'cliente-avaliou-passivamente',
      'cliente-avaliou-positivamente',
      'cliente-enviou-mensagem',
    ]);
    expect(checkbox(root, 'mute-type-cliente-enviou-mensagem').checked).toBe(true);
    expect(checkbox(root, 'mute-category-rating').checked).toBe(true);

    checkbox(root, 'mute-category-rating').click();
    await settle();
    expect(fake.settingsView.settings.mutedTypes).toEqual([]);
    expect(checkbox(root, 'mute-type-cliente-enviou-mensagem').checked).toBe(false);
  });

  it('shows the LGPD types disabled, as they never pop up', async () => {
    const { root } = await openSettings();
    expect(checkbox(root, 'mute-type-cliente-removeu-conta').disabled).toBe(true);
    expect(checkbox(root, 'mute-type-cliente-atualizou-conta').disabled).toBe(true);
    expect(byTestId(root, 'settings-mute-types').textContent).toContain('nunca geram notificação');
  });

  it('ticks the boxes of types muted elsewhere (settingsChanged from another window)', async () => {
    const { root, fake } = await openSettings();
    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-sorteado'] }));
    expect(checkbox(root, 'mute-type-cliente-sorteado').checked).toBe(true);
    expect(checkbox(root, 'mute-category-raffle').checked).toBe(true);
  });

  it('mutes an establishment by its id', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'mute-establishment-cafe-centro').click();
    await settle();
    expect(patches(fake)).toEqual([{ mutedEstablishments: ['cafe-centro'] }]);
  });
});

describe('settings: language, privacy, webhook, test', () => {
  it('switches the whole UI to English at once', async () => {
    const { root, settle } = await openSettings();
    expect(byTestId(root, 'settings').textContent).toContain('Não mostrar notificação para');
    const language = byTestId<HTMLSelectElement>(root, 'setting-locale');
    language.value = 'en';
    language.dispatchEvent(new Event('change'));
    await settle();
    const settings = byTestId(root, 'settings');
    expect(settings.textContent).toContain("Don't pop up for");
    expect(settings.textContent).toContain('Arrivals');
    expect(settings.textContent).toContain('Birthday customer on site');
    expect(settings.textContent).not.toContain('Não mostrar notificação para');
    expect(byTestId(root, 'nav-settings').textContent).toBe('Settings');
    expect(byTestId(root, 'connection').textContent).toBe('Up: receiving events');
    expect(byTestId<HTMLSelectElement>(root, 'setting-locale').value).toBe('en');
  });

  it('sends a new retention with the whole privacy block, and refuses an out-of-range number', async () => {
    const { root, fake, settle } = await openSettings();
    const retention = byTestId<HTMLInputElement>(root, 'retention-days');
    expect(retention.value).toBe('30');
    retention.value = '90';
    retention.dispatchEvent(new Event('change'));
    await settle();
    expect(patches(fake)).toEqual([{ privacy: { keepCpfRg: false, retentionDays: 90 } }]);

    retention.value = '0';
    retention.dispatchEvent(new Event('change'));
    await settle();
    expect(patches(fake)).toHaveLength(1);
    expect(byTestId(root, 'retention-error').hidden).toBe(false);
  });

  it('keeps CPF and RG only when ticked', async () => {
    const { root, fake, settle } = await openSettings();
    const keep = checkbox(root, 'keep-cpf-rg');
    expect(keep.checked).toBe(false);
    keep.click();
    await settle();
    expect(patches(fake)).toEqual([{ privacy: { keepCpfRg: true, retentionDays: 30 } }]);
  });

  it('shows the webhook URL and copies it with a visible confirmation', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { root, fake, settle } = await openSettings();
    expect(byTestId<HTMLInputElement>(root, 'webhook-url').value).toBe(fake.settingsView.webhookUrl);
    byTestId<HTMLButtonElement>(root, 'copy-webhook-url').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(fake.settingsView.webhookUrl);
    expect(byTestId(root, 'copy-webhook-url-feedback').textContent).toBe('Copiado!');
  });

  it('asks before generating a new secret and does nothing when the user says no', async () => {
    const confirm = vi.fn((_message?: string) => false);
    vi.stubGlobal('confirm', confirm);
    const { root, fake, settle } = await openSettings();
    byTestId<HTMLButtonElement>(root, 'regenerate-secret').click();
    await settle();
    expect(confirm.mock.calls[0]![0]).toContain('Configurações > Integrações');
    expect(fake.callsOf('regenerateWebhookSecret')).toHaveLength(0);

    confirm.mockReturnValue(true);
    byTestId<HTMLButtonElement>(root, 'regenerate-secret').click();
    await settle();
    expect(fake.callsOf('regenerateWebhookSecret')).toHaveLength(1);
    expect(byTestId<HTMLInputElement>(root, 'webhook-url').value).toContain('BBBB');
  });

  it('disables "new secret" with the reason when the secret comes from the environment', async () => {
    const fake = new FakeBridge({ settings: { ...makeSettingsView(), secretFromEnvironment: true } });
    const { root } = await openSettings(fake);
    expect(byTestId<HTMLButtonElement>(root, 'regenerate-secret').disabled).toBe(true);
    expect(byTestId(root, 'secret-from-env').textContent).toContain('WIFIRE_DESK_TOKEN');
  });

  it('pauses notifications from settings and shows the box ticked', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'notifications-paused').click();
    await settle();
    expect(patches(fake)).toEqual([{ notificationsPaused: true }]);
    expect(checkbox(root, 'notifications-paused').checked).toBe(true);
    // The header says so on every screen, with a way back.
    expect(byTestId(root, 'paused-text').textContent).toBe('Notificações pausadas');
    byTestId<HTMLButtonElement>(root, 'paused-resume').click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ notificationsPaused: false });
    expect(root.querySelector('[data-testid="paused-text"]')).toBeNull();
    expect(checkbox(root, 'notifications-paused').checked).toBe(false);
  });

  it('offers "start at login" only in the desktop app, ticked by default', async () => {
    const headless = await openSettings();
    expect(headless.root.querySelector('[data-testid="start-at-login"]')).toBeNull();
    headless.destroy();
    mounted = null;

    const desktop = await openSettings(new FakeBridge({ settings: { ...makeSettingsView(), shell: 'desktop' } }));
    const box = checkbox(desktop.root, 'start-at-login');
    expect(box.checked).toBe(true);
    box.click();
    await desktop.settle();
    expect(patches(desktop.fake)).toEqual([{ startAtLogin: false }]);
  });

  it('reports the test notification: the backend when sent, the hint when not', async () => {
    const { root, fake, settle } = await openSettings();
    byTestId<HTMLButtonElement>(root, 'test-notification').click();
    await settle();
    expect(byTestId(root, 'test-notification-result').textContent).toMatch(
      /^Notificação enviada por node-notifier\. Se não apareceu/,
    );

    fake.testResult = { ok: false, backend: 'node-notifier', code: 'ENOENT', hint: 'Instale o pacote libnotify-bin.' };
    byTestId<HTMLButtonElement>(root, 'test-notification').click();
    await settle();
    expect(byTestId(root, 'test-notification-result').textContent).toContain('Instale o pacote libnotify-bin.');
  });
});
