// What reaches the screen once the policy said yes: bursts summed up, backlogs caught up, urgent ones repeated.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Attention, type OfferedPopUp } from '../../../../../main/core/notify/attention.js';
import type { PopUp } from '../../../../../main/core/notify/notifier-port.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../../../shared/settings-schema.js';

const START = Date.parse('2026-11-24T18:00:00-03:00');
let nextId = 100;

function popUp(name: string, overrides: Partial<OfferedPopUp> = {}): OfferedPopUp {
  const id = String(nextId++);
  return {
    eventId: id,
    customerId: `c-${name}`,
    type: 'cliente-chegou',
    title: `${name} chegou`,
    body: 'Cliente frequente',
    priority: 'normal',
    icon: 'user',
    category: 'arrival',
    customerName: name,
    createdAt: Date.now(),
    ...overrides,
  };
}

let shown: PopUp[];
let attention: Attention;
let settings: Settings;
let quiet: { paused: boolean; quietHours: boolean };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  shown = [];
  settings = { ...DEFAULT_SETTINGS };
  quiet = { paused: false, quietHours: false };
  attention = new Attention({
    notify: (p) => shown.push(p),
    settings: () => settings,
    quietNow: (forUrgent) => quiet.paused || (!forUrgent && quiet.quietHours),
  });
  // Past the start-up backlog window, unless a test is about it.
  vi.advanceTimersByTime(6 * 60_000);
});

afterEach(() => {
  attention.close();
  vi.useRealTimers();
});

const titles = (): string[] => shown.map((p) => p.title);

describe('burst coalescing', () => {
  it('shows the first few one by one and sums up the rest in one pop-up naming two of them', () => {
    for (const name of ['Ana', 'Bruno', 'Carla', 'Davi', 'Eva', 'Fábio', 'Gil']) attention.offer(popUp(name));
    expect(titles()).toEqual(['Ana chegou', 'Bruno chegou', 'Carla chegou']);
    vi.advanceTimersByTime(10_000);
    expect(shown).toHaveLength(4);
    expect(shown[3]).toMatchObject({ title: '4 clientes chegaram', body: 'Davi, Eva e mais 2', customerId: null });
  });

  it('keeps the unhappy customer and a birthday separate from a burst', () => {
    for (const name of ['Ana', 'Bruno', 'Carla', 'Davi']) attention.offer(popUp(name));
    attention.offer(popUp('Zé', { priority: 'urgent', title: 'Zé está insatisfeito' }));
    attention.offer(popUp('Lia', { priority: 'high', title: 'Lia faz aniversário' }));
    expect(titles()).toEqual([
      'Ana chegou',
      'Bruno chegou',
      'Carla chegou',
      'Zé está insatisfeito',
      'Lia faz aniversário',
    ]);
    vi.advanceTimersByTime(10_000);
    // A single one held back is shown as itself, not as "1 cliente".
    expect(titles().at(-1)).toBe('Davi chegou');
  });

  it('says what happened when the burst mixes kinds, in the desk language', () => {
    settings = { ...settings, locale: 'en' };
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offer(popUp(name));
    attention.offer(popUp('Davi', { category: 'rating', type: 'cliente-avaliou-positivamente' }));
    attention.offer(popUp('Eva', { category: 'engagement', type: 'cliente-curtiu' }));
    vi.advanceTimersByTime(10_000);
    expect(shown.at(-1)).toMatchObject({ title: '1 rating and 1 more event', body: 'Davi and Eva' });
  });

  it('names birthdays and negative ratings in a summary, not only "novos eventos"', () => {
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offer(popUp(name));
    for (const name of ['Lia', 'Mel', 'Nina']) {
      attention.offer(popUp(name, { type: 'cliente-aniversariante-chegou' }));
    }
    attention.offer(popUp('Otto', { category: 'rating', type: 'cliente-avaliou-negativamente' }));
    attention.offer(popUp('Paula', { category: 'raffle', type: 'cliente-sorteado' }));
    vi.advanceTimersByTime(10_000);
    expect(shown.at(-1)).toMatchObject({
      title: '3 aniversariantes chegaram, 1 avaliação negativa e mais 1 evento',
      body: 'Lia, Mel e mais 3',
    });
  });

  it('follows the burst settings', () => {
    settings = { ...settings, burst: { limit: 1, windowSeconds: 30 } };
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offer(popUp(name));
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(29_000);
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(shown.at(-1)!.title).toBe('2 clientes chegaram');
  });
});

