// The preload exposes exactly the contract as window.wifireDesk: its methods and `on`, never ipcRenderer itself.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BRIDGE_METHOD_NAMES } from '../../../../shared/bridge-names.js';
import { createIpcApi, type IpcRendererLike } from '../../../../main/desktop/preload-api.js';

const CONTRACT_KEYS = [...BRIDGE_METHOD_NAMES, 'on'].sort();
const BUNDLE = path.resolve('dist/main/desktop/preload.cjs');

type IpcListener = Parameters<IpcRendererLike['on']>[1];
type AnyMethod = (...args: unknown[]) => Promise<unknown>;
type LooseOn = (event: unknown, listener: unknown) => () => void;

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, Set<IpcListener>>();
  answer: (channel: string) => unknown = () => ({ ok: true, result: null });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return Promise.resolve(this.answer(channel));
  }
  on(channel: string, listener: IpcListener): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }
  removeListener(channel: string, listener: IpcListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  /** What main's webContents.send does: the IPC event (with its sender) first, then the payload. */
  emit(channel: string, ...args: unknown[]): void {
    const ipcEvent = { sender: this, senderId: 0, ports: [] };
    for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(ipcEvent, ...args);
  }
  count(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}

/** Every object reachable through own properties (not prototypes) of `root`. */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      walk(descriptor?.value);
      walk(descriptor?.get);
    }
  };
  walk(root);
  return [...seen];
}

