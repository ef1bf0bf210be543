// The notifier port's memory of what is on screen: an erasure during a pop-up's way to the screen still takes it
// down; a replaced pop-up is not "dismissed"; a backend that cannot take pop-ups down is not asked to.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../main/core/logger.js';
import {
  NotifierPort,
  type NotifierBackend,
  type PopUp,
  type ShowOptions,
} from '../../../../../main/core/notify/notifier-port.js';

function popUp(overrides: Partial<PopUp> = {}): PopUp {
  return {
    eventId: '1',
    customerId: 'c-ana',
    type: 'cliente-insatisfeito-chegou',
    title: 'Cliente insatisfeito no local',
    body: 'Ana ficou insatisfeita',
    priority: 'urgent',
    icon: 'alert',
    ...overrides,
  };
}

/** A backend whose pop-ups reach the screen when the test says, each with a handle that records close(). */
function gatedBackend() {
  const shown: { popUp: PopUp; options: ShowOptions; closed: boolean; land: () => void }[] = [];
  const backend: NotifierBackend = {
    name: 'gated',
    show: (shownPopUp, options = {}) =>
      new Promise((resolve) => {
        const entry = {
          popUp: shownPopUp,
          options,
          closed: false,
          land: () => resolve({ close: () => void (entry.closed = true) }),
        };
        shown.push(entry);
      }),
  };
  return { backend, shown };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('what the notifier port knows is on screen', () => {
  it('takes down a pop-up that was still on its way when the customer was erased', async () => {
    const { backend, shown } = gatedBackend();
    const port = new NotifierPort(backend, silentLogger);
    port.notify(popUp());
    await tick();
    expect(shown).toHaveLength(1);
    expect(port.cancelCustomer('c-ana')).toBe(1);
    shown[0]!.land();
    await tick();
    expect(shown[0]!.closed).toBe(true);
    expect(port.onScreenCount).toBe(0);
  });

  it('hands a repeat the handle of the pop-up it replaces, and the replaced one closing is nobody dismissing it', async () => {
    const { backend, shown } = gatedBackend();
    const port = new NotifierPort(backend, silentLogger);
    const reactions: string[] = [];
    port.onReaction((p, reaction) => reactions.push(`${p.eventId}:${reaction}`));
    port.notify(popUp());
    await tick();
    shown[0]!.land();
    await tick();
    port.notify(popUp({ title: 'Lembrete: Cliente insatisfeito no local' }));
    await tick();
    expect(shown[1]!.options.replaces).toBeDefined();
    shown[1]!.land();
    await tick();
    shown[0]!.options.onClosed?.('dismissed');
    expect(reactions).toEqual([]);
    expect(port.onScreenCount).toBe(1);
    shown[1]!.options.onClosed?.('expired');
    expect(reactions).toEqual([]);
    expect(port.onScreenCount).toBe(0);
  });

  it('reports a dismiss and a click once each, and only for the pop-up still on screen', async () => {
    const { backend, shown } = gatedBackend();
    const port = new NotifierPort(backend, silentLogger);
    const reactions: string[] = [];
    port.onReaction((p, reaction) => reactions.push(`${p.eventId}:${reaction}`));
    port.notify(popUp({ eventId: '1' }));
    port.notify(popUp({ eventId: '2', customerId: 'c-bruno' }));
    await tick();
    for (const entry of shown) entry.land();
    await tick();
    shown[0]!.options.onClosed?.('dismissed');
    shown[0]!.options.onClosed?.('dismissed');
    shown[1]!.options.onClicked?.();
    expect(reactions).toEqual(['1:dismissed', '2:clicked']);
    // Gone from the screen: an erasure has nothing left to take down.
    expect(port.cancelCustomer('c-ana')).toBe(0);
  });

  it('forgets pop-ups of a backend that cannot take them down', async () => {
    const port = new NotifierPort({ name: 'plain', show: () => Promise.resolve(undefined) }, silentLogger);
    port.notify(popUp());
    await port.idle();
    await tick();
    expect(port.onScreenCount).toBe(0);
    expect(port.cancelCustomer('c-ana')).toBe(0);
  });
});