describe('urgent repeats', () => {
  it('repeats an urgent pop-up at the interval until someone reads it', () => {
    const unhappy = popUp('Zé', { priority: 'urgent', title: 'Zé está insatisfeito' });
    attention.offer(unhappy);
    vi.advanceTimersByTime(2 * 60_000);
    expect(titles()).toEqual(['Zé está insatisfeito', 'Lembrete: Zé está insatisfeito']);
    attention.acknowledge({ ids: [unhappy.eventId] });
    vi.advanceTimersByTime(30 * 60_000);
    expect(shown).toHaveLength(2);
  });

  it('stops after the cap, and "mark all as read" acknowledges it too', () => {
    settings = { ...settings, urgentRepeat: { intervalMinutes: 1, maxRepeats: 3 } };
    attention.offer(popUp('Zé', { priority: 'urgent' }));
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown).toHaveLength(4);

    const second = popUp('Lu', { priority: 'urgent' });
    attention.offer(second);
    attention.acknowledge({ upToId: String(Number(second.eventId) + 5) });
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown).toHaveLength(5);
  });

  it('skips repeats while notifications are paused, still counting them toward the cap', () => {
    settings = { ...settings, urgentRepeat: { intervalMinutes: 1, maxRepeats: 2 } };
    attention.offer(popUp('Zé', { priority: 'urgent' }));
    quiet.paused = true;
    vi.advanceTimersByTime(10 * 60_000);
    expect(shown).toHaveLength(1);
    expect(attention.pending.repeating).toBe(0);
  });

  it('repeats through quiet hours, like the first pop-up', () => {
    quiet.quietHours = true;
    attention.offer(popUp('Zé', { priority: 'urgent' }));
    vi.advanceTimersByTime(2 * 60_000);
    expect(shown).toHaveLength(2);
  });

  it('does not repeat when repeats are off', () => {
    settings = { ...settings, urgentRepeat: { intervalMinutes: 0, maxRepeats: 5 } };
    attention.offer(popUp('Zé', { priority: 'urgent' }));
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown).toHaveLength(1);
  });
});

describe('catch-up', () => {
  it('sums up what was held during a pause in one pop-up when the pause ends, never a flood', () => {
    for (const name of ['Ana', 'Bruno', 'Carla', 'Davi', 'Eva']) attention.hold(popUp(name), 'paused');
    attention.hold(popUp('Zé', { priority: 'urgent', type: 'cliente-insatisfeito-chegou' }), 'paused');
    quiet.paused = true;
    attention.tick();
    expect(shown).toHaveLength(0);
    quiet.paused = false;
    attention.tick();
    expect(shown).toHaveLength(1);
    // A pause the staff chose is not "while you were away".
    expect(shown[0]).toMatchObject({
      title: 'Durante a pausa: 6 clientes chegaram',
      body: 'Ana, Bruno e mais 4 (1 urgente). Abra o feed para ver.',
    });
    attention.tick();
    expect(shown).toHaveLength(1);
  });

  it('says "enquanto você esteve fora" after quiet hours, and shows one held event as itself', () => {
    quiet.quietHours = true;
    attention.hold(popUp('Ana'), 'quiet-hours');
    attention.hold(popUp('Bruno', { category: 'rating', type: 'cliente-avaliou-negativamente' }), 'quiet-hours');
    quiet.quietHours = false;
    attention.tick();
    expect(titles()).toEqual(['Enquanto você esteve fora: 1 cliente chegou e 1 avaliação negativa']);

    quiet.quietHours = true;
    attention.hold(popUp('Carla', { title: 'Carla chegou' }), 'quiet-hours');
    quiet.quietHours = false;
    attention.tick();
    expect(titles().at(-1)).toBe('Carla chegou');
  });

  it('gathers the backlog WiFire delivers after the app was closed into one summary', () => {
    attention.close();
    attention = new Attention({ notify: (p) => shown.push(p), settings: () => settings, quietNow: () => false });
    const yesterday = Date.now() - 12 * 60 * 60_000;
    for (let i = 0; i < 12; i++)
      attention.offer(popUp(`Cliente ${i}`, { createdAt: yesterday + i, category: 'rating' }));
    expect(shown).toHaveLength(0);
    vi.advanceTimersByTime(5_000);
    expect(titles()).toEqual(['Enquanto o WiFire Desk esteve fechado: 12 avaliações']);
    // News after the backlog pops up as usual.
    attention.offer(popUp('Ana'));
    expect(titles().at(-1)).toBe('Ana chegou');
  });

  it('gathers what a satellite missed while cut off from its hub into one catch-up, however recent', () => {
    // Dated a second ago, far past the start-up window: only the link knows these were missed.
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offerMissed(popUp(name, { category: 'rating' }));
    expect(shown).toHaveLength(0);
    vi.advanceTimersByTime(5_000);
    expect(titles()).toEqual(['Enquanto este balcão esteve desligado: 3 avaliações']);
    // News after the catch-up pops up as usual, and one missed alone is shown as itself.
    attention.offer(popUp('Davi'));
    attention.offerMissed(popUp('Eva'));
    vi.advanceTimersByTime(5_000);
    expect(titles().slice(1)).toEqual(['Davi chegou', 'Eva chegou']);
  });

  it('treats a late timer as the computer waking up, so its backlog is summed up too', () => {
    vi.setSystemTime(Date.now() + 3 * 60 * 60_000); // the machine slept three hours
    attention.tick();
    const beforeSleep = Date.now() - 2 * 60 * 60_000;
    for (const name of ['Ana', 'Bruno']) attention.offer(popUp(name, { createdAt: beforeSleep, category: 'rating' }));
    vi.advanceTimersByTime(5_000);
    expect(titles()).toEqual(['Enquanto o computador dormia: 2 avaliações']);
  });
});

