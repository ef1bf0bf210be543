// A chain's overview desk in a real browser (Debian's Chromium), as its manager uses it: three places on one NATS
// (`--nats-url`), each with its main desk, and the overview following all three. Events arrive live with their place
// on every row, a customer's card opens from the place that holds her, "Marcar todas como lidas" reads every place,
// an erasure at one place leaves the others, and a reload shows the same. The whole state is checked after each step.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, type FakeCustomer } from '../../main/headless/simulator/payloads.js';
import { UI_STRINGS } from '../../shared/ui-strings.js';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS } from '../support/e2e-headless.js';
import { startChainDesk, startChainHub, startSharedNats, type SharedNats } from '../support/shared-nats.js';
import type { TempService } from '../support/temp-service.js';

const pt = UI_STRINGS['pt-BR'];
const ACCOUNT = 'rede-painel';
const PLACES = [
  { identifier: 'barcentro', name: 'Bar do Centro', slug: 'bar-do-centro' },
  { identifier: 'quiosquepraia', name: 'Quiosque da Praia', slug: 'quiosque-da-praia' },
  { identifier: 'lojashopping', name: 'Loja do Shopping', slug: 'loja-do-shopping' },
];

describe('a chain’s overview in Chromium: three places, live, read, erased, reloaded', () => {
  let nats: SharedNats;
  const hubs: TempService[] = [];
  let overview: TempService;
  let browser: Browser;
  let page: Page;
  const people: FakeCustomer[] = [
    { ...fakeCustomer(501), name: 'Ana Centro Souza' },
    { ...fakeCustomer(502), name: 'Bruno Praia Lima' },
    { ...fakeCustomer(503), name: 'Carla Shopping Reis' },
  ];

  const rows = (): Locator => page.locator('[data-testid="feed-row"]');
  /** Each row as a person reads it: who, and where · when. */
  async function feedLines(): Promise<Array<{ who: string; where: string; read: boolean }>> {
    return rows().evaluateAll((items) =>
      items.map((item) => ({
        who: item.querySelector('[data-testid="row-who"]')?.textContent ?? '',
        where: (item.querySelector('.row-absolute')?.textContent ?? '').split(' · ')[0]!,
        read: !item.classList.contains('unread'),
      })),
    );
  }
  const unreadAt = async (hub: TempService): Promise<number> => hub.service.store.unreadCount();

  beforeAll(async () => {
    nats = await startSharedNats(ACCOUNT, ['overview']);
    for (let i = 0; i < PLACES.length; i++) hubs.push(await startChainHub(nats, ACCOUNT));
    overview = await startChainDesk(
      hubs.map((hub) => hub.service.fanout!.joinCode()!),
      nats.desks.overview!,
    );
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 750 }, locale: 'pt-BR' });
    page = await context.newPage();
    await page.goto(overview.service.panelUrl);
    await page.goto(`${new URL(page.url()).origin}/panel/#/feed`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await overview?.close();
    for (const hub of hubs) await hub.close();
    await nats?.stop();
  }, 60_000);

  it('says in Outros balcões that it follows three places, all linked', async () => {
    const settings = await browser.contexts()[0]!.newPage();
    await settings.goto(`${new URL(page.url()).origin}/panel/#/settings/other-desks`);
    await expect
      .poll(() => settings.getByTestId('other-desks-state').innerText(), { timeout: WAIT_MS })
      .toBe(pt.otherDesksPlaces(3, 3));
    await settings.close();
  });

  it('shows each place’s event live, newest first, with the place on its row', async () => {
    for (let i = 0; i < PLACES.length; i++) {
      const answer = await hubs[i]!.post(
        buildPayload('cliente-frequente-chegou', people[i]!, { establishment: PLACES[i]! }),
      );
      expect(answer.status).toBe(200);
      await expect.poll(() => rows().count(), { timeout: WAIT_MS }).toBe(i + 1);
    }

    expect(await feedLines()).toEqual([
      { who: 'Carla Shopping Reis', where: 'Loja do Shopping', read: false },
      { who: 'Bruno Praia Lima', where: 'Quiosque da Praia', read: false },
      { who: 'Ana Centro Souza', where: 'Bar do Centro', read: false },
    ]);
    expect(await Promise.all(hubs.map(unreadAt))).toEqual([1, 1, 1]);
    // Its pop-ups say where too.
    expect(overview.popUps.map((popUp) => popUp.body.split(' — ')[1])).toEqual(PLACES.map((place) => place.name));
  });

  it('opens a customer’s card from the place that holds her data', async () => {
    await rows().filter({ hasText: 'Bruno Praia Lima' }).getByTestId('row-who').click();
    const card = page.getByTestId('customer-card');
    await card.waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('customer-name').innerText()).toBe('Bruno Praia Lima');
    // The place's position and WiFire's id: the same customer at another place is another card.
    expect(await card.getAttribute('data-customer-id')).toBe(`1-${people[1]!.id}`);
    expect(await page.getByTestId('customer-history').locator('[data-testid="history-row"]').count()).toBe(1);
    await page.getByTestId('back').click();
    await rows().first().waitFor({ timeout: WAIT_MS });
  });

  it('reads every place with "Marcar todas como lidas"', async () => {
    await page.getByTestId('mark-all-read').click();

    await expect.poll(() => Promise.all(hubs.map(unreadAt)), { timeout: WAIT_MS }).toEqual([0, 0, 0]);
    await expect
      .poll(async () => (await feedLines()).map((line) => line.read), { timeout: WAIT_MS })
      .toEqual([true, true, true]);
    expect(await overview.service.store.unreadCount()).toBe(0);
  });

  it('drops a customer erased at one place, live, and keeps the other places', async () => {
    const answer = await hubs[1]!.post(
      buildPayload('cliente-removeu-conta', people[1]!, { establishment: PLACES[1]! }),
    );
    expect(answer.status).toBe(200);

    await expect.poll(() => rows().count(), { timeout: WAIT_MS }).toBe(2);
    expect(await feedLines()).toEqual([
      { who: 'Carla Shopping Reis', where: 'Loja do Shopping', read: true },
      { who: 'Ana Centro Souza', where: 'Bar do Centro', read: true },
    ]);
  });

  it('shows the same after a reload: the rows come from the places, not from this desk', async () => {
    await page.reload();
    await expect.poll(() => rows().count(), { timeout: WAIT_MS }).toBe(2);
    expect(await feedLines()).toEqual([
      { who: 'Carla Shopping Reis', where: 'Loja do Shopping', read: true },
      { who: 'Ana Centro Souza', where: 'Bar do Centro', read: true },
    ]);
    // The place that erased her answers that she is gone.
    await page.goto(`${new URL(page.url()).origin}/panel/#/customer/${encodeURIComponent(`1-${people[1]!.id}`)}`);
    await page.getByTestId('customer-missing').waitFor({ timeout: WAIT_MS });
  });
});
