import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SettingsPatch } from '../../../shared/settings-schema.js';
import { FakeBridge, makeItems, makeSettingsView } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

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

/** Every type that can pop up, in catalog order: what "Tudo" lets through. */
const POPPING = [
  'cliente-chegou',
  'cliente-aniversariante-chegou',
  'cliente-primeira-visita',
  'cliente-voltou-apos-60-dias',
  'cliente-tirou-foto',
  'cliente-curtiu-campanha',
  'cliente-curtiu-produto',
  'cliente-comentou-campanha',
  'cliente-comentou-produto',
  'cliente-avaliou-negativamente',
  'cliente-avaliou-passivamente',
  'cliente-avaliou-positivamente',
  'cliente-enviou-mensagem',
  'cliente-frequente-chegou',
  'cliente-insatisfeito-chegou',
  'cliente-fez-checkin',
  'cliente-curtiu',
  'cliente-conectou',
  'cliente-aniversariante-conectou',
  'cliente-conectou-primeira-vez',
  'cliente-conectou-apos-60-dias',
  'cliente-frequente-se-conectou',
  'cliente-insatisfeito-se-conectou',
  'cliente-sorteado',
];
const URGENT = ['cliente-avaliou-negativamente', 'cliente-insatisfeito-chegou', 'cliente-insatisfeito-se-conectou'];
const KEY = [
  ...URGENT,
  'cliente-aniversariante-chegou',
  'cliente-aniversariante-conectou',
  'cliente-frequente-chegou',
  'cliente-frequente-se-conectou',
];

/** The types whose "Avisar sobre" box is ticked, sorted. */
function ticked(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLInputElement>('input[data-type]')]
    .filter((box) => box.checked)
    .map((box) => box.dataset['type']!)
    .sort();
}

function inUse(root: ParentNode): string {
  return byTestId(root, 'alert-preset-current').textContent ?? '';
}

function pressed(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLButtonElement>('[data-preset]')]
    .filter((button) => button.getAttribute('aria-pressed') === 'true')
    .map((button) => button.dataset['preset']!);
}

describe('settings: "Avisar sobre" (ticked = pops up)', () => {
  it('starts with every type ticked, and unticking one sends its name in mutedTypes at once', async () => {
    const { root, fake, settle } = await openSettings();
    expect(ticked(root)).toEqual([...POPPING].sort());
    const box = checkbox(root, 'alert-type-cliente-conectou');
    expect(box.checked).toBe(true);
    box.click();
    await settle();
    expect(patches(fake)).toEqual([{ mutedTypes: ['cliente-conectou'] }]);
    expect(fake.settingsView.settings.mutedTypes).toEqual(['cliente-conectou']);
    expect(checkbox(root, 'alert-type-cliente-conectou').checked).toBe(false);
    expect(checkbox(root, 'alert-category-connection').indeterminate).toBe(true);
  });

  it('keeps two quick clicks in a row: the second patch includes the first', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'alert-type-cliente-conectou').click();
    checkbox(root, 'alert-type-cliente-curtiu').click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ mutedTypes: ['cliente-conectou', 'cliente-curtiu'] });
    expect(fake.settingsView.settings.mutedTypes).toEqual(['cliente-conectou', 'cliente-curtiu']);
  });

  it('mutes every type of a category with its category box, and lets them pop up again', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'alert-category-rating').click();
    await settle();
    expect(fake.settingsView.settings.mutedTypes).toEqual([
      'cliente-avaliou-negativamente',
      'cliente-avaliou-passivamente',
      'cliente-avaliou-positivamente',
      'cliente-enviou-mensagem',
    ]);
    expect(checkbox(root, 'alert-type-cliente-enviou-mensagem').checked).toBe(false);
    expect(checkbox(root, 'alert-category-rating').checked).toBe(false);

    checkbox(root, 'alert-category-rating').click();
    await settle();
    expect(fake.settingsView.settings.mutedTypes).toEqual([]);
    expect(checkbox(root, 'alert-type-cliente-enviou-mensagem').checked).toBe(true);
    expect(checkbox(root, 'alert-category-rating').checked).toBe(true);
  });

  it('shows the LGPD types unticked and disabled, as they never pop up', async () => {
    const { root } = await openSettings();
    expect(checkbox(root, 'alert-type-cliente-removeu-conta').disabled).toBe(true);
    expect(checkbox(root, 'alert-type-cliente-removeu-conta').checked).toBe(false);
    expect(checkbox(root, 'alert-type-cliente-atualizou-conta').disabled).toBe(true);
    expect(byTestId(root, 'settings-alerts').textContent).toContain('nunca geram notificação');
  });

  it('unticks the boxes of types muted elsewhere (settingsChanged from another window)', async () => {
    const { root, fake } = await openSettings();
    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-sorteado'] }));
    expect(checkbox(root, 'alert-type-cliente-sorteado').checked).toBe(false);
    expect(checkbox(root, 'alert-category-raffle').checked).toBe(false);
    expect(checkbox(root, 'alert-type-cliente-conectou').checked).toBe(true);
  });

  it('mutes an establishment by its id', async () => {
    const { root, fake, settle } = await openSettings();
    checkbox(root, 'mute-establishment-cafe-centro').click();
    await settle();
    expect(patches(fake)).toEqual([{ mutedEstablishments: ['cafe-centro'] }]);
  });
});

