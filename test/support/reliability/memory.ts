// Resident memory once garbage is collected, for growth bounds that do not depend on when V8 happened to collect.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

/** V8's gc(), exposed at run time (vitest's workers do not start with --expose-gc). */
function collector(): () => void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/** RSS in bytes after a few full collections with the event loop turning in between (sockets close, buffers go). */
export async function settledRss(rounds = 4): Promise<number> {
  const collect = collector();
  for (let i = 0; i < rounds; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return process.memoryUsage().rss;
}

export const MB = 1024 * 1024;
