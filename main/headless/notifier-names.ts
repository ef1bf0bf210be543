// The headless shell's pop-up backends by name: said at start (the status, the log) before a backend is loaded, and
// by each backend once it is, so both must come from here.

/** D-Bus calls to org.freedesktop.Notifications, on Linux with a session bus. */
export const FREEDESKTOP_BACKEND = 'freedesktop';

/** node-notifier's backend: notify-send run directly on Linux, node-notifier's own programs elsewhere. */
export function nodeNotifierBackendName(platform: NodeJS.Platform): string {
  return platform === 'linux' ? 'notify-send' : 'node-notifier';
}