describe('settings: presets above the types', () => {
  it('writes exactly the mutedTypes each preset stands for, and every other setting stays as it was', async () => {
    // Not the defaults, so a preset that reset anything else would show; an unknown type muted by a script too.
    const start = makeSettingsView({
      mutedTypes: ['cliente-conectou', 'cliente-de-amanha'],
      mutedEstablishments: ['cafe-centro'],
      quietHours: [{ days: [5], from: '23:00', to: '09:00' }],
      privacy: { keepCpfRg: true, retentionDays: 90 },
      staleArrivalMinutes: 45,
      notificationsPaused: true,
    });
    const { root, fake, settle } = await openSettings(new FakeBridge({ items: makeItems(3), settings: start }));
    const steps: [string, string[]][] = [
      ['urgent', URGENT],
      ['key', KEY],
      ['all', POPPING],
      ['urgent', URGENT],
    ];
    for (const [index, [preset, popping]] of steps.entries()) {
      byTestId<HTMLButtonElement>(root, `alert-preset-${preset}`).click();
      await settle();
      const muted = POPPING.filter((type) => !popping.includes(type));
      const patch = patches(fake)[index]!;
      expect(Object.keys(patch), preset).toEqual(['mutedTypes']);
      expect([...patch.mutedTypes!].sort(), preset).toEqual([...muted].sort());
      expect(fake.settingsView.settings, preset).toEqual({ ...start.settings, mutedTypes: patch.mutedTypes });
      expect(ticked(root), preset).toEqual([...popping].sort());
      expect(pressed(root), preset).toEqual([preset]);
    }
    expect(patches(fake)).toHaveLength(steps.length);
  });

  it('sends nothing when the preset already in use is pressed again', async () => {
    const { root, fake, settle } = await openSettings();
    expect(pressed(root)).toEqual(['all']);
    byTestId<HTMLButtonElement>(root, 'alert-preset-all').click();
    await settle();
    expect(patches(fake)).toEqual([]);
  });

  it('shows the preset the mutes match, whoever set them, and "Personalizado" for any other set', async () => {
    const { root, fake, settle } = await openSettings();
    expect(inUse(root)).toBe('Em uso: Tudo');

    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: POPPING.filter((type) => !URGENT.includes(type)) }));
    expect(inUse(root)).toBe('Em uso: Só urgentes');
    expect(pressed(root)).toEqual(['urgent']);

    // Ticking the birthday and regular types by hand from "Só urgentes" is the middle preset.
    for (const type of KEY.filter((type) => !URGENT.includes(type))) checkbox(root, `alert-type-${type}`).click();
    await settle();
    expect(inUse(root)).toBe('Em uso: Só aniversários, frequentes e urgentes');
    expect(pressed(root)).toEqual(['key']);

    checkbox(root, 'alert-type-cliente-sorteado').click();
    await settle();
    expect(inUse(root)).toBe('Em uso: Personalizado');
    expect(pressed(root)).toEqual([]);

    // A name the catalog does not know is still a mute: not "Tudo".
    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-de-amanha'] }));
    expect(inUse(root)).toBe('Em uso: Personalizado');
  });

  it('warns beside Conexões, in words, while its urgent type is muted, and the warning goes when it pops up again', async () => {
    const { root, settle } = await openSettings();
    const warning = byTestId(root, 'alert-urgent-connection');
    expect(warning.textContent).toBe('');
    expect(checkbox(root, 'alert-category-connection').getAttribute('aria-describedby')).toBe(warning.id);

    checkbox(root, 'alert-category-connection').click();
    await settle();
    expect(byTestId(root, 'alert-urgent-connection').textContent).toBe(
      'Atenção: “Cliente insatisfeito conectado” é urgente e não vai abrir notificação (continua no feed).',
    );
    // Only the category that lost an urgent type says so.
    expect(byTestId(root, 'alert-urgent-arrival').textContent).toBe('');
    expect(byTestId(root, 'alert-urgent-rating').textContent).toBe('');

    checkbox(root, 'alert-category-connection').click();
    await settle();
    expect(byTestId(root, 'alert-urgent-connection').textContent).toBe('');
  });

  it('warns too when only the urgent type itself is unticked, and not for a category without urgent types', async () => {
    const { root, settle } = await openSettings();
    checkbox(root, 'alert-type-cliente-avaliou-negativamente').click();
    await settle();
    expect(byTestId(root, 'alert-urgent-rating').textContent).toContain('“Avaliação negativa” é urgente');
    checkbox(root, 'alert-category-engagement').click();
    await settle();
    expect(root.querySelector('[data-testid="alert-urgent-engagement"]')).toBeNull();
    checkbox(root, 'alert-type-cliente-avaliou-negativamente').click();
    await settle();
    expect(byTestId(root, 'alert-urgent-rating').textContent).toBe('');
  });

  it('marks the urgent types in the grid and names them under the presets', async () => {
    const { root } = await openSettings();
    const urgentRows = [...root.querySelectorAll('.urgent-tag')].map((tag) => tag.closest('label')!.textContent);
    // In the grid's order: Chegadas, Conexões, Avaliações.
    expect(urgentRows).toEqual([
      'Cliente insatisfeito no localurgente',
      'Cliente insatisfeito conectadourgente',
      'Avaliação negativaurgente',
    ]);
    expect(byTestId(root, 'alert-presets').textContent).toContain(
      'Urgentes: “Avaliação negativa”, “Cliente insatisfeito no local” e “Cliente insatisfeito conectado”.',
    );
  });
});

