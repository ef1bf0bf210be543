// The tunnel stand-ins (test/fixtures/tunnels) as a service runs them: on PATH, with a routes folder as the
// "internet" (a public hostname is whatever local port the stand-in's forwarder wrote down for it).
import fs from 'node:fs';
import path from 'node:path';
import type { ProbeFetch } from '../../main/core/tunnel/reachability.js';
import { makeTempDir } from './temp-service.js';

export const STANDINS = path.resolve('test/fixtures/tunnels/bin');

/** Fast enough for a test, with the same shape as the real timing. */
export const FAST_TUNNEL_TIMING = {
  backoff: { initialMs: 100, maxMs: 1000, failAfter: 3 },
  graceMs: 2000,
  probeIntervalMs: 500,
  probeRetryMs: 300,
  urlTimeoutMs: 3000,
};

export interface StandinWorld {
  /** Where the stand-ins write their routes, and their argv log. */
  work: string;
  routes: string;
  argvLog: string;
  /** A public URL as the loopback URL that reaches the same place. */
  route(url: string): string;
  /** fetch through that "internet": what the service's probes and test event use. */
  fetch: ProbeFetch;
  /** The environment the tunnel program starts with. */
  env: NodeJS.ProcessEnv;
}

export function standinWorld(extraEnv: Record<string, string> = {}): StandinWorld {
  const work = makeTempDir('wifire-desk-standin-');
  const routes = path.join(work, 'routes');
  fs.mkdirSync(routes);
  const argvLog = path.join(work, 'argv.log');
  const route = (url: string): string => {
    const target = new URL(url);
    const file = JSON.parse(fs.readFileSync(path.join(routes, target.hostname), 'utf8')) as { port: number };
    return `http://127.0.0.1:${file.port}${target.pathname}${target.search}`;
  };
  return {
    work,
    routes,
    argvLog,
    route,
    fetch: (url, init) => fetch(route(url), init),
    env: {
      PATH: `${STANDINS}:${process.env.PATH}`,
      WIFIRE_STANDIN_ROUTES: routes,
      WIFIRE_STANDIN_ARGV_LOG: argvLog,
      WIFIRE_STANDIN_DELAY_MS: '20',
      ...extraEnv,
    },
  };
}
