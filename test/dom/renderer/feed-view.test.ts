import { afterEach, describe, expect, it } from 'vitest';
import type { FeedQuery } from '../../../shared/bridge-contract.js';
import { CATEGORY_LABELS, EVENT_TYPES } from '../../../shared/catalog.js';
import { FEED_ROW_HEIGHT, FIRST_PAGE_SIZE } from '../../../renderer/feed-view.js';
import { BASE_TIME, FakeBridge, makeItem, makeItems } from '../support/fake-bridge.js';
import { byTestId, mountApp, rows, rowsOnScreen, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.destroy();
  mounted = null;
});

async function feedWith(count: number): Promise<Mounted> {
  mounted = await mountApp(new FakeBridge({ items: makeItems(count) }), '#/feed');
  return mounted;
}

function listFeedCalls(fake: FakeBridge): FeedQuery[] {
  return fake.callsOf('listFeed') as FeedQuery[];
}

describe('panel feed', () => {
  it('renders only a window of rows for a total of 10 000 events', async () => {
    const { root, fake } = await feedWith(10_000);
    expect(byTestId(root, 'feed-total').textContent).toBe('10.000 eventos');
    const drawn = rows(root);
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(60);
    const spacer = root.querySelector<HTMLElement>('.vlist-spacer')!;
    expect(spacer.style.height).toBe(`${10_000 * FEED_ROW_HEIGHT}px`);
    // The first page is small: the feed never loads everything at once.
    expect(listFeedCalls(fake)[0]).toMatchObject({ limit: FIRST_PAGE_SIZE });
    expect(rowsOnScreen(root)[0]!.dataset['eventId']).toBe('10000');
  });

  it('shows what a row holds: the name once and first, the title as a tag, the rest of the body, place and times', async () => {
    const { root } = await feedWith(3);
    const first = rowsOnScreen(root)[0]!;
    expect(first.dataset['customerId']).toBeTruthy();
    expect(first.querySelector('[data-testid="row-who"]')!.textContent).toBe('Mariana Lima');
    expect(first.querySelector('[data-testid="row-tag"]')!.textContent).toBe('Avaliação negativa');
    expect(first.querySelector('[data-testid="row-detail"]')!.textContent).toBe(
      'Deu nota de 0 a 6 para Café do Centro. Vale conversar agora.',
    );
    expect(first.textContent!.split('Mariana Lima')).toHaveLength(2);
    expect(first.querySelector('.row-relative')!.textContent).toBe('agora');
    expect(first.querySelector('.row-absolute')!.textContent).toBe('Café do Centro · 14/03/2026, 14:59');
    expect(first.classList.contains('unread')).toBe(true);
    expect(first.classList.contains('priority-urgent')).toBe(true);
    expect(first.querySelector('svg[data-icon="thumbs-down"]')).not.toBeNull();
    expect(first.querySelector('.avatar')!.textContent).toBe('ML');
  });

  it('offers no LGPD category or type in the filters, as LGPD events are never stored', async () => {
    const { root } = await feedWith(3);
    expect(root.querySelector('[data-testid="filter-category-privacy"]')).toBeNull();
    expect(root.textContent).not.toContain(CATEGORY_LABELS.privacy['pt-BR']);
    const options = [...byTestId<HTMLSelectElement>(root, 'filter-type').options].map((option) => option.value);
    expect(options).not.toContain('cliente-removeu-conta');
    expect(options).not.toContain('cliente-atualizou-conta');
    expect(options).toHaveLength(1 + EVENT_TYPES.length - 2);
    expect(root.querySelector('[data-testid="filter-category-raffle"]')).not.toBeNull();
  });

  it('loads the next page with beforeId as the user scrolls near the end of what is loaded', async () => {
    const { root, fake, settle } = await feedWith(10_000);
    const scroller = root.querySelector<HTMLElement>('.vlist')!;
    scroller.scrollTop = 80 * FEED_ROW_HEIGHT;
    scroller.dispatchEvent(new Event('scroll'));
    await settle();
    const calls = listFeedCalls(fake);
    expect(calls.length).toBe(2);
    expect(calls[1]).toMatchObject({ beforeId: '9901' });
    expect(rows(root).some((row) => row.dataset['eventId'] === '9920')).toBe(true);
    expect(rows(root).length).toBeLessThan(60);
  });

  it('puts a pushed event that matches the filters at the top and counts it', async () => {
    const { root, fake, settle } = await feedWith(50);
    byTestId<HTMLInputElement>(root, 'filter-category-rating').click();
    await settle();
    const before = Number(byTestId(root, 'feed-total').textContent!.split(' ')[0]);

    fake.emit(
      'eventAdded',
      makeItem({ id: 51, type: 'cliente-avaliou-negativamente', customerName: 'Mariana Lima', createdAt: BASE_TIME }),
    );
    const top = rowsOnScreen(root)[0]!;
    expect(top.dataset['eventId']).toBe('51');
    expect(top.textContent).toContain('Avaliação negativa');
    expect(byTestId(root, 'feed-total').textContent).toBe(`${before + 1} eventos`);
  });

  it('leaves out a pushed event that does not match the filters', async () => {
    const { root, fake, settle } = await feedWith(50);
    byTestId<HTMLInputElement>(root, 'filter-category-rating').click();
    await settle();
    const totalBefore = byTestId(root, 'feed-total').textContent;

    fake.emit('eventAdded', makeItem({ id: 51, type: 'cliente-conectou', createdAt: BASE_TIME }));
    expect(rows(root).some((row) => row.dataset['eventId'] === '51')).toBe(false);
    expect(byTestId(root, 'feed-total').textContent).toBe(totalBefore);
  });

  it('matches a pushed event against the name search without minding case or accents', async () => {
    const { root, fake, settle } = await feedWith(10);
    const search = byTestId<HTMLInputElement>(root, 'filter-search');
    search.value = 'jose';
    search.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    await settle();
    expect(listFeedCalls(fake).at(-1)).toMatchObject({ search: 'jose' });

    fake.emit('eventAdded', makeItem({ id: 11, customerId: 'c3', customerName: 'JOSÉ Carlos Pereira' }));
    fake.emit('eventAdded', makeItem({ id: 12, customerId: 'c4', customerName: 'Mariana Lima' }));
    const ids = rowsOnScreen(root).map((row) => row.dataset['eventId']);
    expect(ids[0]).toBe('11');
    expect(ids).not.toContain('12');
  });

  it('raises the unread count for a pushed unread event', async () => {
    const { root, fake } = await feedWith(10);
    const before = Number(byTestId(root, 'unread-count').textContent);
    fake.emit('eventAdded', makeItem({ id: 11 }));
    expect(Number(byTestId(root, 'unread-count').textContent)).toBe(before + 1);
  });

  it('asks for the categories and type the user picked', async () => {
    const { root, fake, settle } = await feedWith(10);
    byTestId<HTMLInputElement>(root, 'filter-category-arrival').click();
    await settle();
    const type = byTestId<HTMLSelectElement>(root, 'filter-type');
    const options = [...type.options].map((option) => option.textContent);
    expect(options).toContain('Aniversariante no local');
    expect(options).not.toContain('Cliente conectado');
    type.value = 'cliente-aniversariante-chegou';
    type.dispatchEvent(new Event('change'));
    await settle();
    expect(listFeedCalls(fake).at(-1)).toMatchObject({
      categories: ['arrival'],
      types: ['cliente-aniversariante-chegou'],
    });
  });

  it('marks a clicked row read and opens the customer card', async () => {
    const { root, fake, settle } = await feedWith(5);
    const first = rowsOnScreen(root)[0]!;
    first.click();
    await settle();
    expect(fake.callsOf('markRead')).toContainEqual({ ids: [first.dataset['eventId']] });
    expect(window.location.hash).toBe(`#/customer/${first.dataset['customerId']}`);
  });

  it('marks all as read up to the newest event seen', async () => {
    const { root, fake, settle } = await feedWith(5);
    byTestId<HTMLButtonElement>(root, 'mark-all-read').click();
    await settle();
    expect(fake.callsOf('markRead')).toContainEqual({ all: true, upToId: '5' });
    expect(byTestId(root, 'unread-count').textContent).toBe('0');
    expect(rows(root).every((row) => row.dataset['read'] === 'true')).toBe(true);
  });
});

describe('panel feed: places', () => {
  it('adds a place seen for the first time in a pushed event to the establishment filter', async () => {
    const fake = new FakeBridge({ items: makeItems(2) });
    fake.establishments = [];
    mounted = await mountApp(fake, '#/feed');
    const select = (): HTMLSelectElement => byTestId<HTMLSelectElement>(mounted!.root, 'filter-establishment');
    expect(select().disabled).toBe(true);
    fake.emit('eventAdded', makeItem({ id: 3, establishmentId: 'cafe-centro' }));
    expect([...select().options].map((option) => option.textContent)).toContain('Café do Centro');
    expect(select().disabled).toBe(false);
  });
});
