// Child process: the real service (store, classify, policy, notifier port) with a no-op notifier backend.
// Usage: node service-server.js <data-dir>. Reports { type: 'ready', port, url } over IPC, then answers questions.
import { startBenchService } from './bench-service.js';
import { answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  process.stderr.write('usage: node service-server.js <data-dir> (forked with an IPC channel)\n');
  process.exit(2);
}

const service = await startBenchService(dataDir);

exitWithParent(() => service.close());

answerQuestions((request) => {
  if (request.cmd === 'count') return service.store.countEvents();
  if (request.cmd === 'events-of') return service.store.eventsOfCustomer(request.arg ?? '').length;
  return Number.NaN;
});

const ready: ChildMessage = { type: 'ready', port: service.port, url: service.webhookUrl };
process.send(ready);
