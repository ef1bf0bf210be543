import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE_TIME,
  FakeBridge,
  makeCard,
  makeItem,
  makeItems,
  makeStatus,
  makeTunnelStatus,
} from '../support/fake-bridge.js';
import { byTestId, mountApp, rows, rowsOnScreen, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.destroy();
  mounted = null;
});

const PHOTO = 'data:image/png;base64,iVBORw0KGgo=';

function twoCustomers(): FakeBridge {
  const fake = new FakeBridge({
    items: [
      makeItem({ id: 4, customerId: '29', customerName: 'Lincoln Fernandes' }),
      makeItem({ id: 3, customerId: '30', customerName: 'Mariana Lima', type: 'cliente-frequente-chegou' }),
      makeItem({ id: 2, customerId: '29', customerName: 'Lincoln Fernandes', type: 'cliente-tirou-foto' }),
      makeItem({ id: 1, customerId: '30', customerName: 'Mariana Lima', read: true }),
    ],
  });
  fake.customers.set('29', makeCard('29', { name: 'Lincoln Fernandes' }));
  fake.customers.set('30', makeCard('30', { name: 'Mariana Lima' }));
  return fake;
}

describe('LGPD removal (customerPurged)', () => {
  it("removes every row of that customer from the feed and leaves the others'", async () => {
    mounted = await mountApp(twoCustomers(), '#/feed');
    const { root, fake } = mounted;
    expect(rows(root).map((row) => row.dataset['customerId'])).toContain('29');

    fake.emit('customerPurged', { customerId: '29', unread: 1 });
    expect(rows(root).map((row) => row.dataset['customerId'])).toEqual(['30', '30']);
    expect(mounted.text()).not.toContain('Lincoln');
    expect(byTestId(root, 'feed-total').textContent).toBe('2 eventos');
    expect(byTestId(root, 'unread-count').textContent).toBe('1');
  });

  it('removes the customer from the tray list too', async () => {
    mounted = await mountApp(twoCustomers(), '#/tray');
    mounted.fake.emit('customerPurged', { customerId: '29', unread: 1 });
    expect(rows(mounted.root, 'feed-row').map((row) => row.dataset['customerId'])).toEqual(['30', '30']);
    expect(mounted.text()).not.toContain('Lincoln');
  });

  it('replaces an open card of that customer with the removal notice at once', async () => {
    const fake = twoCustomers();
    fake.customers.set('29', makeCard('29', { name: 'Lincoln Fernandes', hasPhoto: true }));
    fake.photos.set('29', PHOTO);
    mounted = await mountApp(fake, '#/customer/29');
    const card = byTestId(mounted.root, 'customer-card');
    expect(byTestId(card, 'customer-name').textContent).toBe('Lincoln Fernandes');
    expect(card.querySelector('img')?.getAttribute('src')).toBe(PHOTO);

    fake.emit('customerPurged', { customerId: '29', unread: 1 });
    expect(card.textContent).toContain(
      'Este cliente removeu a conta; tudo o que estava guardado sobre a pessoa foi apagado.',
    );
    expect(card.textContent).not.toContain('Lincoln');
    expect(card.textContent).not.toContain('lincoln@velociti.com');
    expect(card.querySelector('img')).toBeNull();
    expect(mounted.app.photos.peek('29')).toBeUndefined();
  });

  it("leaves another customer's open card alone", async () => {
    mounted = await mountApp(twoCustomers(), '#/customer/30');
    mounted.fake.emit('customerPurged', { customerId: '29', unread: 1 });
    expect(byTestId(mounted.root, 'customer-name').textContent).toBe('Mariana Lima');
  });
});

describe('LGPD update (customerUpdated)', () => {
  it('rewrites the name shown in the feed rows of that customer', async () => {
    mounted = await mountApp(twoCustomers(), '#/feed');
    const { root, fake } = mounted;
    fake.emit('customerUpdated', {
      customerId: '29',
      items: [
        makeItem({ id: 4, customerId: '29', customerName: 'Lincoln F. Souza' }),
        makeItem({ id: 2, customerId: '29', customerName: 'Lincoln F. Souza', type: 'cliente-tirou-foto' }),
      ],
    });
    const names = rowsOnScreen(root)
      .filter((row) => row.dataset['customerId'] === '29')
      .map((row) => row.querySelector('[data-testid="row-who"]')!.textContent);
    expect(names).toEqual(['Lincoln F. Souza', 'Lincoln F. Souza']);
    expect(mounted.text()).not.toContain('Lincoln Fernandes');
  });

  it('fetches an open card of that customer again and shows the new name', async () => {
    const fake = twoCustomers();
    mounted = await mountApp(fake, '#/customer/29');
    fake.customers.set('29', makeCard('29', { name: 'Lincoln F. Souza' }));
    fake.emit('customerUpdated', { customerId: '29', items: [] });
    await mounted.settle();
    expect(byTestId(mounted.root, 'customer-name').textContent).toBe('Lincoln F. Souza');
  });
});