describe('a rush', () => {
  it('sums up 2 000 pop-ups of a burst by kind and in full, keeping only the first 500 whole', () => {
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offer(popUp(name));
    // Three arrivals to one rating, all through the rush: the kinds past the first 500 are counted too.
    for (let i = 0; i < 2000; i++) {
      const rating = i % 4 === 3;
      attention.offer(
        popUp(`Cliente ${i}`, rating ? { category: 'rating', type: 'cliente-avaliou-positivamente' } : {}),
      );
    }
    expect(attention.pending.burst).toBe(2000);
    vi.advanceTimersByTime(10_000);
    expect(shown).toHaveLength(4);
    expect(shown[3]).toMatchObject({
      title: '1500 clientes chegaram e 500 avaliações',
      body: 'Cliente 0, Cliente 1 e mais 1998',
      customerId: null,
    });
    // Those an erasure must take the summary down for: the customers kept, whose names it may show.
    expect(shown[3]!.mentions).toHaveLength(500);
    expect(shown[3]!.mentions).toContain('c-Cliente 0');
    expect(shown[3]!.mentions).not.toContain('c-Cliente 500');
  });

  it('catches up a backlog of 1 200, urgent ones past the first 500 counted as urgent', () => {
    attention.close();
    attention = new Attention({ notify: (p) => shown.push(p), settings: () => settings, quietNow: () => false });
    const yesterday = Date.now() - 12 * 60 * 60_000;
    for (let i = 0; i < 1200; i++) {
      const urgent = i >= 1100;
      attention.offer(
        popUp(`Cliente ${i}`, {
          createdAt: yesterday + i,
          ...(urgent
            ? { priority: 'urgent', category: 'rating', type: 'cliente-avaliou-negativamente' }
            : { category: 'rating' }),
        }),
      );
    }
    expect(attention.pending.backlog).toBe(1200);
    vi.advanceTimersByTime(5_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'Enquanto o WiFire Desk esteve fechado: 1100 avaliações e 100 avaliações negativas',
      body: 'Cliente 0, Cliente 1 e mais 1198 (100 urgentes). Abra o feed para ver.',
    });
    expect(shown[0]!.mentions).toHaveLength(500);
  });

  it('withdraws an erased customer from the part of a rush it keeps, and counts the rest as before', () => {
    for (const name of ['Ana', 'Bruno', 'Carla']) attention.offer(popUp(name));
    for (let i = 0; i < 600; i++) attention.offer(popUp(i < 2 ? 'Eva' : `Cliente ${i}`));
    expect(attention.cancelCustomer('c-Eva')).toBe(2);
    expect(attention.pending.burst).toBe(598);
    vi.advanceTimersByTime(10_000);
    expect(shown[3]).toMatchObject({ title: '598 clientes chegaram', body: 'Cliente 2, Cliente 3 e mais 596' });
    expect(shown[3]!.mentions).not.toContain('c-Eva');
    expect(`${shown[3]!.title} ${shown[3]!.body}`).not.toContain('Eva');
  });
});

describe('LGPD', () => {
  it('withdraws an erased customer from a burst, a backlog, a repeat and what is held', () => {
    for (const name of ['Ana', 'Bruno', 'Carla', 'Davi', 'Eva']) attention.offer(popUp(name));
    attention.offer(popUp('Eva', { priority: 'urgent', customerId: 'c-Eva' }));
    attention.hold(popUp('Eva'));
    attention.hold(popUp('Ana'));
    attention.hold(popUp('Bia'));
    expect(attention.cancelCustomer('c-Eva')).toBe(3);
    expect(attention.pending).toMatchObject({ burst: 1, repeating: 0 });
    vi.advanceTimersByTime(60 * 60_000);
    expect(
      shown
        .map((p) => `${p.title} ${p.body}`)
        .join(' ')
        .split('Eva').length - 1,
    ).toBe(1); // only the first, already shown
    attention.tick();
    expect(shown.at(-1)).toMatchObject({ title: 'Enquanto você esteve fora: 2 clientes chegaram' });
    expect(shown.at(-1)!.body).toBe('Ana e Bia. Abra o feed para ver.');
  });
});
