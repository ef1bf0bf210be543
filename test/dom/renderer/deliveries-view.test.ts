import { afterEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../../shared/bridge-contract.js';
import { formatSize } from '../../../renderer/deliveries-view.js';
import { FakeBridge, makeDelivery, makeItems } from '../support/fake-bridge.js';
import { byTestId, mountApp, rows, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.destroy();
  mounted = null;
});

function withDeliveries(): FakeBridge {
  const fake = new FakeBridge({ items: makeItems(3) });
  fake.deliveries = [
    makeDelivery(4, { type: 'cliente-pediu-musica', size: 800 }),
    makeDelivery(3, { type: null, status: 400, size: 12, eventId: null, payload: null }),
    makeDelivery(2, { duplicate: true, replay: true }),
    makeDelivery(1, { type: 'cliente-aniversariante-chegou', size: 1234 }),
  ];
  return fake;
}

async function open(fake = withDeliveries(), hash = '#/deliveries'): Promise<Mounted> {
  mounted = await mountApp(fake, hash);
  return mounted;
}

function toasts(root: ParentNode): string[] {
  return rows(root, 'toast').map((toast) => toast.textContent ?? '');
}

describe('the delivery log page', () => {
  it('lists the deliveries newest first with time, pt-BR type, answer, size and marks', async () => {
    const { root, fake } = await open();
    expect(fake.callsOf('listDeliveries')).toEqual([{ limit: 50 }]);
    const list = rows(root, 'delivery-row');
    expect(list.map((row) => row.dataset['deliveryId'])).toEqual(['4', '3', '2', '1']);
    const cells = (row: HTMLElement): string[] => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
    // 14/03/2026 15:00 in São Paulo, minus a minute per id.
    expect(cells(list[3]!)).toEqual(['14/03/2026, 14:59', 'Aniversariante no local', '200 aceita', '1,2 KB']);
    expect(cells(list[0]!)[1]).toBe('cliente-pediu-musica');
    expect(cells(list[0]!)[3]).toBe('800 B');
    expect(cells(list[1]!).slice(1, 3)).toEqual(['sem tipo legível', '400 conteúdo inválido']);
    expect(cells(list[2]!)[1]).toContain('duplicada');
    expect(cells(list[2]!)[1]).toContain('reenvio');
    expect(byTestId(root, 'nav-deliveries').getAttribute('aria-current')).toBe('page');
  });

  it('says so when nothing was delivered yet', async () => {
    const { root } = await open(new FakeBridge());
    expect(byTestId(root, 'deliveries-empty').textContent).toContain('Nenhuma entrega recebida ainda');
  });

  it('shows the redacted payload of the row clicked, in a <pre>', async () => {
    const { root, fake, settle } = await open();
    rows(root, 'delivery-row')[3]!.click();
    await settle();
    expect(fake.callsOf('getDelivery')).toEqual([{ id: '1' }]);
    const pre = byTestId(root, 'delivery-payload');
    expect(pre.tagName).toBe('PRE');
    expect(JSON.parse(pre.textContent ?? '')).toMatchObject({
      type: 'cliente-conectou',
      establishment: { identifier: 'botecodowifire', name: 'Boteco do WiFire' },
      user: { name: '•••', email: '•••' },
    });
    expect(byTestId(root, 'replay-delivery').textContent).toBe('Reenviar');
  });

  it('offers no Reenviar for a delivery whose content was not kept', async () => {
    const { root, settle } = await open();
    rows(root, 'delivery-row')[1]!.click();
    await settle();
    expect(byTestId(root, 'delivery-no-payload').textContent).toContain('não foi guardado');
    expect(root.querySelector('[data-testid="replay-delivery"]')).toBeNull();
  });

  it('Reenviar calls replayDelivery and says when it was already received (duplicate)', async () => {
    const fake = withDeliveries();
    fake.replayAnswer = { status: 200, duplicate: true, eventId: '1' };
    const { root, settle } = await open(fake);
    rows(root, 'delivery-row')[3]!.click();
    await settle();
    byTestId<HTMLButtonElement>(root, 'replay-delivery').click();
    await settle();
    expect(fake.callsOf('replayDelivery')).toEqual([{ id: '1' }]);
    expect(toasts(root)).toEqual([expect.stringContaining('Reenviado: já recebido antes (duplicado)')]);
    // The list is fetched again: the replay is a delivery of its own.
    expect(fake.callsOf('listDeliveries')).toHaveLength(2);
  });

  it('Reenviar says when the event was stored again as new', async () => {
    const fake = withDeliveries();
    fake.replayAnswer = { status: 200, duplicate: false, eventId: '9' };
    const { root, settle } = await open(fake);
    rows(root, 'delivery-row')[0]!.click();
    await settle();
    byTestId<HTMLButtonElement>(root, 'replay-delivery').click();
    await settle();
    expect(fake.callsOf('replayDelivery')).toEqual([{ id: '4' }]);
    expect(toasts(root)).toEqual([expect.stringContaining('Reenviado: guardado como novo evento')]);
  });

  it('Reenviar shows the error main gave', async () => {
    const fake = withDeliveries();
    fake.failures.set('replayDelivery', new BridgeError('not_found', 'Esta entrega não pode ser reenviada.'));
    const { root, settle } = await open(fake);
    rows(root, 'delivery-row')[0]!.click();
    await settle();
    byTestId<HTMLButtonElement>(root, 'replay-delivery').click();
    await settle();
    expect(toasts(root)).toEqual([expect.stringContaining('Esta entrega não pode ser reenviada.')]);
    expect(byTestId<HTMLButtonElement>(root, 'replay-delivery').disabled).toBe(false);
  });

  it('is reached from the webhook section of the settings', async () => {
    const { root } = await open(withDeliveries(), '#/settings');
    const link = byTestId<HTMLAnchorElement>(root, 'deliveries-link');
    expect(link.textContent).toBe('Ver entregas recebidas');
    expect(link.getAttribute('href')).toBe('#/deliveries');
  });

  it('pages older deliveries in with "Carregar mais"', async () => {
    const fake = new FakeBridge();
    fake.deliveries = Array.from({ length: 60 }, (_, i) => makeDelivery(60 - i));
    const { root, settle } = await open(fake);
    expect(rows(root, 'delivery-row')).toHaveLength(50);
    byTestId(root, 'deliveries-more').click();
    await settle();
    expect(fake.callsOf('listDeliveries')).toEqual([{ limit: 50 }, { beforeId: '11', limit: 50 }]);
    expect(rows(root, 'delivery-row')).toHaveLength(60);
    expect(root.querySelector('[data-testid="deliveries-more"]')).toBeNull();
  });

  it('writes sizes as people read them', () => {
    expect(formatSize(512, 'pt-BR')).toBe('512 B');
    expect(formatSize(1234, 'pt-BR')).toBe('1,2 KB');
    expect(formatSize(1234, 'en')).toBe('1.2 KB');
    expect(formatSize(65_536, 'pt-BR')).toBe('64 KB');
  });
});
