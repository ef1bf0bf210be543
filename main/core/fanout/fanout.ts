// Fan-out as the service sees it: off (nothing new runs), the hub (its engine, its publisher, the join code), or a
// satellite (its link to the hub, which is also its store). The status is what the panel, tray and CLI say.
import os from 'node:os';
import path from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import type { Locale } from '../../../shared/catalog.js';
import type { Logger } from '../logger.js';
import { codeOf } from '../store/commit-queue.js';
import type { Store } from '../store/store-client.js';
import { NatsEngine, type NatsEngineOptions } from './engine/nats-engine.js';
import { DeskIdentityFile, fanoutDir, HubStateFile } from './fanout-state.js';
import { describeFanoutReason, type FanoutReason } from './fanout-texts.js';
import { FanoutHub } from './hub.js';
import { decodeJoinCode, encodeJoinCode, isSharedJoinCode, JoinCodeError } from './join-code.js';
import { readNatsCredentials, type NatsCredentials } from './nats-credentials.js';
import { checkJoinProof, verifyRequest } from './request-signature.js';
import { SatelliteRuntime, sharedNatsReason, sharedNatsTls, type SatelliteParts } from './satellite-runtime.js';
import { MAX_PLACES, OverviewRuntime } from './overview.js';
import { formatHostPort } from '../host-port.js';
import { DEFAULT_NATS_LISTEN } from './nats-listen.js';

/** The waits between the hub's attempts to connect to its own server (the last repeats). */
const HUB_RETRY_MS = [500, 1_000, 2_000, 5_000];

export type FanoutOptions =
  | {
      role: 'hub';
      /** `--nats-listen HOST:PORT`. */
      listen?: { host: string; port: number };
      /** `--nats-url URL --nats-creds FILE`: an existing NATS instead of a nats-server of its own. */
      nats?: SharedNats;
      /** The nats-server program, when not on PATH or in the usual folders. */
      natsPath?: string | null;
      /** Folders looked in last for nats-server: the copy the desktop installer ships among its resources. */
      natsSearchDirs?: string[];
      /** Test seams for the engine (environment, backoff). */
      engine?: Partial<Pick<NatsEngineOptions, 'env' | 'platform' | 'backoff'>>;
    }
  | {
      role: 'satellite';
      joinCode: string;
      /** Codes of other places: this desk becomes a chain's overview, following each place (its hub) at once. */
      moreJoinCodes?: readonly string[];
      /** `--nats-creds FILE`: this desk's own credentials, for a code that names an existing NATS. */
      credsFile?: string;
    };

/** An existing NATS: the chain's cluster, a leaf node per place, or a hosted NATS. */
export interface SharedNats {
  /** `nats://host:port` or `tls://host:port`, in the order to try. */
  servers: string[];
  /** A `.creds` file or an NKEY user seed, from the NATS administrator. */
  credsFile: string;
  /** The subject prefix every hub of the chain shares (`--nats-account`); the hub's own when absent. */
  account?: string;
}

export interface FanoutStartParts extends SatelliteParts {
  store: Store;
  /** A desk marked events read: done as the hub's own panel does it. */
  markRead(read: { ids: string[] } | { upToId: number }): Promise<number>;
}

export interface FanoutStatus {
  role: 'hub' | 'satellite';
  /** hub: starting → ready (or failed); satellite: connecting → connected (or disconnected). */
  state: 'starting' | 'ready' | 'failed' | 'connecting' | 'connected' | 'disconnected';
  reason: FanoutReason | null;
  /** In words, in the desk's language; null when all is well. */
  reasonText: string | null;
  /** An overview: how many of its places it is linked to. */
  places?: { connected: number; total: number };
}

