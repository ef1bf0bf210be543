// The headless shell's pop-up backend: chosen at start by where it runs, loaded with the first pop-up (its module
// brings dbus-next or node-notifier, which a start without pop-ups does not need), and refusing as the backend does.
import { describe, expect, it } from 'vitest';
import type { PopUp } from '../../../../main/core/notify/notifier-port.js';
import { chooseHeadlessNotifier } from '../../../../main/headless/choose-notifier.js';
import { createFreedesktopNotifier } from '../../../../main/headless/freedesktop-notifier-backend.js';
import { createNodeNotifierBackend } from '../../../../main/headless/node-notifier-backend.js';

const popUp: PopUp = {
  eventId: '1',
  customerId: 'c1',
  type: 'cliente-aniversariante-chegou',
  title: 'Aniversariante chegou',
  body: 'Maria Silva está aqui',
  priority: 'high',
  icon: 'cake',
};

describe('the headless pop-up backend', () => {
  it('is D-Bus where Linux has a session bus, notify-send on Linux without one, node-notifier elsewhere', () => {
    expect(chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' }, 'linux').name).toBe(
      'freedesktop',
    );
    expect(chooseHeadlessNotifier({}, 'linux').name).toBe('notify-send');
    expect(chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: '' }, 'linux').name).toBe('notify-send');
    expect(chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' }, 'darwin').name).toBe(
      'node-notifier',
    );
  });

  it('names at start the backend that the first pop-up then loads', () => {
    const bus = 'unix:path=/nonexistent/wifire-bus';
    const loaded = createFreedesktopNotifier({ busAddress: bus });
    expect(chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: bus }, 'linux').name).toBe(loaded.name);
    loaded.close();
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(chooseHeadlessNotifier({}, platform).name).toBe(createNodeNotifierBackend('WiFire Desk', platform).name);
    }
  });

  it('shows the first pop-up through the backend it loads then, refusing with a short code and no words', async () => {
    const notifier = chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/wifire-bus' }, 'linux');
    const refusal = (await notifier.show(popUp).then(
      () => null,
      (error: unknown) => error,
    )) as { name?: string; code?: string; message?: string } | null;
    expect(refusal).toMatchObject({ name: 'NotifierError', code: 'no_notification_daemon' });
    expect(refusal?.message).not.toMatch(/Maria|aqui|Aniversariante/);
    notifier.close();
  });

  it('closes before any pop-up without loading or throwing', () => {
    expect(() =>
      chooseHeadlessNotifier({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' }, 'linux').close(),
    ).not.toThrow();
    expect(() => chooseHeadlessNotifier({}, 'linux').close()).not.toThrow();
  });
});
