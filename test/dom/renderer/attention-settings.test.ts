import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SettingsPatch } from '../../../shared/settings-schema.js';
import { FakeBridge, makeItems, makeSettingsView } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.destroy();
  mounted = null;
  vi.unstubAllGlobals();
});

async function openSettings(fake = new FakeBridge({ items: makeItems(3) })): Promise<Mounted> {
  mounted = await mountApp(fake, '#/settings');
  return mounted;
}

function patches(fake: FakeBridge): SettingsPatch[] {
  return fake.callsOf('updateSettings') as SettingsPatch[];
}

function input(root: ParentNode, testId: string): HTMLInputElement {
  return byTestId<HTMLInputElement>(root, testId);
}

/** Types a value and leaves the field, as a person would. */
function change(field: HTMLInputElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('change'));
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const FRIDAY_NIGHT = { days: [5], from: '23:00', to: '09:00' };

describe('settings: quiet hours', () => {
  it('adds a period of every day from 22:00 to 08:00 and sends the whole quietHours list', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }),
    );
    expect(byTestId(root, 'quiet-hours-empty').hidden).toBe(true);
    byTestId<HTMLButtonElement>(root, 'quiet-add').click();
    await settle();
    expect(patches(fake)).toEqual([{ quietHours: [FRIDAY_NIGHT, { days: EVERY_DAY, from: '22:00', to: '08:00' }] }]);
    expect(root.querySelectorAll('[data-testid="quiet-period"]')).toHaveLength(2);
    expect(input(root, 'quiet-from-1').value).toBe('22:00');
    expect(input(root, 'quiet-to-1').value).toBe('08:00');
    expect(input(root, 'quiet-day-1-0').checked).toBe(true);
    // The keyboard lands on the new period.
    expect(document.activeElement).toBe(input(root, 'quiet-from-1'));
  });

  it('says there are none, and offers to add one, when the list is empty', async () => {
    const { root } = await openSettings();
    expect(byTestId(root, 'quiet-hours-empty').hidden).toBe(false);
    expect(byTestId(root, 'quiet-hours-empty').textContent).toContain('Nenhum horário de silêncio');
    expect(byTestId(root, 'quiet-add').textContent).toBe('Adicionar horário de silêncio');
  });

  it('sends the changed period when a weekday is toggled and when a time changes', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }),
    );
    const saturday = input(root, 'quiet-day-0-6');
    expect(saturday.checked).toBe(false);
    expect(saturday.getAttribute('aria-label')).toBe('sábado');
    saturday.click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ quietHours: [{ days: [5, 6], from: '23:00', to: '09:00' }] });

    change(input(root, 'quiet-to-0'), '10:30');
    await settle();
    expect(patches(fake).at(-1)).toEqual({ quietHours: [{ days: [5, 6], from: '23:00', to: '10:30' }] });
    expect(fake.settingsView.settings.quietHours).toEqual([{ days: [5, 6], from: '23:00', to: '10:30' }]);

    input(root, 'quiet-day-0-5').click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ quietHours: [{ days: [6], from: '23:00', to: '10:30' }] });
  });

  it('refuses an invalid time with a visible message and sends nothing', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }),
    );
    const from = input(root, 'quiet-from-0');
    change(from, '25:00');
    await settle();
    change(from, '');
    await settle();
    expect(patches(fake)).toEqual([]);
    expect(byTestId(root, 'quiet-error-0').hidden).toBe(false);
    expect(byTestId(root, 'quiet-error-0').textContent).toContain('Horário inválido');
    expect(from.getAttribute('aria-invalid')).toBe('true');

    change(from, '22:30');
    await settle();
    expect(byTestId(root, 'quiet-error-0').hidden).toBe(true);
    expect(patches(fake)).toEqual([{ quietHours: [{ days: [5], from: '22:30', to: '09:00' }] }]);
  });

  it('keeps at least one weekday: unticking the last one is refused', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }),
    );
    const friday = input(root, 'quiet-day-0-5');
    friday.click();
    await settle();
    expect(patches(fake)).toEqual([]);
    expect(friday.checked).toBe(true);
    expect(byTestId(root, 'quiet-error-0').textContent).toBe('Marque pelo menos um dia.');
  });

  it('accepts a period crossing midnight and says it ends the next day', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [{ days: [5], from: '18:00', to: '23:00' }] }) }),
    );
    expect(byTestId(root, 'quiet-note-0').hidden).toBe(true);
    change(input(root, 'quiet-to-0'), '02:00');
    await settle();
    expect(patches(fake)).toEqual([{ quietHours: [{ days: [5], from: '18:00', to: '02:00' }] }]);
    expect(byTestId(root, 'quiet-error-0').hidden).toBe(true);
    expect(byTestId(root, 'quiet-note-0').hidden).toBe(false);
    expect(byTestId(root, 'quiet-note-0').textContent).toContain('termina às 02:00 do dia seguinte');
  });

  it('removes a period and sends the rest', async () => {
    const other = { days: [0], from: '12:00', to: '14:00' };
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT, other] }) }),
    );
    const remove = byTestId<HTMLButtonElement>(root, 'quiet-remove-0');
    expect(remove.getAttribute('aria-label')).toBe('Remover o horário de silêncio 1');
    remove.click();
    await settle();
    expect(patches(fake)).toEqual([{ quietHours: [other] }]);
    expect(root.querySelectorAll('[data-testid="quiet-period"]')).toHaveLength(1);
    expect(input(root, 'quiet-from-0').value).toBe('12:00');
  });

  it('labels every control: times by <label for>, weekdays by their full names', async () => {
    const { root } = await openSettings(new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }));
    const from = input(root, 'quiet-from-0');
    expect(root.querySelector(`label[for="${from.id}"]`)?.textContent).toBe('Das');
    const sunday = input(root, 'quiet-day-0-0');
    expect(sunday.getAttribute('aria-label')).toBe('domingo');
    expect(root.querySelector(`label[for="${sunday.id}"]`)?.getAttribute('title')).toBe('domingo');
    expect(root.querySelector(`label[for="${sunday.id}"]`)?.textContent).toBe('D');
  });
});

