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

/** The store's worker allocates little and briefly: a small young generation (MB) is all it needs. */
export const STORE_WORKER_YOUNG_GENERATION_MB = 2;

let tuned = false;

/** Once per process, before the service starts taking webhooks; the flag holds for every isolate made after it. */
export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
