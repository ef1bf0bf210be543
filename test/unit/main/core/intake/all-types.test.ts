// Every one of the 26 WiFire types, through HTTP to the store, with the pt-BR text staff would read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, EVENT_TYPES, isLgpdType } from '../../../../../shared/catalog.js';
import { buildPayload, fakeCustomer, withBirthdayToday } from '../../../../../main/headless/simulator/payloads.js';
import { startTempService, type TempService } from '../../../../support/temp-service.js';

let temp: TempService;
beforeAll(async () => {
  // Each type's own pop-up is what this file checks, so none is folded into a burst summary (attention.test.ts).
  temp = await startTempService({
    config: { intake: { ratePerSecond: 1000, burst: 1000 }, burst: { limit: 20, windowSeconds: 3 } },
  });
});
afterAll(async () => {
  await temp.close();
});

/** What a person at the desk reads for a few types, word for word. */
const EXPECTED_PT_BR: Record<string, { title: string; body: (name: string) => string }> = {
  'cliente-aniversariante-chegou': {
    title: 'Aniversariante no local',
    body: (name) => `${name} faz aniversário hoje e está no local há 15 minutos. Dê os parabéns!`,
  },
  'cliente-insatisfeito-chegou': {
    title: 'Cliente insatisfeito no local',
    body: (name) => `${name} deu nota baixa na última avaliação e está no local. Dê atenção especial!`,
  },
  'cliente-frequente-se-conectou': {
    title: 'Cliente frequente conectado',
    body: (name) => `${name}, cliente frequente, acabou de se conectar.`,
  },
  'cliente-sorteado': { title: 'Cliente sorteado', body: (name) => `${name} ganhou o sorteio de voucher do WiFire!` },
};

describe('the 26 WiFire types', () => {
  it('has 24 insight types and 2 LGPD types, each with pt-BR and English texts', () => {
    expect(EVENT_TYPES).toHaveLength(26);
    expect(EVENT_TYPES.filter(isLgpdType)).toEqual(['cliente-atualizou-conta', 'cliente-removeu-conta']);
    for (const type of EVENT_TYPES) {
      for (const locale of ['pt-BR', 'en'] as const) {
        expect(CATALOG[type].texts[locale].title.length, `${type} ${locale}`).toBeGreaterThan(3);
        expect(CATALOG[type].texts[locale].body.length, `${type} ${locale}`).toBeGreaterThan(10);
      }
    }
  });

  it.each(EVENT_TYPES.filter((type) => !isLgpdType(type)).map((type, i) => [type, i] as const))(
    'stores %s and pops it up in pt-BR with the customer name',
    async (type, i) => {
      const customer = withBirthdayToday(fakeCustomer(300 + i));
      const answer = await temp.post(buildPayload(type, customer));
      expect(answer.status).toBe(200);
      const stored = await temp.service.store.getEvent(String(answer.body.id));
      expect(stored).toMatchObject({ type, customerId: customer.id, establishmentName: 'Boteco do WiFire' });
      expect(stored?.message).toContain(customer.name.split(' ')[0]);

      await temp.service.notifier.idle();
      const popUp = temp.popUps.find((p) => p.eventId === answer.body.id);
      expect(popUp?.title).toBe(CATALOG[type].texts['pt-BR'].title);
      expect(popUp?.body).toContain(customer.name);
      expect(popUp?.body).not.toMatch(/[{}]/);
      const expected = EXPECTED_PT_BR[type];
      if (expected) expect(popUp).toMatchObject({ title: expected.title, body: expected.body(customer.name) });
      expect(popUp?.priority).toBe(CATALOG[type].priority);
    },
  );

  it('shows a rating with the score WiFire sent', async () => {
    const customer = fakeCustomer(401);
    const payload = buildPayload('cliente-avaliou-negativamente', customer);
    (payload.activity as Record<string, unknown>).data_of_type = { score: 3 };
    const answer = await temp.post(payload);
    await temp.service.notifier.idle();
    const popUp = temp.popUps.find((p) => p.eventId === answer.body.id);
    expect(popUp).toMatchObject({
      title: 'Avaliação negativa',
      body: `${customer.name} deu nota 3 para Boteco do WiFire. Vale conversar agora.`,
      priority: 'urgent',
    });
    expect(await temp.service.store.getCustomer(customer.id)).toMatchObject({
      lastRatingBand: 'detractor',
      lastRatingScore: 3,
    });
  });

  it('carries out cliente-atualizou-conta: the stored name changes and the request itself is not stored', async () => {
    const customer = fakeCustomer(402);
    await temp.post(buildPayload('cliente-conectou', customer));
    const before = await temp.service.store.countEvents();
    const renamed = { ...customer, name: 'Renata Prado Vasconcelos', email: 'renata.prado@exemplo.com.br' };
    const answer = await temp.post(buildPayload('cliente-atualizou-conta', renamed));
    expect(answer.status).toBe(200);
    expect(await temp.service.store.getCustomer(customer.id)).toMatchObject({
      name: renamed.name,
      email: renamed.email,
    });
    expect(await temp.service.store.countEvents()).toBe(before);
  });

  it('carries out cliente-removeu-conta: the customer and their events are gone, a count and a time remain', async () => {
    const customer = fakeCustomer(403);
    await temp.post(buildPayload('cliente-conectou', customer));
    await temp.post(buildPayload('cliente-avaliou-positivamente', customer));
    const before = await temp.service.store.countEvents();
    const answer = await temp.post(buildPayload('cliente-removeu-conta', customer));
    expect(answer.status).toBe(200);
    expect(await temp.service.store.getCustomer(customer.id)).toBeNull();
    expect(await temp.service.store.eventsOfCustomer(customer.id)).toEqual([]);
    expect(await temp.service.store.countEvents()).toBe(before - 2);
    expect((await temp.service.store.listErasures()).at(-1)).toEqual({
      erasedAt: expect.any(Number),
      eventsRemoved: 2,
    });
  });
});