describe('customer card', () => {
  it('shows the birthday badge when the birthday is today', async () => {
    const fake = twoCustomers();
    fake.customers.set('29', makeCard('29', { birthday: '1988-03-14', birthdayToday: true }));
    mounted = await mountApp(fake, '#/customer/29');
    expect(byTestId(mounted.root, 'birthday-badge').textContent).toBe('Aniversário hoje');
    expect(byTestId(mounted.root, 'customer-birthday').textContent).toBe('14 de mar.');
  });

  it('shows no birthday badge on other days', async () => {
    mounted = await mountApp(twoCustomers(), '#/customer/29');
    expect(mounted.root.querySelector('[data-testid="birthday-badge"]')).toBeNull();
  });

  it('shows the visits, the rating band and only the contact fields that were kept', async () => {
    const fake = twoCustomers();
    fake.customers.set(
      '29',
      makeCard('29', {
        visitCount: 7,
        lastRating: { score: 4, band: 'detractor', at: BASE_TIME - 86_400_000 },
        contact: { email: null, phone: '44 9 99999999', cpf: null, rg: null },
      }),
    );
    mounted = await mountApp(fake, '#/customer/29');
    const card = byTestId(mounted.root, 'customer-card');
    expect(byTestId(card, 'customer-visit-count').textContent).toBe('7');
    expect(byTestId(card, 'rating-band').textContent).toBe('Detrator');
    expect(byTestId(card, 'customer-last-rating').textContent).toContain('Nota 4');
    expect(byTestId(card, 'customer-phone').textContent).toBe('(44) 99999-9999');
    expect(card.querySelector('[data-testid="customer-email"]')).toBeNull();
    expect(card.textContent).not.toContain('CPF');
    expect(card.textContent).not.toContain('RG');
    expect(rows(card, 'history-row').map((row) => row.dataset['eventId'])).toEqual(['4', '2']);
  });

  it('says the customer was not found when main has no card', async () => {
    mounted = await mountApp(twoCustomers(), '#/customer/nobody');
    expect(byTestId(mounted.root, 'customer-card').textContent).toContain(
      'Cliente não encontrado (pode ter removido a conta)',
    );
  });

  it("adds a pushed event of that customer to the open card's history", async () => {
    mounted = await mountApp(twoCustomers(), '#/customer/29');
    mounted.fake.emit('eventAdded', makeItem({ id: 5, customerId: '29', type: 'cliente-sorteado' }));
    mounted.fake.emit('eventAdded', makeItem({ id: 6, customerId: '30', customerName: 'Mariana Lima' }));
    expect(rows(mounted.root, 'history-row').map((row) => row.dataset['eventId'])).toEqual(['5', '4', '2']);
  });
});

describe('photos', () => {
  it('asks for a photo once per customer, only when the item has one, and never stores it in web storage', async () => {
    const fake = new FakeBridge({
      items: [
        makeItem({ id: 3, customerId: '29', hasPhoto: true }),
        makeItem({ id: 2, customerId: '29', hasPhoto: true }),
        makeItem({ id: 1, customerId: '30', customerName: 'Mariana Lima', hasPhoto: false }),
      ],
    });
    fake.photos.set('29', PHOTO);
    mounted = await mountApp(fake, '#/feed');
    expect(fake.callsOf('getPhoto')).toEqual([{ customerId: '29' }]);
    const images = mounted.root.querySelectorAll('img');
    expect([...images].map((image) => image.getAttribute('src'))).toEqual([PHOTO, PHOTO]);
    expect(rows(mounted.root).find((row) => row.dataset['customerId'] === '30')!.textContent).toContain('ML');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });
});

