// The bridge the shell puts on window: Electron's preload over IPC, or http-bridge.ts over HTTP + SSE.
import type { WifireDeskApi } from '../shared/bridge-contract.js';

declare global {
  interface Window {
    wifireDesk?: WifireDeskApi;
  }
}
