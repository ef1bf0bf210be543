// The sandboxed preload (bundled to CommonJS): puts the bridge on the page as `window.wifireDesk`, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcApi } from './preload-api.js';

contextBridge.exposeInMainWorld('wifireDesk', createIpcApi(ipcRenderer));