describe('reads, expiry and connection', () => {
  it('marks rows read when main says so, and shows the new unread count', async () => {
    mounted = await mountApp(new FakeBridge({ items: makeItems(6) }), '#/tray');
    const { root, fake } = mounted;
    expect(rows(root, 'feed-row').filter((row) => row.classList.contains('unread'))).toHaveLength(3);
    fake.emit('eventsRead', { upToId: '5', unread: 1 });
    expect(
      rows(root, 'feed-row')
        .filter((row) => row.classList.contains('unread'))
        .map((r) => r.dataset['eventId']),
    ).toEqual(['6']);
    expect(byTestId(root, 'unread-count').textContent).toBe('1');
  });

  it('drops rows older than the retention limit', async () => {
    mounted = await mountApp(new FakeBridge({ items: makeItems(6) }), '#/feed');
    mounted.fake.emit('eventsExpired', { createdBefore: BASE_TIME - 3 * 60_000, unread: 3 });
    expect(
      rows(mounted.root)
        .map((row) => row.dataset['eventId'])
        .sort(),
    ).toEqual(['4', '5', '6']);
    expect(byTestId(mounted.root, 'feed-total').textContent).toBe('3 eventos');
  });

  it('shows the whole chain in words and colour, and links to where the fix is', async () => {
    mounted = await mountApp(new FakeBridge({ items: makeItems(2) }), '#/feed');
    const { root, fake } = mounted;
    const indicator = (): HTMLElement => byTestId(root, 'connection');
    expect(indicator().dataset['state']).toBe('ok');
    expect(indicator().textContent).toBe('No ar: recebendo eventos');
    expect(indicator().tagName).toBe('SPAN');

    fake.emit(
      'status',
      makeStatus({ tunnel: makeTunnelStatus({ state: 'unreachable', reason: 'sem resposta', publicUrl: null }) }),
    );
    expect(indicator().dataset['state']).toBe('degraded');
    // The pill stays short; the reason is in its title, and a click leads to the Túnel section.
    expect(indicator().textContent).toBe('Túnel instável');
    expect(indicator().getAttribute('title')).toBe('Túnel instável\nsem resposta');
    expect(indicator().getAttribute('href')).toBe('#/settings/tunnel');

    // No tunnel of ours: nothing can arrive from WiFire yet, so it is not green.
    fake.emit('status', makeStatus({ tunnel: makeTunnelStatus({ state: 'off', publicUrl: null, preset: 'none' }) }));
    expect(indicator().dataset['state']).toBe('degraded');
    expect(indicator().textContent).toBe('Sem endereço público');

    const failing = { at: BASE_TIME, code: 'ENOENT', hint: 'Instale um serviço de notificações.' };
    fake.emit('status', makeStatus({ popUps: { lastShownAt: null, failing } }));
    expect(indicator().dataset['state']).toBe('down');
    expect(indicator().textContent).toBe('Notificações não aparecem');
    expect(indicator().getAttribute('title')).toMatch(/Instale um serviço de notificações\. Depois, use "Testar/);
    expect(indicator().getAttribute('href')).toBe('#/settings/notifications');

    // The store's worker ended: WiFire gets 503 until the new one is up; the pill says so, with no fix to offer.
    fake.emit('status', makeStatus({ store: { restartingSince: BASE_TIME } }));
    expect(indicator().dataset['state']).toBe('down');
    expect(indicator().textContent).toBe('Banco de eventos reiniciando');
    expect(indicator().getAttribute('title')).toMatch(/o WiFire os reenvia sozinho: nada se perde/);
    fake.emit('status', makeStatus());
    expect(indicator().dataset['state']).not.toBe('down');

    fake.emit('status', makeStatus({ listening: false }));
    expect(indicator().dataset['state']).toBe('down');
    expect(indicator().textContent).toBe('Não está recebendo eventos');
  });

  it('fetches the feed again when the connection comes back', async () => {
    mounted = await mountApp(new FakeBridge({ items: makeItems(2) }), '#/feed');
    const { root, fake, settle } = mounted;
    fake.emit('status', makeStatus({ listening: false }));
    fake.items = makeItems(3);
    const calls = fake.callsOf('listFeed').length;
    fake.emit('status', makeStatus({ listening: true }));
    await settle();
    expect(fake.callsOf('listFeed').length).toBe(calls + 1);
    expect(rowsOnScreen(root)[0]!.dataset['eventId']).toBe('3');
  });

  it('offers a one-hour snooze and shows until when pop-ups are paused', async () => {
    mounted = await mountApp(new FakeBridge({ items: makeItems(2) }), '#/feed');
    const { root, fake, settle } = mounted;
    byTestId<HTMLButtonElement>(root, 'snooze-button').click();
    await settle();
    expect(fake.callsOf('snooze')).toEqual([{ minutes: 60 }]);
    expect(byTestId(root, 'snooze-text').textContent).toBe('Notificações pausadas até 16:00');
    byTestId<HTMLButtonElement>(root, 'snooze-resume').click();
    await settle();
    expect(fake.callsOf('snooze')).toEqual([{ minutes: 60 }, { minutes: 0 }]);
    expect(root.querySelector('[data-testid="snooze-text"]')).toBeNull();
  });

  it('moves the relative times on at each tick', async () => {
    let now = BASE_TIME;
    mounted = await mountApp(
      new FakeBridge({ items: [makeItem({ id: 1, createdAt: BASE_TIME - 2 * 60_000 })] }),
      '#/tray',
      () => now,
    );
    const time = (): string => mounted!.root.querySelector('.row-relative')!.textContent!;
    expect(time()).toBe('há 2 min.');
    now += 60 * 60_000;
    mounted.app.tick();
    expect(time()).toBe('há 1 h');
  });

  it('shows a failed call in a toast, not an alert', async () => {
    const fake = new FakeBridge({ items: makeItems(2) });
    fake.markRead = () => Promise.reject(new Error('Sem conexão com o WiFire Desk.'));
    mounted = await mountApp(fake, '#/feed');
    byTestId<HTMLButtonElement>(mounted.root, 'mark-all-read').click();
    await mounted.settle();
    expect(byTestId(mounted.root, 'toast').textContent).toContain('Sem conexão com o WiFire Desk.');
  });
});
