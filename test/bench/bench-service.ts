// The real service as the headless shell runs it (webhook listener and panel), with a pop-up backend that does
// nothing, so only our work is timed. Only startService's options and the stable parts of what it returns are used.
import type { NotifierBackend, NotifierPortOptions } from '../../main/core/notify/notifier-port.js';
import { startService, type Service, type ServiceOptions } from '../../main/core/service.js';
import { mountPanel } from '../../main/headless/panel-routes.js';
import { BENCH_TOKEN, HOST } from './harness.js';

const noop: NotifierBackend = { name: 'bench-noop', show: () => Promise.resolve(undefined) };

export function startBenchService(
  dataDir: string,
  notifierOptions: NotifierPortOptions = {},
  fanout?: ServiceOptions['fanout'],
): Promise<Service> {
  return startService({
    ...(fanout ? { fanout } : {}),
    dataDir,
    host: HOST,
    port: 0,
    notifier: noop,
    notifierOptions,
    env: { WIFIRE_DESK_TOKEN: BENCH_TOKEN },
    mountPanel,
  });
}