describe('settings: urgent repeats, stale arrivals, bursts', () => {
  it('sends the whole urgentRepeat object for either number, and refuses values out of range', async () => {
    const { root, fake, settle } = await openSettings();
    const interval = input(root, 'urgent-repeat-interval');
    const max = input(root, 'urgent-repeat-max');
    expect(interval.value).toBe('2');
    expect(max.value).toBe('5');
    expect(interval.min).toBe('0');
    expect(interval.max).toBe('60');

    change(interval, '0');
    await settle();
    expect(patches(fake)).toEqual([{ urgentRepeat: { intervalMinutes: 0, maxRepeats: 5 } }]);
    change(max, '10');
    await settle();
    expect(patches(fake).at(-1)).toEqual({ urgentRepeat: { intervalMinutes: 0, maxRepeats: 10 } });

    change(interval, '61');
    await settle();
    change(max, '2.5');
    await settle();
    expect(patches(fake)).toHaveLength(2);
    expect(byTestId(root, 'urgent-repeat-interval-error').hidden).toBe(false);
    expect(byTestId(root, 'urgent-repeat-interval-error').textContent).toBe('Use um número inteiro de 0 a 60.');
    expect(byTestId(root, 'urgent-repeat-max-error').hidden).toBe(false);
  });

  it('sends staleArrivalMinutes and refuses 0 or more than a day', async () => {
    const { root, fake, settle } = await openSettings();
    const stale = input(root, 'stale-arrival-minutes');
    expect(stale.value).toBe('30');
    change(stale, '0');
    await settle();
    change(stale, '1441');
    await settle();
    expect(patches(fake)).toEqual([]);
    expect(byTestId(root, 'stale-arrival-minutes-error').textContent).toBe('Use um número inteiro de 1 a 1440.');

    change(stale, '45');
    await settle();
    expect(patches(fake)).toEqual([{ staleArrivalMinutes: 45 }]);
    expect(byTestId(root, 'stale-arrival-minutes-error').hidden).toBe(true);
  });

  it('sends the whole burst object and refuses a window under 3 seconds', async () => {
    const { root, fake, settle } = await openSettings();
    change(input(root, 'burst-limit'), '5');
    await settle();
    expect(patches(fake)).toEqual([{ burst: { limit: 5, windowSeconds: 10 } }]);
    change(input(root, 'burst-window'), '2');
    await settle();
    expect(patches(fake)).toHaveLength(1);
    expect(byTestId(root, 'burst-window-error').hidden).toBe(false);
    change(input(root, 'burst-window'), '30');
    await settle();
    expect(patches(fake).at(-1)).toEqual({ burst: { limit: 5, windowSeconds: 30 } });
    expect(fake.settingsView.settings.burst).toEqual({ limit: 5, windowSeconds: 30 });
  });
});

