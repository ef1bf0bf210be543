// What the headless backend hands notify-send, and the only thing it logs when that fails: a short code.
import { describe, expect, it } from 'vitest';
import {
  bodyForNotifySend,
  notifierErrorCode,
  notifySendArgs,
} from '../../../../main/headless/node-notifier-backend.js';

describe('bodyForNotifySend', () => {
  it('keeps markup characters and backslashes as text', () => {
    expect(bodyForNotifySend('Ana & Bia <3 C:\\novo')).toBe('Ana &amp; Bia &lt;3 C:\\\\novo');
  });
});

describe('notifierErrorCode', () => {
  it('reads a missing daemon from what notify-send said, not from the command line that names the customer', () => {
    const failed = new Error(
      'Command failed: notify-send "Cliente no local" "Dbus Not Found está no local"\nCould not connect: No such file or directory',
    );
    expect(notifierErrorCode(failed)).toBe('no_notification_daemon');
    const other = new Error(
      'Command failed: notify-send "Cliente no local" "Dbus Not Found está no local"\nInvalid urgency',
    );
    expect(notifierErrorCode(other)).toBe('notifier_failed');
  });

  it('says the notifier is missing when notify-send is not installed', () => {
    expect(notifierErrorCode(new Error('notify-send must be installed on the system.'))).toBe('notifier_missing');
  });
});

describe('notifySendArgs', () => {
  it('puts every option before `--` and the title and body after it, as they are', () => {
    const args = notifySendArgs(
      {
        eventId: '1',
        customerId: '1',
        type: 'cliente-insatisfeito-chegou',
        title: '--app-name=Falso',
        body: '--urgency=low Zé\u0000',
        priority: 'urgent',
        icon: 'alert',
      },
      'WiFire Desk',
    );
    expect(args).toEqual([
      '--app-name=WiFire Desk',
      '--urgency=critical',
      '--expire-time=0',
      '--',
      '--app-name=Falso',
      '--urgency=low Zé\uFFFD',
    ]);
  });
});
