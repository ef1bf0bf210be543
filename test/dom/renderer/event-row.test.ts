// One event as a row in the tray, the feed and a card: who first, what as a tag, why it stayed quiet, mark as read.
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, renderTexts } from '../../../shared/catalog.js';
import { LISTED_TYPES } from '../../../renderer/feed-filter.js';
import { bodyWithoutName } from '../../../renderer/row-detail.js';
import { FakeBridge, makeCard, makeItem, makeSettingsView } from '../support/fake-bridge.js';
import { byTestId, mountApp, rows, rowsOnScreen, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.destroy();
  mounted = null;
});

const THIAGO = 'Thiago Rocha Ribeiro';

function rowOf(root: ParentNode, id: string): HTMLElement {
  const row = rows(root).find((candidate) => candidate.dataset['eventId'] === id);
  if (!row) throw new Error(`no row for event ${id}`);
  return row;
}

function part(row: HTMLElement, testId: string): string | null {
  return row.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
}

describe('a row holds the name once', () => {
  it('shows the name first, the catalog title as a tag, the body without the name and the time, in the tray', async () => {
    const fake = new FakeBridge({
      items: [makeItem({ id: 3, type: 'cliente-avaliou-negativamente', customerName: THIAGO, score: 0 })],
    });
    mounted = await mountApp(fake, '#/tray');
    const row = rowOf(mounted.root, '3');
    expect(part(row, 'row-who')).toBe(THIAGO);
    expect(part(row, 'row-tag')).toBe('Avaliação negativa');
    expect(part(row, 'row-detail')).toBe('Deu nota 0 para Boteco do WiFire. Vale conversar agora.');
    expect(row.querySelector('.row-relative')!.textContent).toBe('há 2 min.');
    expect(row.textContent!.split(THIAGO)).toHaveLength(2);
    // The name is the row's keyboard stop, with the rest of the row as its description.
    const who = row.querySelector<HTMLButtonElement>('[data-testid="row-who"]')!;
    expect(who.tagName).toBe('BUTTON');
    const described = who
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!.textContent)
      .join(' | ');
    expect(described).toBe(
      'Não lida | Avaliação negativa | Deu nota 0 para Boteco do WiFire. Vale conversar agora. | há 2 min.',
    );
  });

  it('leads with the title and keeps the body whole when the event has no customer name', async () => {
    const fake = new FakeBridge({
      items: [makeItem({ id: 5, type: 'cliente-sorteado', customerId: null, customerName: null })],
    });
    mounted = await mountApp(fake, '#/feed');
    const row = rowOf(mounted.root, '5');
    expect(part(row, 'row-who')).toBe('Cliente sorteado');
    expect(part(row, 'row-tag')).toBeNull();
    expect(part(row, 'row-detail')).toBe('Um cliente ganhou o sorteio de voucher do WiFire!');
  });

  it("leads a card's history rows with the title, as the card already names the customer", async () => {
    const fake = new FakeBridge({
      items: [makeItem({ id: 4, type: 'cliente-frequente-chegou', customerId: '29', customerName: THIAGO })],
    });
    fake.customers.set('29', makeCard('29', { name: THIAGO }));
    mounted = await mountApp(fake, '#/customer/29');
    const row = rows(mounted.root, 'history-row')[0]!;
    expect(part(row, 'row-who')).toBe('Cliente frequente no local');
    expect(part(row, 'row-detail')).toBe('Está no local há 15 minutos.');
    expect(row.textContent).not.toContain(THIAGO);
  });
});

describe('the body without the name', () => {
  it('drops the name that starts every catalog body, in both languages, and starts what is left with a capital', () => {
    const name = 'Maria Eduarda Souza';
    for (const locale of LOCALES) {
      for (const type of LISTED_TYPES) {
        const { body } = renderTexts(type, { name, establishment: 'Bar', score: 8, message: null }, locale);
        const detail = bodyWithoutName(body, name, locale);
        expect(detail, `${type} ${locale}`).not.toContain(name);
        expect(detail.length, `${type} ${locale}`).toBeGreaterThan(8);
        expect(detail.charAt(0), `${type} ${locale}`).toBe(detail.charAt(0).toLocaleUpperCase(locale));
      }
    }
  });

  it('skips the apposition that repeats the tag, and keeps a body that does not start with the name', () => {
    expect(bodyWithoutName('Ana Lima, cliente frequente, está no local há 15 minutos.', 'Ana Lima', 'pt-BR')).toBe(
      'Está no local há 15 minutos.',
    );
    expect(bodyWithoutName('Ana fez algo novo.', 'Ana Lima', 'pt-BR')).toBe('Ana fez algo novo.');
    expect(bodyWithoutName('Um cliente curtiu a página.', null, 'pt-BR')).toBe('Um cliente curtiu a página.');
  });
});

