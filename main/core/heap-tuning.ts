// V8's heap, sized for an app that sits on a front-desk PC all day rather than a server that wants throughput.
import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent. Its own heuristic
 * lets it grow up to 4× when allocation is fast: under a stream of webhooks a 20 MB live heap then held 78 MB of
 * old space, nearly all garbage, and resident memory does not come back down after a collection. 1.2× keeps it
 * near what is live (measured: resident 199 MB → 141 MB after 20 000 webhooks, `npm run bench -- --only=rss_vs_express`)
 * at the price of more, smaller full collections, which V8 runs mostly off the main thread.
 */
export const HEAP_GROWING_PERCENT = 20;

/**
 * Node flags for the process that runs the service: `npm start` and `npm run headless` give them to node (package.json;
 * a test holds the two together). V8 sizes the young generation when the process starts, so this cannot be set from
 * here later: `v8.setFlagsFromString` takes it and changes nothing (measured). By default each of its two halves grows
 * to 16 MB under a stream of webhooks and stays resident afterwards, nearly all garbage: 32 MB of the 137 MB the
 * service held after 20 000 webhooks. At 2 MB the same run ends at about 108 MB: `rss_vs_express` 1.31 → 1.04
 * (`npm run bench -- --quick --only=rss_vs_express`), with the notify p99 within its noise. It does cost intake:
 * two services side by side, alternating, 16 MB stored 10–25 % more a second than 2 MB; once each webhook allocated
 * less (46 → 34 KB), 4 MB and 8 MB were only 4–6 % ahead, inside the noise (issue 16's notes). At 200 webhooks a
 * second young collections come about seven times as often, each pausing the main thread 1.2 ms on average instead
 * of 3.4 (`--trace-gc-nvp`).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** The store's worker allocates little and briefly: a small young generation (MB) is all it needs. */
export const STORE_WORKER_YOUNG_GENERATION_MB = 2;

let tuned = false;

/** Once per process, before the service starts taking webhooks; the flag holds for every isolate made after it. */
export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
