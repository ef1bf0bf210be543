// Which backend puts the headless shell's pop-ups on screen: D-Bus where there is a session bus on Linux,
// otherwise node-notifier (macOS, Windows) or notify-send (Linux without a session bus address).
import type { NotifierBackend } from '../core/notify/notifier-port.js';
import { createFreedesktopNotifier } from './freedesktop-notifier-backend.js';
import { createNodeNotifierBackend } from './node-notifier-backend.js';

export interface HeadlessNotifier extends NotifierBackend {
  /** Lets go of the session bus, if one was used. */
  close(): void;
}

export function chooseHeadlessNotifier(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): HeadlessNotifier {
  const busAddress = env.DBUS_SESSION_BUS_ADDRESS;
  if (platform === 'linux' && busAddress) return createFreedesktopNotifier({ busAddress });
  return { ...createNodeNotifierBackend('WiFire Desk', platform), close: () => undefined };
}
