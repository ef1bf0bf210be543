// A person's afternoon in Settings, in Chromium against the real headless service and a real notification server:
// several changes in a row through the real controls, a restart, WiFire's retries. After every step the whole of
// config.json and every control on the page still show every earlier choice, and nothing else has moved.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { CATALOG, EVENT_TYPES } from '../../shared/catalog.js';
import { DEFAULT_SETTINGS, type QuietPeriod } from '../../shared/settings-schema.js';
import { launchChromium } from '../support/chromium.js';
import { post, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';
import { makeTempDir } from '../support/temp-service.js';

const POPUP = EVENT_TYPES.filter((type) => CATALOG[type].popup);
const ENGAGEMENT = POPUP.filter((type) => CATALOG[type].category === 'engagement');
/** What each preset mutes: every type that can pop up, but the ones the preset names. */
const ONLY_URGENT = POPUP.filter((type) => CATALOG[type].priority !== 'urgent');
const ONLY_KEY = ONLY_URGENT.filter((type) => !/aniversariante|frequente/.test(type));
const UNHAPPY_CONNECTED = 'cliente-insatisfeito-se-conectou';

type Json = Record<string, unknown>;

/** HH:MM in São Paulo (and Recife), `minutes` from now. */
function clockAt(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Sao_Paulo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

function readConfig(dataDir: string): Json {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')) as Json;
}

/** config.json without the generated secrets and main's own first-run notes: everything a person can change. */
function readChoices(dataDir: string): Json {
  const { webhookSecret: _secret, panelToken: _token, firstRun: _noted, ...rest } = readConfig(dataDir);
  return rest;
}

/** What every control on the settings page shows right now, read through the page as a person sees it. */
async function readControls(page: Page): Promise<Json> {
  const value = (id: string): Promise<string> => page.getByTestId(id).inputValue();
  const number = async (id: string): Promise<number> => Number(await value(id));
  const checked = (id: string): Promise<boolean> => page.getByTestId(id).isChecked();
  // "Avisar sobre" ticks what pops up: a muted type is an unticked box that could be ticked.
  const mutedTypes: string[] = [];
  for (const box of await page.locator('input[data-type]:not([disabled])').all()) {
    if (!(await box.isChecked())) mutedTypes.push((await box.getAttribute('data-type'))!);
  }
  const quietHours: { from: string; to: string }[] = [];
  for (let index = 0; index < (await page.getByTestId('quiet-period').count()); index++) {
    quietHours.push({
      from: (await value(`quiet-from-${index}`)).slice(0, 5),
      to: (await value(`quiet-to-${index}`)).slice(0, 5),
    });
  }
  return {
    mutedTypes: mutedTypes.sort(),
    quietHours,
    intervalMinutes: await number('urgent-repeat-interval'),
    maxRepeats: await number('urgent-repeat-max'),
    staleArrivalMinutes: await number('stale-arrival-minutes'),
    burstLimit: await number('burst-limit'),
    retentionDays: await number('retention-days'),
    keepCpfRg: await checked('keep-cpf-rg'),
    timeZone: await value('setting-timezone'),
    locale: await value('setting-locale'),
    paused: await checked('notifications-paused'),
  };
}

/** The controls as they must read for these settings. */
function controlsFor(settings: typeof DEFAULT_SETTINGS): Json {
  return {
    mutedTypes: settings.mutedTypes.filter((type) => POPUP.includes(type as (typeof POPUP)[number])).sort(),
    quietHours: settings.quietHours.map(({ from, to }) => ({ from, to })),
    intervalMinutes: settings.urgentRepeat.intervalMinutes,
    maxRepeats: settings.urgentRepeat.maxRepeats,
    staleArrivalMinutes: settings.staleArrivalMinutes,
    burstLimit: settings.burst.limit,
    retentionDays: settings.privacy.retentionDays,
    keepCpfRg: settings.privacy.keepCpfRg,
    timeZone: settings.timeZone,
    locale: settings.locale,
    paused: settings.notificationsPaused,
  };
}

const USUAL_ORDER = [
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
/** No establishment is known before the first event, so that section is not there yet. */
const FIRST_RUN_ORDER = [
  'webhook',
  'tunnel',
  'notifications',
  'alerts',
  'attention',
  'language',
  'other-desks',
  'privacy',
];

/** Run in the page: the element's top is in the upper half of the window, where a scroll to it puts it. */
function inView(element: {
  getBoundingClientRect(): { top: number };
  ownerDocument: { defaultView: { innerHeight: number } | null };
}): boolean {
  const { top } = element.getBoundingClientRect();
  return top >= 0 && top < (element.ownerDocument.defaultView?.innerHeight ?? 0) / 2;
}

/** Run in the page: the element holds the keyboard focus. */
function focused(element: { ownerDocument: { activeElement: unknown } }): boolean {
  return element.ownerDocument.activeElement === element;
}

describe('settings in Chromium, a change at a time', () => {
  const dataDir = makeTempDir('wifire-settings-journey-');
  let session: NotificationSession | undefined;
  let service: HeadlessService | undefined;
  let browser: Browser | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      session = await startNotificationSession();
      service = await startHeadless({ ...session.env }, undefined, { dataDir });
      browser = await launchChromium();
    } catch (error) {
      setupError = error;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  function stack(): { popUps: NotificationSession; app: HeadlessService; browser: Browser } {
    if (setupError !== undefined || !session || !service || !browser) {
      throw setupError ?? new Error('the browser stack did not start');
    }
    return { popUps: session, app: service, browser };
  }

  async function openSettings(route = '#/settings'): Promise<Page> {
    const { app, browser } = stack();
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    await page.goto(app.panelUrl);
    await page.goto(`${new URL(page.url()).origin}/panel/${route}`);
    await page.getByTestId('urgent-repeat-interval').waitFor({ timeout: WAIT_MS });
    return page;
  }

  /** The sections in page order, as their keys. */
  async function sectionOrder(page: Page): Promise<string[]> {
    const ids = await page
      .locator('.settings-sections > section')
      .evaluateAll((all) => all.map((section) => section.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.replace(/^settings-/, ''));
  }

  const inUse = (page: Page): Promise<string | null> => page.getByTestId('alert-preset-current').textContent();

  /** After a step: config.json holds exactly the defaults plus every choice so far, and the page shows the same. */
  async function expectEverything(page: Page, choices: Partial<typeof DEFAULT_SETTINGS>): Promise<void> {
    const expected = { ...DEFAULT_SETTINGS, ...choices };
    const { firstRun: _noted, ...chosen } = expected;
    const { app } = stack();
    await expect.poll(() => readChoices(app.dataDir), { timeout: WAIT_MS }).toEqual(JSON.parse(JSON.stringify(chosen)));
    await expect.poll(() => readControls(page), { timeout: WAIT_MS }).toEqual(controlsFor(expected));
  }

  it('keeps mutes, presets, quiet hours, repeats, time zone, language and a pause through each other and a restart', async () => {
    let page = await openSettings();
    const choices: Partial<typeof DEFAULT_SETTINGS> = {};
    await expectEverything(page, choices);

    // A first run (no public address, no event yet): the connection comes first, the local address says it is local.
    await expect.poll(() => sectionOrder(page), { timeout: WAIT_MS }).toEqual(FIRST_RUN_ORDER);
    const webhook = page.getByTestId('settings-webhook');
    expect(await webhook.innerText()).toContain(
      'Endereço local, só para testes neste computador — o WiFire não alcança este endereço',
    );
    expect(await webhook.getByTestId('webhook-url').inputValue()).toBe(stack().app.webhookUrl);
    expect(await webhook.getByTestId('webhook-public-url').count()).toBe(0);
    await webhook.getByTestId('webhook-tunnel-link').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/settings/tunnel');
    const tunnelHeading = page.getByTestId('settings-tunnel').locator('h2');
    await expect.poll(() => tunnelHeading.evaluate(focused)).toBe(true);
    await expect.poll(() => tunnelHeading.evaluate(inView)).toBe(true);
    await page.getByTestId('settings-menu-alerts').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/settings/alerts');
    await expect.poll(() => page.getByTestId('settings-alerts').locator('h2').evaluate(inView)).toBe(true);
    await expectEverything(page, choices);
    expect(await inUse(page)).toBe('Em uso: Tudo');

    await page.getByTestId('alert-category-engagement').uncheck();
    choices.mutedTypes = [...ENGAGEMENT];
    await expectEverything(page, choices);
    expect(await inUse(page)).toBe('Em uso: Personalizado');

    await page.getByTestId('alert-preset-key').click();
    choices.mutedTypes = [...ONLY_KEY];
    await expectEverything(page, choices);
    expect(await inUse(page)).toBe('Em uso: Só aniversários, frequentes e urgentes');

    // Muting the urgent type of Conexões says so beside it, and unmuting takes the warning away.
    const warning = page.getByTestId('alert-urgent-connection');
    expect(await warning.isVisible()).toBe(false);
    await page.getByTestId(`alert-type-${UNHAPPY_CONNECTED}`).uncheck();
    choices.mutedTypes = [...ONLY_KEY, UNHAPPY_CONNECTED];
    await expectEverything(page, choices);
    await expect.poll(() => warning.isVisible()).toBe(true);
    expect(await warning.innerText()).toBe(
      'Atenção: “Cliente insatisfeito conectado” é urgente e não vai abrir notificação (continua no feed).',
    );
    expect(await inUse(page)).toBe('Em uso: Personalizado');
    await page.getByTestId(`alert-type-${UNHAPPY_CONNECTED}`).check();
    choices.mutedTypes = [...ONLY_KEY];
    await expectEverything(page, choices);
    await expect.poll(() => warning.isVisible()).toBe(false);

    await page.getByTestId('alert-preset-urgent').click();
    choices.mutedTypes = [...ONLY_URGENT];
    await expectEverything(page, choices);
    expect(await inUse(page)).toBe('Em uso: Só urgentes');

    await page.getByTestId('quiet-add').click();
    const added = await expect
      .poll(() => readChoices(stack().app.dataDir).quietHours as QuietPeriod[], { timeout: WAIT_MS })
      .toHaveLength(1)
      .then(() => (readChoices(stack().app.dataDir).quietHours as QuietPeriod[])[0]!);
    // A new period starts as the evening one: 22:00 to 08:00.
    expect(added).toMatchObject({ from: '22:00', to: '08:00' });
    choices.quietHours = [added];
    await expectEverything(page, choices);
    // Quiet from an hour ago to an hour from now, so the pop-ups at the end fall inside it whenever this runs.
    const quiet = { ...added, from: clockAt(-60), to: clockAt(60) };
    await page.getByTestId('quiet-from-0').fill(quiet.from);
    await page.getByTestId('quiet-from-0').press('Tab');
    choices.quietHours = [{ ...added, from: quiet.from }];
    await expectEverything(page, choices);
    await page.getByTestId('quiet-to-0').fill(quiet.to);
    await page.getByTestId('quiet-to-0').press('Tab');
    choices.quietHours = [quiet];
    await expectEverything(page, choices);

    await page.getByTestId('urgent-repeat-interval').fill('7');
    await page.getByTestId('urgent-repeat-interval').press('Tab');
    choices.urgentRepeat = { ...DEFAULT_SETTINGS.urgentRepeat, intervalMinutes: 7 };
    await expectEverything(page, choices);

    await page.getByTestId('retention-days').fill('60');
    await page.getByTestId('retention-days').press('Tab');
    choices.privacy = { ...DEFAULT_SETTINGS.privacy, retentionDays: 60 };
    await expectEverything(page, choices);

    // Recife keeps São Paulo's offset, so the pop-ups below are not judged stale.
    await page.getByTestId('setting-timezone').selectOption('America/Recife');
    choices.timeZone = 'America/Recife';
    await expectEverything(page, choices);

    await page.getByTestId('setting-locale').selectOption('en');
    choices.locale = 'en';
    await expectEverything(page, choices);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Settings');
    expect(await inUse(page)).toBe('In use: Only urgent');

    await page.getByTestId('notifications-paused').check();
    choices.notificationsPaused = true;
    await expectEverything(page, choices);
    await page.getByTestId('notifications-paused').uncheck();
    choices.notificationsPaused = false;
    await expectEverything(page, choices);

    // A second window of the panel opened now shows the same.
    const other = await openSettings();
    await expectEverything(other, choices);
    await other.close();
    await page.close();

    // Restart on the same data folder: the same choices, on disk and on the page.
    const { app, popUps } = stack();
    expect(await app.terminate()).toEqual({ code: 0, signal: null });
    service = await startHeadless({ ...popUps.env }, undefined, { dataDir });
    page = await openSettings('#/settings/alerts');
    await expectEverything(page, choices);
    expect(await inUse(page)).toBe('In use: Only urgent');
    await expect.poll(() => sectionOrder(page), { timeout: WAIT_MS }).toEqual(FIRST_RUN_ORDER);
    await expect.poll(() => page.getByTestId('settings-alerts').locator('h2').evaluate(inView)).toBe(true);

    // What the choices are for: a muted type is listed without a pop-up; an urgent arrival pops up, once, in
    // English, inside quiet hours; WiFire's retry of it is a duplicate and pops up nothing more.
    const photographer = fakeCustomer(301);
    const unhappy = fakeCustomer(302);
    const urgent = buildPayload('cliente-insatisfeito-chegou', unhappy);
    expect((await post(service.webhookUrl, buildPayload('cliente-tirou-foto', photographer))).status).toBe(200);
    expect((await post(service.webhookUrl, urgent)).status).toBe(200);
    const shown = await popUps.waitFor((n) => n.body.includes(unhappy.name), WAIT_MS);
    expect(shown.summary).toBe(CATALOG['cliente-insatisfeito-chegou'].texts.en.title);
    expect(await post(service.webhookUrl, urgent)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    // An urgent pop-up posted after the retry proves the retry and the muted type had their chance and did not come.
    const later = fakeCustomer(303);
    expect((await post(service.webhookUrl, buildPayload('cliente-insatisfeito-chegou', later))).status).toBe(200);
    await popUps.waitFor((n) => n.body.includes(later.name), WAIT_MS);
    expect(popUps.notifications.filter((n) => n.body.includes(photographer.name))).toEqual([]);
    expect(popUps.notifications.filter((n) => n.body.includes(unhappy.name))).toHaveLength(1);
    await expectEverything(page, choices);
    await page.close();

    // Main noted the first event and pop-up beside the choices, and touched none of them.
    expect(readConfig(app.dataDir).firstRun).toMatchObject({
      eventAt: expect.any(Number),
      popUpAt: expect.any(Number),
    });

    // Events are stored now: settings opened again put the connection back in its usual place, choices intact.
    page = await openSettings();
    await expect.poll(() => sectionOrder(page), { timeout: WAIT_MS }).toEqual(USUAL_ORDER);
    await expectEverything(page, choices);
    await page.close();
  });
});
