// Child process: the real service (intake, store, classify, policy, notifier port, panel) with a no-op pop-up
// backend. Usage: node service-server.js <data-dir> [--record-dispatch] [--record-arrivals]
// [--fanout-hub=<nats port> | --join=<code>].
// Reports { type: 'ready', port, url, panelUrl } over IPC (a hub once its join code is known, a satellite once it
// joined), then answers questions. Counts and checks go through HTTP (the panel API), never the store:
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
const flag = (name: string): string | undefined =>
  flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
const hubPort = flag('fanout-hub');
const joinCode = flag('join');
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
/** Pop-ups handed to the backend since the start: a catch-up is one, however many events it stands for. */
let popUps = 0;
const service = await startBenchService(
  dataDir,
  recordDispatch
    ? {
        onDispatch: (popUp) => {
          popUps += 1;
          dispatched.set(popUp.eventId, now());
        },
      }
    : {},
  hubPort
    ? { role: 'hub', listen: { host: '127.0.0.1', port: Number(hubPort) } }
    : joinCode
      ? { role: 'satellite', joinCode }
      : undefined,
);
/**
 * Events on this desk's bus, by id, and how many times each came (a satellite must see each once); only with
 * --record-arrivals, which the fan-out bench alone asks for: kept until asked, they were an entry per event in the
 * measured process of every other bench (7 MB of live heap after the memory bench's 100 000 events).
 */
const arrivals = new Map<string, { at: number; times: number }>();
if (flags.includes('--record-arrivals')) {
  service.bus.on('event-stored', ({ event }) => {
    const seen = arrivals.get(event.id);
    arrivals.set(event.id, { at: seen?.at ?? now(), times: (seen?.times ?? 0) + 1 });
  });
}
const fanoutReady = (): boolean =>
  !service.fanout || service.fanout.joinCode() !== null || service.fanout.status('en').state === 'connected';
while (!fanoutReady()) await new Promise((resolve) => setTimeout(resolve, 20));

exitWithParent(() => service.close());

answerQuestions(async (request) => {
  if (request.cmd === 'dispatches') {
    const taken = [...dispatched];
    dispatched.clear();
    return taken;
  }
  if (request.cmd === 'arrivals') {
    const taken = [...arrivals].map(([id, seen]) => [id, seen.at, seen.times]);
    arrivals.clear();
    return taken;
  }
  if (request.cmd === 'fanout') {
    return { joinCode: service.fanout?.joinCode() ?? null, state: service.fanout?.status('en').state ?? null, popUps };
  }
  if (request.cmd === 'purge-now') {
    const result = await service.retention.purgeNow();
    return { eventsRemoved: result.eventsRemoved, customersRemoved: result.customerIds.length };
  }
  throw new Error(`unknown question: ${request.cmd}`);
});

const ready: ChildMessage = { type: 'ready', port: service.port, url: service.webhookUrl, panelUrl: service.panelUrl };
process.send(ready);
