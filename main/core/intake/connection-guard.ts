// How long a sender may take and how many connections the listener keeps, so slow or idle senders cannot crowd out WiFire.
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';

export interface ListenerLimits {
  /** A request must have arrived whole within this (the promised 30 s); then it is answered 408 and closed. */
  requestTimeoutMs: number;
  /** Its headers within this; also how long a connection that sends nothing is kept. At most `requestTimeoutMs`. */
  headersTimeoutMs: number;
  /** How often those two limits are checked: a stalled sender is cut within its limit plus this. */
  checkIntervalMs: number;
  /** An idle connection between two requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections open at once, well below the usual limit of 1 024 open files per process. */
  maxConnections: number;
  /** Connections open at once from one address other than this computer (behind a tunnel all come from 127.0.0.1). */
  maxConnectionsPerSource: number;
}

export const DEFAULT_LISTENER_LIMITS: Readonly<ListenerLimits> = Object.freeze({
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  checkIntervalMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxConnectionsPerSource: 32,
});

/** The defaults with `overrides` on top; the headers limit never exceeds the request limit (Node would swap them). */
export function listenerLimits(overrides: Partial<ListenerLimits> = {}): ListenerLimits {
  const limits = { ...DEFAULT_LISTENER_LIMITS, ...overrides };
  return { ...limits, headersTimeoutMs: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) };
}

/** What `http.createServer` needs: the check interval can only be set there, not on the server afterwards. */
export function serverOptions(limits: ListenerLimits): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

interface Tracked {
  socket: Socket;
  /** When it connected or last finished an answer: the longer ago, the more it looks like a slow sender. */
  progressAt: number;
  /** The request being read or answered on it, if any. */
  current: { req: IncomingMessage; res: ServerResponse } | null;
  /** Its address when not this computer's, for the per-source cap. */
  source: string | null;
}

/** A request that arrived whole and waits for its answer (a delivery on its way to disk, an open panel stream). */
function isAnswering(entry: Tracked): boolean {
  return entry.current !== null && entry.current.req.complete && !entry.current.res.writableFinished;
}

/** The connection that has gone longest without completing a request, among `entries`; never one being answered. */
function stalest(entries: Iterable<Tracked>, except: Tracked): Tracked | null {
  let found: Tracked | null = null;
  for (const entry of entries) {
    if (entry === except || isAnswering(entry)) continue;
    if (!found || entry.progressAt < found.progressAt) found = entry;
  }
  return found;
}

/**
 * Keeps at most `maxConnections` open, and `maxConnectionsPerSource` per outside address. At a cap the newcomer
 * stays and the stalest connection is closed instead: a slow sender holds a socket longest, a WiFire delivery briefly.
 */
export function guardConnections(
  server: Server,
  limits: Pick<ListenerLimits, 'maxConnections' | 'maxConnectionsPerSource'>,
  log: Logger,
  now: () => number = () => performance.now(),
): void {
  const all = new Map<Socket, Tracked>();
  const bySource = new Map<string, Set<Tracked>>();
  const tally = { closed: 0, refused: 0, loggedAt: -Infinity };

  const note = (kind: 'closed' | 'refused'): void => {
    tally[kind] += 1;
    // Under attack this happens per connection: one line a minute with the counts is enough.
    if (now() - tally.loggedAt < 60_000) return;
    log.warn('listener full: connections closed to make room', { closed: tally.closed, refused: tally.refused });
    tally.closed = 0;
    tally.refused = 0;
    tally.loggedAt = now();
  };

  const makeRoom = (newcomer: Tracked, among: Iterable<Tracked>): void => {
    const victim = stalest(among, newcomer);
    if (victim) {
      victim.socket.destroy();
      forget(victim);
      note('closed');
    } else {
      // Every other connection is being answered: the newcomer is the one that waits (it may retry).
      newcomer.socket.destroy();
      forget(newcomer);
      note('refused');
    }
  };

  const forget = (entry: Tracked): void => {
    all.delete(entry.socket);
    if (entry.source === null) return;
    const group = bySource.get(entry.source);
    group?.delete(entry);
    if (group?.size === 0) bySource.delete(entry.source);
  };

  server.on('connection', (socket: Socket) => {
    const remote = socket.remoteAddress;
    const entry: Tracked = {
      socket,
      progressAt: now(),
      current: null,
      source: remote && !isLoopbackAddress(remote) ? remote : null,
    };
    all.set(socket, entry);
    socket.once('close', () => forget(entry));
    if (entry.source !== null) {
      const group = bySource.get(entry.source) ?? new Set<Tracked>();
      bySource.set(entry.source, group);
      group.add(entry);
      if (group.size > limits.maxConnectionsPerSource) makeRoom(entry, group);
    }
    if (all.has(socket) && all.size > limits.maxConnections) makeRoom(entry, all.values());
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const entry = all.get(req.socket as Socket);
    if (!entry) return;
    entry.current = { req, res };
    res.once('finish', () => {
      entry.progressAt = now();
      if (entry.current?.res === res) entry.current = null;
    });
  });
}