/** How a call rejected, as the page would see it. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call resolved');
}

describe('createIpcApi', () => {
  it('exposes exactly the methods of the contract and `on`, in a frozen object', () => {
    const api = createIpcApi(new FakeIpcRenderer());

    expect(Reflect.ownKeys(api).map(String).sort()).toEqual(CONTRACT_KEYS);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes wifire-desk:<name> with the request alone, dropping whatever else the page passes', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createIpcApi(ipc) as unknown as Record<string, AnyMethod>;

    for (const name of BRIDGE_METHOD_NAMES) await api[name]!({ n: name }, 'extra', { more: true });

    expect(ipc.invoked).toEqual(BRIDGE_METHOD_NAMES.map((name) => [`wifire-desk:${name}`, { n: name }]));
  });

  it('resolves with the result of an ok envelope', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = () => ({ ok: true, result: { unread: 3 } });
    const api = createIpcApi(ipc);

    await expect(api.markRead({ all: true })).resolves.toEqual({ unread: 3 });
  });

  it('rejects a failed call with a plain object carrying code, message and the name BridgeError', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = () => ({
      ok: false,
      error: { code: 'not_found', message: 'Cliente não encontrado.', issues: [{ path: 'customerId', message: 'x' }] },
    });
    const api = createIpcApi(ipc);

    const failure = await rejection(api.getCustomer({ customerId: '42' }));

    // contextBridge copies an Error without its own fields (the page would lose `code`); a plain object crosses whole.
    expect(failure).not.toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(failure)).toBe(Object.prototype);
    expect(failure).toEqual({
      name: 'BridgeError',
      code: 'not_found',
      message: 'Cliente não encontrado.',
      issues: [{ path: 'customerId', message: 'x' }],
    });
  });

  it('rejects with code internal when the envelope is malformed', async () => {
    for (const envelope of [
      null,
      undefined,
      'ok',
      {},
      { ok: 'true', result: 1 },
      { ok: false },
      { ok: false, error: { code: 'pwned', message: 'x' } },
      { ok: false, error: { code: 'not_found' } },
    ]) {
      const ipc = new FakeIpcRenderer();
      ipc.answer = () => envelope;
      const failure = await rejection(createIpcApi(ipc).getStatus());
      expect(failure, JSON.stringify(envelope)).toEqual({
        name: 'BridgeError',
        code: 'internal',
        message: expect.any(String),
      });
    }
  });

  it('subscribes `on` to wifire-desk:<event> and hands the listener the payload only, never the IPC event', () => {
    const ipc = new FakeIpcRenderer();
    const api = createIpcApi(ipc);
    const heard: unknown[][] = [];

    api.on('eventsRead', (...args: unknown[]) => heard.push(args));
    ipc.emit('wifire-desk:eventsRead', { upToId: '7', unread: 0 }, 'smuggled');

    expect(heard).toEqual([[{ upToId: '7', unread: 0 }]]);
  });

  it("stops exactly that listener when `on`'s return value is called", () => {
    const ipc = new FakeIpcRenderer();
    const api = createIpcApi(ipc);
    const first: unknown[] = [];
    const second: unknown[] = [];

    const stopFirst = api.on('status', (payload) => first.push(payload));
    api.on('status', (payload) => second.push(payload));
    stopFirst();
    ipc.emit('wifire-desk:status', 'after');

    expect(first).toEqual([]);
    expect(second).toEqual(['after']);
    expect(ipc.count('wifire-desk:status')).toBe(1);
  });

  it('throws on an unknown event name or a listener that is not a function, and subscribes nothing', () => {
    const ipc = new FakeIpcRenderer();
    const on = createIpcApi(ipc).on as LooseOn;

    expect(() => on('nope', () => {})).toThrow(TypeError);
    expect(() => on('__proto__', () => {})).toThrow(TypeError);
    expect(() => on('wifire-desk:status', () => {})).toThrow(TypeError);
    expect(() => on('status', 'alert(1)')).toThrow(TypeError);
    expect(() => on('status', undefined)).toThrow(TypeError);
    expect(ipc.listeners.size).toBe(0);
  });
});

describe('the built preload bundle', () => {
  function loadBundle() {
    if (!fs.existsSync(BUNDLE)) {
      throw new Error(`${path.relative(process.cwd(), BUNDLE)} is missing: run \`npm run build\` first`);
    }
    const ipcRenderer = new FakeIpcRenderer();
    const exposed: unknown[][] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (...args: unknown[]) => exposed.push(args) },
      ipcRenderer,
    };
    // A sandboxed preload can require only electron and a few builtins; this one needs nothing but electron.
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`the sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    const context = vm.createContext({});
    const wrapped = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(BUNDLE, 'utf8')}\n})`,
      context,
      { filename: BUNDLE },
    ) as (...args: unknown[]) => void;
    wrapped(module.exports, sandboxRequire, module, BUNDLE, path.dirname(BUNDLE));
    return { ipcRenderer, exposed, required };
  }

  it('requires electron and nothing else', () => {
    const { required } = loadBundle();

    expect(required).toEqual(['electron']);
  });

  it('exposes one object, as wifireDesk, holding exactly the contract', () => {
    const { exposed } = loadBundle();

    expect(exposed).toHaveLength(1);
    const [key, api] = exposed[0]!;
    expect(key).toBe('wifireDesk');
    expect(
      Reflect.ownKeys(api as object)
        .map(String)
        .sort(),
    ).toEqual(CONTRACT_KEYS);
  });

  it('never lets the page reach ipcRenderer through what it exposes', () => {
    const { exposed, ipcRenderer } = loadBundle();
    const api = exposed[0]![1] as Record<string, unknown>;

    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(reachable(api)).not.toContain(ipcRenderer);
    for (const key of ['invoke', 'send', 'sendSync', 'sendToHost', 'postMessage', 'ipcRenderer', 'removeListener']) {
      expect(Object.hasOwn(api, key), key).toBe(false);
    }
  });

  it('carries a call through the fake ipcRenderer to wifire-desk:<name>', async () => {
    const { exposed, ipcRenderer } = loadBundle();
    ipcRenderer.answer = () => ({ ok: true, result: { unread: 0 } });
    const api = exposed[0]![1] as Record<string, AnyMethod>;

    await expect(api.markRead!({ all: true }, 'extra')).resolves.toEqual({ unread: 0 });
    expect(ipcRenderer.invoked).toEqual([['wifire-desk:markRead', { all: true }]]);
  });
});
