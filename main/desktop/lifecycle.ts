// The app's life: one instance, it stays in the tray when windows close, and quitting waits for the core to stop.

/** Electron's app, the parts the lifecycle uses. */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * Takes the single-instance lock. A second launch (the owner double-clicks the icon again) must not start a
 * second listener on the same port and database: it quits, and this one comes to the front instead.
 */
export function setupSingleInstance(app: LifecycleApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusExisting());
  return true;
}

export interface QuitDeps {
  /** Stops the core: answers what is in flight, commits what was accepted, closes the database. */
  stop(): Promise<void>;
  onStopFailed?(error: unknown): void;
}

export interface QuitHandle {
  /** True once quitting began: windows then close for real. */
  readonly quitting: boolean;
}

/**
 * Closing every window keeps the app in the tray. Quitting (from the tray menu, the OS logging out) first stops
 * the core, so nothing acknowledged is lost, then exits.
 */
export function setupQuit(app: LifecycleApp, deps: QuitDeps): QuitHandle {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;
  app.on('window-all-closed', () => {
    // Registered so Electron does not quit by itself: the tray is still there.
  });
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = deps.stop().then(
      () => {
        stopped = true;
        app.quit();
      },
      (error: unknown) => {
        deps.onStopFailed?.(error);
        stopped = true;
        app.exit(1);
      },
    );
  });
  return {
    get quitting() {
      return quitting;
    },
  };
}
