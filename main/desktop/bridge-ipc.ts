// The one place IPC handlers are registered: every message's sender is checked, then the bridge validates it.
import type { BridgeEnvelope } from '../../shared/bridge-contract.js';
import { BRIDGE_METHOD_NAMES, eventChannel, methodChannel } from '../../shared/bridge-names.js';
import type { Bridge } from '../core/bridge/bridge.js';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-origin.js';

/** What an invoke event tells about its sender (Electron's IpcMainInvokeEvent, narrowed). */
export interface InvokeEventLike {
  sender: { id: number };
  /** Null when the frame has navigated away or was destroyed before the message was handled. */
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A window's contents that pushes go to. */
export interface PushTarget {
  readonly id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface BridgeIpcDeps {
  ipcMain: IpcMainLike;
  bridge: Pick<Bridge, 'invoke' | 'subscribe'>;
  /** The contents of the app's own windows: only they may call, and only they hear pushes. */
  windows: () => readonly PushTarget[];
  log: Logger;
  /** The refusal's text, in the desk's language. */
  refusedMessage: () => string;
}

/** The sender is the top frame of one of our windows, showing the app's own page. */
export function isTrustedSender(event: InvokeEventLike, windows: readonly PushTarget[]): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!windows.some((contents) => contents.id === event.sender.id && !contents.isDestroyed())) return false;
  return isAppUrl(frame.url);
}

/** Registers a handler for every method of the contract and relays every push; returns the undo. */
export function registerBridgeIpc(deps: BridgeIpcDeps): () => void {
  const { ipcMain, bridge, log } = deps;
  for (const method of BRIDGE_METHOD_NAMES) {
    ipcMain.handle(
      methodChannel(method),
      (event, request): Promise<BridgeEnvelope<unknown>> | BridgeEnvelope<unknown> => {
        if (!isTrustedSender(event, deps.windows())) {
          log.warn('bridge call refused: unexpected sender', { method });
          return { ok: false, error: { code: 'forbidden', message: deps.refusedMessage() } };
        }
        // The contract's zod schema for this method checks the request inside invoke.
        return bridge.invoke(method, request);
      },
    );
  }
  const stopPushes = bridge.subscribe((event, payload) => {
    for (const contents of deps.windows()) {
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(eventChannel(event), payload);
    }
  });
  return () => {
    stopPushes();
    for (const method of BRIDGE_METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}