describe('settings: followed establishments', () => {
  it('follows a ticked establishment, and says none ticked means all', async () => {
    const { root, fake, settle } = await openSettings();
    expect(byTestId(root, 'follow-summary').textContent).toBe('Nenhum marcado: avisa de todos os estabelecimentos.');
    expect(byTestId(root, 'settings-attention').textContent).toContain(
      'Não mostrar notificação destes estabelecimentos',
    );
    const cafe = input(root, 'follow-establishment-cafe-centro');
    expect(root.querySelector(`label[for="${cafe.id}"]`)?.textContent).toBe('Café do Centro');
    cafe.click();
    await settle();
    expect(patches(fake)).toEqual([{ followedEstablishments: ['cafe-centro'] }]);
    expect(input(root, 'follow-establishment-cafe-centro').checked).toBe(true);
    // Following is not muting: the mute box of the same place is untouched.
    expect(input(root, 'mute-establishment-cafe-centro').checked).toBe(false);
    expect(byTestId(root, 'follow-summary').textContent).toBe('Avisa só dos marcados (1 estabelecimento).');

    input(root, 'follow-establishment-cafe-centro').click();
    await settle();
    expect(patches(fake).at(-1)).toEqual({ followedEstablishments: [] });
  });
});

describe('settings: "Quando avisar" as settings change elsewhere', () => {
  it('re-syncs every control on a settingsChanged from another window', async () => {
    const { root, fake } = await openSettings();
    fake.emit(
      'settingsChanged',
      makeSettingsView({
        quietHours: [FRIDAY_NIGHT],
        urgentRepeat: { intervalMinutes: 7, maxRepeats: 3 },
        staleArrivalMinutes: 90,
        burst: { limit: 4, windowSeconds: 60 },
        followedEstablishments: ['botecodowifire'],
      }),
    );
    expect(root.querySelectorAll('[data-testid="quiet-period"]')).toHaveLength(1);
    expect(input(root, 'quiet-from-0').value).toBe('23:00');
    expect(input(root, 'quiet-to-0').value).toBe('09:00');
    expect(input(root, 'quiet-day-0-5').checked).toBe(true);
    expect(input(root, 'quiet-day-0-4').checked).toBe(false);
    expect(input(root, 'urgent-repeat-interval').value).toBe('7');
    expect(input(root, 'urgent-repeat-max').value).toBe('3');
    expect(input(root, 'stale-arrival-minutes').value).toBe('90');
    expect(input(root, 'burst-limit').value).toBe('4');
    expect(input(root, 'burst-window').value).toBe('60');
    expect(input(root, 'follow-establishment-botecodowifire').checked).toBe(true);
    expect(input(root, 'follow-establishment-cafe-centro').checked).toBe(false);

    fake.emit('settingsChanged', makeSettingsView({ quietHours: [{ ...FRIDAY_NIGHT, to: '07:15' }] }));
    expect(input(root, 'quiet-to-0').value).toBe('07:15');
    expect(byTestId(root, 'quiet-hours-empty').hidden).toBe(true);
    fake.emit('settingsChanged', makeSettingsView());
    expect(root.querySelectorAll('[data-testid="quiet-period"]')).toHaveLength(0);
    expect(byTestId(root, 'quiet-hours-empty').hidden).toBe(false);
  });

  it('shows a followed place not seen yet, so it can be unticked', async () => {
    const { root, fake, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ followedEstablishments: ['bar-da-praia'] }) }),
    );
    const box = input(root, 'follow-establishment-bar-da-praia');
    expect(box.checked).toBe(true);
    box.click();
    await settle();
    expect(patches(fake)).toEqual([{ followedEstablishments: [] }]);
  });

  it('speaks English after switching the locale', async () => {
    const { root, settle } = await openSettings(
      new FakeBridge({ settings: makeSettingsView({ quietHours: [FRIDAY_NIGHT] }) }),
    );
    expect(byTestId(root, 'settings-attention').textContent).toContain('Quando avisar');
    const language = byTestId<HTMLSelectElement>(root, 'setting-locale');
    language.value = 'en';
    language.dispatchEvent(new Event('change'));
    await settle();
    const section = byTestId(root, 'settings-attention');
    expect(section.querySelector('h2')?.textContent).toBe('When to pop up');
    expect(section.textContent).toContain('Quiet hours');
    expect(section.textContent).toContain('Runs past midnight: ends at 09:00 the next day.');
    expect(byTestId(root, 'quiet-add').textContent).toBe('Add quiet hours');
    expect(input(root, 'quiet-day-0-0').getAttribute('aria-label')).toBe('Sunday');
    const stale = input(root, 'stale-arrival-minutes');
    expect(root.querySelector(`label[for="${stale.id}"]`)?.textContent).toBe(
      "Don't pop up arrivals older than (minutes)",
    );
    expect(byTestId(root, 'follow-summary').textContent).toBe('None ticked: pops up for every venue.');
    expect(section.textContent).not.toContain('Horário de silêncio');
  });
});
