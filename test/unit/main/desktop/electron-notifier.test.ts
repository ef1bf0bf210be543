// The desktop's pop-ups through Electron's Notification: options by priority, the photo, clicks, failures, LGPD.
import { describe, expect, it } from 'vitest';
import type { PopUp } from '../../../../main/core/notify/notifier-port.js';
import { NotifierPort } from '../../../../main/core/notify/notifier-port.js';
import { silentLogger } from '../../../../main/core/logger.js';
import { notificationHint } from '../../../../main/core/notify/troubleshooting.js';
import {
  createElectronNotifier,
  type ElectronNotifierDeps,
  type NotificationLike,
  type NotificationOptions,
} from '../../../../main/desktop/electron-notifier.js';

type Listener = (...args: never[]) => void;

/** Electron's Notification as far as the backend sees it: records options, fires events on demand. */
class FakeNotification implements NotificationLike {
  readonly listeners = new Map<string, Listener[]>();
  shown = false;
  closed = false;
  constructor(
    readonly options: NotificationOptions,
    private readonly behaviour: 'show' | 'fail' | 'silent',
  ) {}
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  show(): void {
    this.shown = true;
    if (this.behaviour === 'show') queueMicrotask(() => this.emit('show'));
    if (this.behaviour === 'fail') queueMicrotask(() => this.emit('failed', {}, 'Ana Souza: toast failed'));
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

function popUp(overrides: Partial<PopUp> = {}): PopUp {
  return {
    eventId: '1',
    customerId: 'c-ana',
    type: 'cliente-chegou',
    title: 'Ana Souza chegou',
    body: 'Cliente frequente',
    priority: 'normal',
    icon: 'user',
    ...overrides,
  };
}

function setup(overrides: Partial<ElectronNotifierDeps> & { behaviour?: 'show' | 'fail' | 'silent' } = {}) {
  const created: FakeNotification[] = [];
  const clicked: PopUp[] = [];
  const backend = createElectronNotifier({
    create: (options) => {
      const notification = new FakeNotification(options, overrides.behaviour ?? 'show');
      created.push(notification);
      return notification;
    },
    isSupported: () => true,
    iconFor: async () => undefined,
    onClick: (shown) => clicked.push(shown),
    showWaitMs: 50,
    iconWaitMs: 50,
    ...overrides,
  });
  return { backend, created, clicked };
}

describe('the Electron notification backend', () => {
  it('keeps an urgent pop-up on screen until dismissed, critical and with sound', async () => {
    const { backend, created } = setup();
    await backend.show(popUp({ priority: 'urgent', title: 'Cliente insatisfeito chegou' }));
    expect(created[0]!.options).toMatchObject({
      title: 'Cliente insatisfeito chegou',
      timeoutType: 'never',
      urgency: 'critical',
      silent: false,
    });
  });

  it('lets a normal pop-up time out quietly, and a low one at low urgency', async () => {
    const { backend, created } = setup();
    await backend.show(popUp({ priority: 'normal' }));
    await backend.show(popUp({ priority: 'low' }));
    await backend.show(popUp({ priority: 'high' }));
    expect(created.map((n) => [n.options.timeoutType, n.options.silent, n.options.urgency])).toEqual([
      ['default', true, 'normal'],
      ['default', true, 'low'],
      ['default', false, 'normal'],
    ]);
  });

  it("shows the customer's cached photo as the icon, and the app's icon when the photo is slow", async () => {
    const photo = { png: 'ana' };
    const fast = setup({ iconFor: async (id) => (id === 'c-ana' ? photo : undefined) });
    await fast.backend.show(popUp());
    expect(fast.created[0]!.options.icon).toBe(photo);

    const slow = setup({ iconFor: () => new Promise((resolve) => setTimeout(() => resolve(photo), 1000)) });
    const started = Date.now();
    await slow.backend.show(popUp());
    expect(slow.created[0]!.options.icon).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("opens that customer's card when the pop-up is clicked", async () => {
    const { backend, created, clicked } = setup();
    await backend.show(popUp({ customerId: 'c-ana', eventId: '7' }));
    await backend.show(popUp({ customerId: 'c-bruno', eventId: '8', title: 'Bruno chegou' }));
    created[1]!.emit('click');
    expect(clicked).toEqual([expect.objectContaining({ customerId: 'c-bruno', eventId: '8' })]);
  });

  it('reports a failure with a code only, never the OS text that may hold the name', async () => {
    const { backend } = setup({ behaviour: 'fail' });
    const error = await backend.show(popUp()).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe('notification_failed');
    expect(error?.message).not.toContain('Ana');
  });

  it('refuses where the OS has no notifications, so the test button can say what to check', async () => {
    const { backend, created } = setup({ isSupported: () => false });
    const port = new NotifierPort(backend, silentLogger);
    expect(await port.sendNow(popUp())).toEqual({ ok: false, code: 'notifications_unsupported' });
    expect(created).toHaveLength(0);
  });

  it('counts a pop-up as shown when a Linux server never says so', async () => {
    const { backend, created } = setup({ behaviour: 'silent' });
    await backend.show(popUp());
    expect(created[0]!.shown).toBe(true);
  });

  it("takes down a removed customer's pop-ups still on screen, summaries naming her too, and leaves the others", async () => {
    const { backend, created } = setup();
    const port = new NotifierPort(backend, silentLogger);
    port.notify(popUp({ customerId: 'c-ana' }));
    port.notify(popUp({ customerId: 'c-bruno', eventId: '2', title: 'Bruno chegou' }));
    port.notify(popUp({ customerId: 'c-ana', eventId: '3' }));
    port.notify(popUp({ customerId: null, eventId: 'summary-1', title: '3 chegaram', mentions: ['c-ana', 'c-caio'] }));
    await port.idle();
    const dismissed: string[] = [];
    port.onReaction((shown, reaction) => dismissed.push(`${shown.eventId}:${reaction}`));
    expect(port.cancelCustomer('c-ana')).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(created.map((n) => n.closed)).toEqual([true, false, true, true]);
    expect(backend.onScreen).toBe(1);
    // Taken down by the app, not by a person: nothing is marked as seen.
    expect(dismissed).toEqual([]);
  });

  it('a repeat replaces the pop-up of its event (close + new), and a pop-up closed by hand counts as seen', async () => {
    const { backend, created } = setup();
    const port = new NotifierPort(backend, silentLogger);
    const reactions: string[] = [];
    port.onReaction((shown, reaction) => reactions.push(`${shown.eventId}:${reaction}`));
    port.notify(popUp({ eventId: '7', priority: 'urgent', title: 'Zé está insatisfeito' }));
    await port.idle();
    port.notify(popUp({ eventId: '7', priority: 'urgent', title: 'Lembrete: Zé está insatisfeito' }));
    await port.idle();
    expect(created.map((n) => [n.options.title, n.closed])).toEqual([
      ['Zé está insatisfeito', true],
      ['Lembrete: Zé está insatisfeito', false],
    ]);
    expect(backend.onScreen).toBe(1);
    expect(reactions).toEqual([]);
    created[1]!.emit('close');
    expect(reactions).toEqual(['7:dismissed']);
    expect(port.onScreenCount).toBe(0);
  });

  it('holds pop-ups on screen so their click still works, and lets go of dismissed ones', async () => {
    const { backend, created } = setup();
    for (let i = 0; i < 3; i++) await backend.show(popUp({ eventId: String(i) }));
    expect(backend.onScreen).toBe(3);
    created[0]!.emit('close');
    created[1]!.emit('click');
    expect(backend.onScreen).toBe(1);
    for (let i = 0; i < 150; i++) await backend.show(popUp({ eventId: `x${i}` }));
    expect(backend.onScreen).toBe(100);
  });
});

describe('what the test button says when Electron cannot show a pop-up', () => {
  it('points to the missing notification service on Linux, and to the OS settings elsewhere', () => {
    expect(notificationHint('notifications_unsupported', 'linux', 'pt-BR')).toMatch(/serviço de notificações/);
    expect(notificationHint('notification_failed', 'win32', 'pt-BR')).toMatch(/Assistente de foco/);
    expect(notificationHint('notification_failed', 'darwin', 'en')).toMatch(/System Settings > Notifications/);
  });
});