describe('settings: language, privacy, webhook, test', () => {
  it('switches the whole UI to English at once', async () => {
    const { root, settle } = await openSettings();
    expect(byTestId(root, 'settings').textContent).toContain('Avisar sobre');
    const language = byTestId<HTMLSelectElement>(root, 'setting-locale');
    language.value = 'en';
    language.dispatchEvent(new Event('change'));
    await settle();
    const settings = byTestId(root, 'settings');
    expect(settings.textContent).toContain('Pop up for');
    expect(settings.textContent).toContain('Arrivals');
    expect(settings.textContent).toContain('Birthday customer on site');
    expect(inUse(root)).toBe('In use: Everything');
    expect(byTestId(root, 'alert-preset-key').textContent).toBe('Only birthdays, regulars and urgent');
    expect(byTestId(root, 'settings-menu-tunnel').textContent).toBe('Tunnel');
    expect(settings.textContent).not.toContain('Avisar sobre');
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

  it('offers the public webhook URL to paste into WiFire and copies it with a visible confirmation', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { root, fake, settle } = await openSettings();
    const publicUrl = fake.status.tunnel.publicWebhookUrl!;
    expect(byTestId<HTMLInputElement>(root, 'webhook-public-url').value).toBe(publicUrl);
    byTestId<HTMLButtonElement>(root, 'copy-webhook-public-url').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(publicUrl);
    expect(byTestId(root, 'copy-webhook-public-url-feedback').textContent).toBe('Copiado!');
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
