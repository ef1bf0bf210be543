// npm run headless: starts the store's worker thread first, so that it loads its code and SQLite on a thread of its
// own while this one loads the shell (run-headless.ts, most of the start), then hands it over.
import { pathToFileURL } from 'node:url';
import type { Service } from '../core/service.js';
import { prestartStoreWorker } from '../core/store/store-client.js';

/** The shell, for npm start's fallback when Electron cannot open: the store's worker starts with the service. */
export async function runHeadless(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Service | null> {
  const shell = await import('./run-headless.js');
  return shell.runHeadless(argv, env);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const prestartedStore = prestartStoreWorker();
  void import('./run-headless.js').then((shell) =>
    shell.runHeadless(process.argv.slice(2), process.env, { prestartedStore }),
  );
}
