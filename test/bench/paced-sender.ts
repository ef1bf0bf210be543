// Webhooks at a steady rate, as WiFire sends them: request i leaves at start + i × interval (a late timer sends what
// is due at once), each timed on CLOCK_MONOTONIC so a child process's clock can be compared with ours.
import http from 'node:http';
import { postJson } from './harness.js';

/** CLOCK_MONOTONIC in ms: the same clock in every process on the machine (unlike performance.now()). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Sent {
  sentAt: number;
  answeredAt: number;
  status: number;
  /** The stored event's id from the 200 answer. */
  eventId: string | null;
}

/** `url` is one webhook, or the webhook for request i (a chain's places in turn). */
export async function sendPaced(
  url: string | ((i: number) => string),
  bodies: readonly string[],
  ratePerSecond: number,
): Promise<Sent[]> {
  const urlOf = typeof url === 'string' ? () => url : url;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const intervalMs = 1000 / ratePerSecond;
  const sent: Sent[] = [];
  const inFlight: Array<Promise<void>> = [];
  const send = (i: number): void => {
    const record: Sent = { sentAt: monotonicMs(), answeredAt: Number.NaN, status: 0, eventId: null };
    sent[i] = record;
    inFlight.push(
      postJson(urlOf(i), bodies[i]!, agent).then(
        (answer) => {
          record.answeredAt = monotonicMs();
          record.status = answer.status;
          try {
            const parsed = JSON.parse(answer.body) as { id?: unknown };
            record.eventId = typeof parsed.id === 'string' ? parsed.id : null;
          } catch {
            record.eventId = null;
          }
        },
        () => {
          record.status = -1;
        },
      ),
    );
  };
  try {
    await new Promise<void>((resolve) => {
      const start = performance.now();
      let next = 0;
      const tick = (): void => {
        while (next < bodies.length && start + next * intervalMs <= performance.now()) send(next++);
        if (next >= bodies.length) resolve();
        else setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      };
      tick();
    });
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return sent;
}
