// Webhook received → notifier called, at a steady rate: an in-process service whose notifier port reports
// each dispatch; each pop-up is matched to its request by the event id the 200 answer carries.
import http from 'node:http';
import { startBenchService } from './bench-service.js';
import { uniqueBody, writeBenchConfig } from './bench-payloads.js';
import { makeTempDir, percentile, postJson, removeTempDir } from './harness.js';

export interface NotifyOptions {
  ratePerSecond: number;
  durationS: number;
  warmupS: number;
  type: string;
}

export interface NotifyResult {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p99 of the two legs: request sent → event committed and announced on the bus; → notifier called. */
  toStoredP99Ms: number;
  storedToDispatchP99Ms: number;
  measured: number;
  missing: number;
  failed: number;
}

interface Sent {
  sentAt: number;
  eventId: string | null;
  status: number;
}

export async function benchNotify(options: NotifyOptions): Promise<NotifyResult> {
  const dataDir = makeTempDir('notify');
  writeBenchConfig(dataDir);
  const dispatchedAt = new Map<string, number>();
  const service = await startBenchService(dataDir, {
    onDispatch: (popUp) => dispatchedAt.set(popUp.eventId, performance.now()),
  });
  const storedAt = new Map<string, number>();
  service.bus.on('event-stored', ({ event }) => storedAt.set(event.id, performance.now()));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const url = service.webhookUrl;
    const intervalMs = 1000 / options.ratePerSecond;
    const warmup = Math.round(options.warmupS * options.ratePerSecond);
    const total = warmup + Math.round(options.durationS * options.ratePerSecond);
    // Bodies are built beforehand so the clock measures the service, not the payload builder.
    const bodies = Array.from({ length: total }, (_, i) => uniqueBody(options.type, i % 1000, `n${i}`));
    const sent: Sent[] = [];
    const inFlight: Array<Promise<void>> = [];

    const send = (i: number): void => {
      const record: Sent = { sentAt: performance.now(), eventId: null, status: 0 };
      sent[i] = record;
      inFlight.push(
        postJson(url, bodies[i]!, agent).then(
          (answer) => {
            record.status = answer.status;
            const parsed = JSON.parse(answer.body) as { id?: unknown };
            record.eventId = typeof parsed.id === 'string' ? parsed.id : null;
          },
          () => {
            record.status = -1;
          },
        ),
      );
    };

    // Paced: request i leaves at start + i × interval; a late timer sends what is due at once.
    await new Promise<void>((resolve) => {
      const start = performance.now();
      let next = 0;
      const tick = (): void => {
        const now = performance.now();
        while (next < total && start + next * intervalMs <= now) send(next++);
        if (next >= total) {
          resolve();
          return;
        }
        setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      };
      tick();
    });
    await Promise.all(inFlight);
    await service.notifier.idle(5000);

    const latencies: number[] = [];
    const toStored: number[] = [];
    const storedToDispatch: number[] = [];
    let missing = 0;
    let failed = 0;
    for (let i = warmup; i < total; i++) {
      const record = sent[i]!;
      if (record.status !== 200 || record.eventId === null) {
        failed++;
        continue;
      }
      const at = dispatchedAt.get(record.eventId);
      const stored = storedAt.get(record.eventId);
      if (at === undefined || stored === undefined) missing++;
      else {
        latencies.push(at - record.sentAt);
        toStored.push(stored - record.sentAt);
        storedToDispatch.push(at - stored);
      }
    }
    return {
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      toStoredP99Ms: percentile(toStored, 99),
      storedToDispatchP99Ms: percentile(storedToDispatch, 99),
      measured: latencies.length,
      missing,
      failed,
    };
  } finally {
    agent.destroy();
    await service.close();
    removeTempDir(dataDir);
  }
}
