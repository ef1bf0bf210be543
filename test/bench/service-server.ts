// Child process: the real service (intake, store, classify, policy, notifier port, panel) with a no-op pop-up
// backend. Usage: node service-server.js <data-dir> [--record-dispatch]. Reports { type: 'ready', port, url,
// panelUrl } over IPC, then answers questions. Counts and checks go through HTTP (the panel API), never the store:
// the store is moving into a worker thread, and only startService's stable surface is used here.
import { startBenchService } from './bench-service.js';
import { answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

const [dataDir, ...flags] = process.argv.slice(2);
if (!dataDir || !process.send) {
  process.stderr.write('usage: node service-server.js <data-dir> [--record-dispatch] (forked with an IPC channel)\n');
  process.exit(2);
}

/** Pop-up handed to the backend, by event id: CLOCK_MONOTONIC in ms, comparable with the parent's hrtime. */
const dispatched = new Map<string, number>();
const recordDispatch = flags.includes('--record-dispatch');
const service = await startBenchService(
  dataDir,
  recordDispatch ? { onDispatch: (popUp) => dispatched.set(popUp.eventId, Number(process.hrtime.bigint()) / 1e6) } : {},
);

exitWithParent(() => service.close());

answerQuestions(async (request) => {
  if (request.cmd === 'dispatches') {
    const taken = [...dispatched];
    dispatched.clear();
    return taken;
  }
  if (request.cmd === 'purge-now') {
    const result = await service.retention.purgeNow();
    return { eventsRemoved: result.eventsRemoved, customersRemoved: result.customerIds.length };
  }
  throw new Error(`unknown question: ${request.cmd}`);
});

const ready: ChildMessage = { type: 'ready', port: service.port, url: service.webhookUrl, panelUrl: service.panelUrl };
process.send(ready);
