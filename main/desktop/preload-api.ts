// `window.wifireDesk` over IPC: exactly the contract's methods and `on`, built from its name lists.
// Zod-free and electron-free so the sandboxed preload stays small and this can be tested with a fake ipcRenderer.
import type { BridgeEnvelope, WifireDeskApi } from '../../shared/bridge-contract.js';
import { readBridgeErrorBody, type BridgeErrorBody } from '../../shared/bridge-error.js';
import {
  BRIDGE_EVENT_NAMES,
  BRIDGE_METHOD_NAMES,
  eventChannel,
  methodChannel,
  type BridgeEventName,
} from '../../shared/bridge-names.js';

/** The part of Electron's ipcRenderer this needs; the object itself never reaches the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** How a failed call reaches the page: the same fields as BridgeError. */
export interface IpcBridgeFailure {
  name: 'BridgeError';
  code: BridgeErrorBody['code'];
  message: string;
  issues?: BridgeErrorBody['issues'];
}

/**
 * contextBridge copies a thrown Error without its own fields (the page would lose `code`), and copies a plain
 * object whole: so a failure is rejected as a plain object, which the page reads like a BridgeError.
 */
function toFailure(body: unknown): IpcBridgeFailure {
  const read = readBridgeErrorBody(body) ?? { code: 'internal', message: 'Resposta inválida do WiFire Desk.' };
  return { name: 'BridgeError', ...read };
}

export function unwrapEnvelope(envelope: unknown): unknown {
  const value = envelope as BridgeEnvelope<unknown> | null;
  if (value && value.ok === true) return value.result;
  throw toFailure(value && value.ok === false ? value.error : null);
}

export function createIpcApi(ipc: IpcRendererLike): WifireDeskApi {
  const api: Record<string, unknown> = {};
  for (const name of BRIDGE_METHOD_NAMES) {
    // One argument only: whatever else a page passes never reaches main.
    // A failed invoke (no handler yet, app quitting) reaches the page as a BridgeError too, not Electron's text.
    api[name] = (request?: unknown) =>
      ipc.invoke(methodChannel(name), request).then(unwrapEnvelope, () => {
        throw toFailure(null);
      });
  }
  api.on = (event: BridgeEventName, listener: (payload: unknown) => void): (() => void) => {
    if (!(BRIDGE_EVENT_NAMES as readonly string[]).includes(event)) throw new TypeError('unknown event');
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The IPC event (with its sender) stays here: the page only ever sees the payload.
    const relay = (_event: unknown, payload: unknown): void => listener(payload);
    ipc.on(eventChannel(event), relay);
    return () => {
      ipc.removeListener(eventChannel(event), relay);
    };
  };
  return Object.freeze(api) as unknown as WifireDeskApi;
}
