// main.ts imports this first: the store's worker starts loading its code and SQLite on a thread of its own while
// this one evaluates the rest of the app (electron-store, express, zod, the core…) and Electron gets ready. The
// service takes it when it opens the store; main.ts ends it on the paths that never get that far.
import { prestartStoreWorker } from '../core/store/store-client.js';

export const prestartedStore = prestartStoreWorker();
