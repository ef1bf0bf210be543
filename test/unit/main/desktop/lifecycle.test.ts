// One instance; closing windows keeps the tray; quitting waits for the core to stop so nothing acknowledged is lost.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { setupQuit, setupSingleInstance, type LifecycleApp } from '../../../../main/desktop/lifecycle.js';
import { buildPayload, fakeCustomer } from '../../../../main/headless/simulator/payloads.js';
import { startTempService, type TempService } from '../../../support/temp-service.js';

type AppListener = (event: { preventDefault(): void }) => void;

/** Electron's app as far as the lifecycle sees it: quit() emits before-quit and quits unless it was prevented. */
class FakeApp implements LifecycleApp {
  readonly listeners = new Map<string, AppListener[]>();
  quitCalls = 0;
  exitCodes: Array<number | undefined> = [];
  /** The app really went away (a quit nobody prevented). */
  gone = false;
  onQuit: () => void = () => {};

  constructor(private readonly lock = true) {}

  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls += 1;
    if (!this.emit('before-quit')) {
      this.gone = true;
      this.onQuit();
    }
  }
  exit(code?: number): void {
    this.exitCodes.push(code);
  }
  on(event: string, listener: AppListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires an event; says whether a listener prevented it. */
  emit(event: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) {
      listener({
        preventDefault: () => {
          prevented = true;
        },
      });
    }
    return prevented;
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('setupSingleInstance', () => {
  it('quits a second instance that cannot take the lock, and says so', () => {
    const app = new FakeApp(false);
    let focused = 0;

    expect(setupSingleInstance(app, () => focused++)).toBe(false);

    expect(app.quitCalls).toBe(1);
    expect(app.listeners.has('second-instance')).toBe(false);
    expect(focused).toBe(0);
  });

  it('brings the running instance to the front when the icon is launched again', () => {
    const app = new FakeApp(true);
    let focused = 0;

    expect(setupSingleInstance(app, () => focused++)).toBe(true);
    app.emit('second-instance');

    expect(focused).toBe(1);
    expect(app.quitCalls).toBe(0);
  });
});

describe('setupQuit', () => {
  it('stays in the tray when every window is closed', () => {
    const app = new FakeApp();
    let stops = 0;
    const handle = setupQuit(app, { stop: async () => void stops++ });

    // With no listener Electron would quit on its own: one must be registered, and it must not quit.
    expect(app.listeners.get('window-all-closed')).toHaveLength(1);
    app.emit('window-all-closed');

    expect(app.quitCalls).toBe(0);
    expect(app.exitCodes).toEqual([]);
    expect(stops).toBe(0);
    expect(handle.quitting).toBe(false);
  });

  it('holds the first quit until the core stopped, stops it once however often quit is asked, then quits', async () => {
    const app = new FakeApp();
    const stopping = deferred();
    let stops = 0;
    const handle = setupQuit(app, {
      stop: () => {
        stops += 1;
        return stopping.promise;
      },
    });

    app.quit();
    app.quit();

    expect(app.gone).toBe(false);
    expect(handle.quitting).toBe(true);
    expect(stops).toBe(1);

    stopping.resolve();
    await settle();

    expect(stops).toBe(1);
    expect(app.quitCalls).toBe(3);
    expect(app.gone).toBe(true);
    expect(app.exitCodes).toEqual([]);
  });

  it('exits with code 1 and reports the failure when stopping the core fails', async () => {
    const app = new FakeApp();
    const failures: unknown[] = [];
    const error = new Error('SQLITE_IOERR');
    setupQuit(app, { stop: () => Promise.reject(error), onStopFailed: (reason) => failures.push(reason) });

    app.quit();
    await settle();

    expect(failures).toEqual([error]);
    expect(app.exitCodes).toEqual([1]);
    expect(app.quitCalls).toBe(1);
    expect(app.gone).toBe(false);
  });

  describe('with a real service', () => {
    let running: TempService | null = null;
    afterEach(async () => {
      await running?.close();
      running = null;
    });

    it('keeps in the database every event answered 200 before quitting, once stop resolved', async () => {
      running = await startTempService({ config: { intake: { ratePerSecond: 10_000, burst: 10_000 } } });
      const { service } = running;
      const app = new FakeApp();
      const quitted = new Promise<void>((resolve) => (app.onQuit = resolve));
      setupQuit(app, { stop: () => service.close() });

      const answered: string[] = [];
      const since = Date.now() - 3_600_000;
      const send = async (n: number): Promise<void> => {
        const payload = buildPayload('cliente-conectou', fakeCustomer(n), { at: new Date(since + n * 1000) });
        try {
          const answer = await running!.post(payload);
          if (answer.status === 200 && typeof answer.body.id === 'string') answered.push(answer.body.id);
        } catch {
          // Refused once the listener closed: never acknowledged, so nothing is owed.
        }
      };
      for (let n = 0; n < 5; n++) await send(n);
      // More in flight while the quit begins: whichever of them are answered 200 must be kept too.
      const inFlight = Array.from({ length: 40 }, (_, i) => send(100 + i));
      while (answered.length < 10) await new Promise((resolve) => setTimeout(resolve, 1));
      app.quit();
      await Promise.all(inFlight);
      await quitted;

      expect(answered.length).toBeGreaterThanOrEqual(10);
      const reader = new Database(service.paths.database, { readonly: true });
      const stored = new Set(reader.prepare('SELECT id FROM events').pluck().all().map(String));
      reader.close();
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
    });
  });
});
