// Which backend puts the headless shell's pop-ups on screen: D-Bus where there is a session bus on Linux,
// otherwise node-notifier (macOS, Windows) or notify-send (Linux without a session bus address).
import type { NotifierBackend, PopUp, ShowOptions, ShownPopUp } from '../core/notify/notifier-port.js';
import { FREEDESKTOP_BACKEND, nodeNotifierBackendName } from './notifier-names.js';

export interface HeadlessNotifier extends NotifierBackend {
  /** Lets go of the session bus, if one was used. */
  close(): void;
}

/**
 * The backend's module (and dbus-next or node-notifier with it) loads with the first pop-up, not at start: the
 * service takes webhooks sooner (measured: spawn → first 200, see issue 16's notes), and the first pop-up after a
 * start waits for it once. A module that cannot load is that pop-up's failure, reported as any refusal is.
 */
export function chooseHeadlessNotifier(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): HeadlessNotifier {
  const busAddress = env.DBUS_SESSION_BUS_ADDRESS;
  const useBus = platform === 'linux' && busAddress !== undefined && busAddress !== '';
  let backend: Promise<HeadlessNotifier> | null = null;
  const load = (): Promise<HeadlessNotifier> =>
    (backend ??= useBus
      ? import('./freedesktop-notifier-backend.js').then((m) => m.createFreedesktopNotifier({ busAddress }))
      : import('./node-notifier-backend.js').then((m) => ({
          ...m.createNodeNotifierBackend('WiFire Desk', platform),
          close: () => undefined,
        })));
  return {
    name: useBus ? FREEDESKTOP_BACKEND : nodeNotifierBackendName(platform),
    async show(popUp: PopUp, options?: ShowOptions): Promise<ShownPopUp | undefined> {
      return (await load()).show(popUp, options);
    },
    close() {
      void backend?.then((loaded) => loaded.close()).catch(() => undefined);
    },
  };
}