describe('the silenced mark', () => {
  it('says "silenciado" for a muted event and "em horário de silêncio" for a held one, in words beside an icon', async () => {
    const fake = new FakeBridge({
      items: [
        makeItem({ id: 3, customerName: 'Ana Lima', silenced: 'muted' }),
        makeItem({ id: 2, customerName: 'Bruno Costa', silenced: 'quiet' }),
        makeItem({ id: 1, customerName: 'Carla Dias', silenced: null }),
      ],
    });
    mounted = await mountApp(fake, '#/feed');
    const muted = rowOf(mounted.root, '3');
    expect(part(muted, 'row-silenced')).toBe('silenciado');
    expect(muted.querySelector('[data-testid="row-silenced"] svg[data-icon="bell-off"]')).not.toBeNull();
    expect(muted.querySelector('[data-testid="row-silenced"]')!.getAttribute('title')).toContain('silenciado');
    expect(part(rowOf(mounted.root, '2'), 'row-silenced')).toBe('em horário de silêncio');
    expect(part(rowOf(mounted.root, '1'), 'row-silenced')).toBeNull();
  });

  it('shows the mark in English too', async () => {
    const fake = new FakeBridge({
      items: [makeItem({ id: 2, silenced: 'quiet', locale: 'en' })],
      settings: makeSettingsView({ locale: 'en' }),
    });
    mounted = await mountApp(fake, '#/tray');
    expect(part(rowOf(mounted.root, '2'), 'row-silenced')).toBe('in quiet hours');
  });

  it('asks main for the rows again when what silences pop-ups changes, so the marks follow', async () => {
    const fake = new FakeBridge({ items: [makeItem({ id: 1 })] });
    mounted = await mountApp(fake, '#/feed');
    const before = fake.callsOf('listFeed').length;
    fake.items = [{ ...fake.items[0]!, silenced: 'muted' }];
    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-conectou'] }));
    await mounted.settle();
    expect(fake.callsOf('listFeed').length).toBe(before + 1);
    expect(part(rowOf(mounted.root, '1'), 'row-silenced')).toBe('silenciado');

    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-conectou'], startAtLogin: false }));
    await mounted.settle();
    expect(fake.callsOf('listFeed').length).toBe(before + 1);
  });
});

describe('marcar como lida on one row', () => {
  function threeUnread(): FakeBridge {
    const fake = new FakeBridge({
      items: [
        makeItem({ id: 3, customerId: '31', customerName: THIAGO }),
        makeItem({ id: 2, customerId: '30', customerName: 'Ana Lima' }),
        makeItem({ id: 1, customerId: '29', customerName: 'Carla Dias', read: true }),
      ],
    });
    fake.customers.set('31', makeCard('31', { name: THIAGO }));
    return fake;
  }

  it('marks just that event read with markRead({ ids }), without opening the card', async () => {
    mounted = await mountApp(threeUnread(), '#/tray');
    const { root, fake, settle } = mounted;
    const button = rowOf(root, '3').querySelector<HTMLButtonElement>('[data-testid="row-mark-read"]')!;
    expect(button.tagName).toBe('BUTTON');
    expect(button.getAttribute('aria-label')).toBe(`Marcar como lida: ${THIAGO}`);
    button.click();
    await settle();
    expect(fake.callsOf('markRead')).toEqual([{ ids: ['3'] }]);
    expect(window.location.hash).toBe('#/tray');
    expect(rowOf(root, '3').dataset['read']).toBe('true');
    expect(rowOf(root, '3').querySelector('[data-testid="row-mark-read"]')).toBeNull();
    expect(rowOf(root, '2').dataset['read']).toBe('false');
    expect(byTestId(root, 'unread-count').textContent).toBe('1');
  });

  it('is on every unread row and on no read one, in the feed too', async () => {
    mounted = await mountApp(threeUnread(), '#/feed');
    const withButton = rowsOnScreen(mounted.root).map(
      (row) => row.querySelector('[data-testid="row-mark-read"]') !== null,
    );
    expect(withButton).toEqual([true, true, false]);
  });

  it('keeps the keyboard on the row: after marking, the focus moves to that row name', async () => {
    mounted = await mountApp(threeUnread(), '#/tray');
    const { root, settle } = mounted;
    const button = rowOf(root, '2').querySelector<HTMLButtonElement>('[data-testid="row-mark-read"]')!;
    button.focus();
    button.click();
    await settle();
    expect(document.activeElement).toBe(rowOf(root, '2').querySelector('[data-testid="row-who"]'));
  });

  it("opens the card from the row's name, as Enter on a button does, and marks it read", async () => {
    mounted = await mountApp(threeUnread(), '#/tray');
    const { root, fake, settle } = mounted;
    rowOf(root, '3').querySelector<HTMLButtonElement>('[data-testid="row-who"]')!.click();
    await settle();
    expect(window.location.hash).toBe('#/customer/31');
    expect(fake.callsOf('markRead')).toEqual([{ ids: ['3'] }]);
  });
});