/** A desk that joined this hub, as the hub's panel lists it. */
export interface FanoutDesk {
  id: string;
  joinedAt: number;
  /** The last time it asked the hub anything (it does at least every minute while connected); null since the hub started. */
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface Fanout {
  readonly role: 'hub' | 'satellite';
  /** On an existing NATS (`--nats-url`, or a code that names one), not a nats-server of the hub's own. */
  readonly existingNats: boolean;
  /** A satellite's link (its store is the hub's, asked over NATS), or an overview's links; null on the hub. */
  readonly satellite: SatelliteRuntime | OverviewRuntime | null;
  status(locale: Locale): FanoutStatus;
  /** The hub's join code once its engine is up (a secret: show it to the owner, never log it); else null. */
  joinCode(): string | null;
  onChange(listener: () => void): () => void;
  /** The hub's desks, newest first ([] on a satellite). */
  desks(): FanoutDesk[];
  /** A satellite's own desk id, as the hub lists it (null on the hub). */
  deskId(): string | null;
  /** The desk's own key stops working at once; it cannot join again with a code. */
  revokeDesk(id: string): Promise<boolean>;
  /** The join code stops working for new desks (those that joined stay); a new code replaces it. */
  renewJoinCode(): Promise<string | null>;
  start(parts: FanoutStartParts): void;
  close(): Promise<void>;
}

/** The addresses the join code offers: the listen address, or each of this PC's network addresses. */
export function advertisedAddresses(listen: { host: string; port: number }): string[] {
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::';
  const hosts = wildcard
    ? Object.values(os.networkInterfaces())
        .flat()
        .filter(
          (entry): entry is os.NetworkInterfaceInfo => Boolean(entry) && !entry!.internal && entry!.family === 'IPv4',
        )
        .map((entry) => entry.address)
    : [listen.host];
  const list = hosts.length > 0 ? hosts : ['127.0.0.1'];
  return list.slice(0, 8).map((host) => formatHostPort(host, listen.port));
}

export function openFanout(options: FanoutOptions | undefined, dataDir: string, log: Logger): Fanout | null {
  if (!options) return null;
  if (options.role === 'satellite') {
    // A code that cannot be used refuses the start, in one line, before anything opens.
    const codes = [options.joinCode, ...(options.moreJoinCodes ?? [])].map(decodeJoinCode);
    if (codes.length > MAX_PLACES) throw new TooManyPlacesError();
    if (new Set(codes.map((code) => `${code.account}/${code.hub}`)).size !== codes.length)
      throw new SamePlaceTwiceError();
    let credentials: NatsCredentials | undefined;
    if (codes.some(isSharedJoinCode)) {
      if (!options.credsFile) throw new SharedCodeNeedsCredentialsError();
      credentials = readNatsCredentials(options.credsFile);
    } else if (options.credsFile) throw new OwnCodeTakesNoCredentialsError();
    const identity = new DeskIdentityFile(dataDir);
    const runtimes = codes.map(
      (code) => new SatelliteRuntime({ code, identity, log, ...(credentials ? { credentials } : {}) }),
    );
    return satelliteFanout(
      runtimes.length === 1 ? runtimes[0]! : new OverviewRuntime(runtimes, log),
      credentials !== undefined,
    );
  }
  return hubFanout(options, dataDir, log);
}

/** More places than one overview follows. */
export class TooManyPlacesError extends JoinCodeError {
  constructor() {
    super();
    this.message =
      `Um balcão acompanha no máximo ${MAX_PLACES} locais (códigos de conexão). / ` +
      `One desk follows at most ${MAX_PLACES} places (join codes).`;
    this.name = 'TooManyPlacesError';
  }
}

/** Two codes of the same hub: the same place would show each event twice. */
export class SamePlaceTwiceError extends JoinCodeError {
  constructor() {
    super();
    this.message =
      'Dois códigos de conexão são do mesmo balcão principal: dê cada local uma vez só. / ' +
      'Two join codes are of the same main desk: give each place once.';
    this.name = 'SamePlaceTwiceError';
  }
}

/** A code for an existing NATS, given without this desk's credentials for it. */
export class SharedCodeNeedsCredentialsError extends JoinCodeError {
  constructor() {
    super();
    this.message =
      'Este código é de uma rede NATS já existente: dê também --nats-creds ARQUIVO com as credenciais deste balcão ' +
      '(peça a quem administra o NATS). / This code is for an existing NATS: also give --nats-creds FILE.';
    this.name = 'SharedCodeNeedsCredentialsError';
  }
}

/** Credentials given with a code for the hub's own nats-server, which makes this desk a key of its own. */
export class OwnCodeTakesNoCredentialsError extends JoinCodeError {
  constructor() {
    super();
    this.message =
      '--nats-creds só vale com um código de uma rede NATS já existente; este balcão principal tem o próprio ' +
      'servidor. Rode sem --nats-creds. / --nats-creds only goes with a code for an existing NATS: drop it.';
    this.name = 'OwnCodeTakesNoCredentialsError';
  }
}

/** How the hub signs in to an existing NATS: TLS when a server is `tls://` (the system's certificate authorities). */
function sharedConnectionOptions(shared: SharedNats, credentials: NatsCredentials): ConnectionOptions {
  return {
    servers: shared.servers,
    authenticator: credentials.authenticator,
    ...sharedNatsTls(shared.servers),
    timeout: 5_000,
  };
}

function satelliteFanout(runtime: SatelliteRuntime | OverviewRuntime, existingNats: boolean): Fanout {
  return {
    role: 'satellite',
    existingNats,
    satellite: runtime,
    status: (locale) => {
      const { phase, reason } = runtime.state;
      return {
        role: 'satellite',
        state: phase,
        reason,
        reasonText: reason && describeFanoutReason(reason, locale),
        ...(runtime instanceof OverviewRuntime ? { places: runtime.linked } : {}),
      };
    },
    joinCode: () => null,
    onChange: (listener) => runtime.onChange(() => listener()),
    desks: () => [],
    deskId: () => runtime.deskId,
    revokeDesk: async () => false,
    renewJoinCode: async () => null,
    start: (parts) => runtime.start(parts),
    close: () => runtime.close(),
  };
}

function hubFanout(options: Extract<FanoutOptions, { role: 'hub' }>, dataDir: string, log: Logger): Fanout {
  const state = new HubStateFile(dataDir, options.nats?.account);
  if (options.nats?.account) state.useAccount(options.nats.account);
  const listen = options.listen ?? DEFAULT_NATS_LISTEN;
  const shared = options.nats ?? null;
  // Read now: a file that cannot be used refuses the start in one line.
  const credentials = shared ? readNatsCredentials(shared.credsFile) : null;
  const listeners = new Set<() => void>();
  let phase: 'starting' | 'ready' | 'failed' = 'starting';
  let reason: FanoutReason | null = null;
  let code: string | null = null;
  let nc: NatsConnection | null = null;
  let hub: FanoutHub | null = null;
  let closed = false;
  const lastSeen = new Map<string, number>();
  // On an existing NATS there is no server of our own to run, and its administrator decides who signs in.
  const engine = shared
    ? null
    : new NatsEngine({
        ...options.engine,
        dir: path.join(fanoutDir(dataDir), 'nats'),
        listen,
        account: state.account,
        hubId: state.hub,
        desks: state.users(),
        configuredPath: options.natsPath ?? null,
        searchDirs: options.natsSearchDirs ?? [],
        log,
      });
  const set = (next: typeof phase, why: FanoutReason | null): void => {
    if (next === phase && why === reason) return;
    phase = next;
    reason = why;
    for (const listener of listeners) listener();
  };
  engine?.onChange((engineState) => {
    if (engineState.phase === 'failed')
      set('failed', engineState.reason.code === 'missing-binary' ? 'engine-missing' : 'engine-failed');
    else if (engineState.phase === 'restarting') set('failed', 'engine-failed');
    else if (engineState.phase === 'running' && hub) set('ready', null);
  });

  const makeCode = (): string => {
    const invitation = state.invitation();
    if (!engine) {
      return encodeJoinCode({
        servers: shared!.servers,
        account: state.account,
        hub: state.hub,
        invitation: invitation.id,
        seed: invitation.seed,
      });
    }
    return encodeJoinCode({
      addresses: advertisedAddresses(listen),
      account: state.account,
      hub: state.hub,
      invitation: invitation.id,
      seed: invitation.seed,
      pin: engine.pin,
    });
  };
  const changed = (): void => {
    for (const listener of listeners) listener();
  };

  /** The hub's own connection and its publisher; a failure (the server not up yet) is retried with backoff. */
  const connectHub = async (parts: FanoutStartParts): Promise<{ nc: NatsConnection; hub: FanoutHub }> => {
    for (let failures = 0; ; failures++) {
      let connection: NatsConnection | null = null;
      try {
        await engine?.ready();
        if (closed) throw new Error('closed');
        connection = await connect({
          ...(engine ? engine.hubConnectionOptions() : sharedConnectionOptions(shared!, credentials!)),
          name: 'wifire-desk-hub',
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
        });
        const publisher = await FanoutHub.start({
          nc: connection,
          store: parts.store,
          bus: parts.bus,
          log,
          account: state.account,
          hub: state.hub,
          markRead: parts.markRead,
          ...(engine
            ? {}
            : {
                signedBy: (msg) =>
                  verifyRequest(
                    msg,
                    (desk) => state.desks.find((one) => one.id === desk && one.revokedAt === null)?.publicKey ?? null,
                  ),
              }),
          admit: async (request, signer) => {
            if (!engine && !sharedJoinAllowed(state, request, signer)) {
              log.warn('fan-out: a desk was refused', { verdict: 'unproven' });
              return false;
            }
            const verdict = state.admit(request);
            if (verdict === 'refused') {
              log.warn('fan-out: a desk was refused', { verdict });
              return false;
            }
            lastSeen.set(request.desk, Date.now());
            // Its own key must work before it is told to use it.
            if (verdict === 'admitted') {
              await engine?.setDesks(state.users());
              log.info('fan-out: a desk joined', { desks: state.desks.length });
              changed();
            }
            return true;
          },
        });
        return { nc: connection, hub: publisher };
      } catch (error) {
        await connection?.close().catch(() => undefined);
        if (closed) throw error;
        const delay = HUB_RETRY_MS[Math.min(failures, HUB_RETRY_MS.length - 1)]!;
        log.warn('fan-out: the hub could not connect to its server: trying again', {
          code: codeOf(error),
          retryInMs: delay,
        });
        if (phase !== 'failed') set('failed', engine ? 'engine-failed' : sharedNatsReason(error));
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  };

  const start = async (parts: FanoutStartParts): Promise<void> => {
    engine?.start();
    ({ nc, hub } = await connectHub(parts));
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'reconnect') {
          hub?.kick();
          if (!engine) set('ready', null);
        } else if (status.type === 'disconnect' && !engine) set('failed', 'nats-unreachable');
      }
    })();
    code = makeCode();
    set('ready', null);
    log.info('fan-out: hub ready');
  };

  return {
    role: 'hub',
    existingNats: shared !== null,
    satellite: null,
    status: (locale) => ({
      role: 'hub',
      state: phase,
      reason,
      reasonText: reason && describeFanoutReason(reason, locale),
    }),
    joinCode: () => (phase === 'ready' ? code : null),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deskId: () => null,
    desks: () =>
      state.desks
        .map((desk) => ({
          id: desk.id,
          joinedAt: desk.joinedAt,
          lastSeenAt: lastSeen.get(desk.id) ?? null,
          revokedAt: desk.revokedAt,
        }))
        .reverse(),
    revokeDesk: async (id) => {
      if (!state.revokeDesk(id)) return false;
      // The reload closes its connection; its places in the streams go too.
      await engine?.setDesks(state.users());
      await hub?.forget(id);
      log.info('fan-out: a desk was revoked');
      changed();
      return true;
    },
    renewJoinCode: async () => {
      state.revokeInvitation(state.invitation().id);
      // The new code's key is made now, so the server is told of it with the same reload that drops the old one.
      state.invitation();
      await engine?.setDesks(state.users());
      code = phase === 'ready' ? makeCode() : null;
      changed();
      return code;
    },
    start: (parts) => {
      start(parts).catch((error: unknown) => {
        if (closed) return;
        log.error('fan-out: hub could not start', { code: codeOf(error) });
        set('failed', 'engine-failed');
      });
    },
    close: async () => {
      closed = true;
      await hub?.close();
      await nc?.drain().catch(() => undefined);
      await engine?.stop();
    },
  };
}

/**
 * On an existing NATS anyone the administrator let into the account can ask to join: a new desk proves it holds
 * the code (the code's key signed its id and key); a desk that joined before signs with its own key.
 */
function sharedJoinAllowed(
  state: HubStateFile,
  request: { desk: string; publicKey: string; invitation: string; proof?: string | undefined },
  signer: string | null | undefined,
): boolean {
  if (signer === request.desk) return true;
  if (request.proof === undefined) return false;
  const invitation = state.invitationById(request.invitation);
  return (
    invitation !== null &&
    checkJoinProof(invitation.publicKey, {
      hub: state.hub,
      desk: request.desk,
      publicKey: request.publicKey,
      proof: request.proof,
    })
  );
}
