// A satellite desk, from its join code to "Hub: connected": dials the hub's NATS (the certificate checked against
// the code's pin on every connection), proves the hub answers, reads its streams, and keeps retrying when lost.
import { connect, createInbox, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import { codeOf } from '../store/commit-queue.js';
import { fetchPinnedCertificate, pinnedTlsOptions } from './engine/pinned-tls.js';
import type { FanoutReason } from './fanout-texts.js';
import type { DeskIdentityFile } from './fanout-state.js';
import { isSharedJoinCode, type JoinCode, type OwnJoinCode, type SharedJoinCode } from './join-code.js';
import type { NatsCredentials } from './nats-credentials.js';
import { joinProof, signRequest } from './request-signature.js';
import { createRemoteStore, HubAnswerError, type RemoteStore } from './remote-store.js';
import { envelopeSchema } from './rpc.js';
import { SatelliteLink } from './satellite.js';
import { subjectsOf } from './subjects.js';
import { formatHostPort, parseHostPort } from '../host-port.js';

/** The waits between attempts to reach the hub (the last repeats). */
export const REJOIN_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];
/** How long one request to the hub may take before the panel is told the hub is unavailable. */
export const REQUEST_TIMEOUT_MS = 5_000;

export type SatelliteState =
  | { phase: 'connecting'; reason: null }
  | { phase: 'connected'; reason: null }
  | { phase: 'disconnected'; reason: FanoutReason };

export interface SatelliteParts {
  bus: Bus;
  withdrawCustomer(customerId: string): void;
}

export interface SatelliteRuntimeOptions {
  code: JoinCode;
  /** This desk's own identity, kept in its data folder (its id, its key, the hubs that let it in). */
  identity: DeskIdentityFile;
  /** A code for an existing NATS: this desk's own credentials there (`--nats-creds`). */
  credentials?: NatsCredentials;
  log: Logger;
  delaysMs?: readonly number[];
}

/** What a failure to reach or use the hub means for the person at the desk. */
export function reasonOf(error: unknown): FanoutReason {
  const code = codeOf(error);
  if (code === 'certificate-mismatch' || code === 'nats-refused' || code === 'nats-unreachable') return code;
  if (code === 'refused') return 'refused';
  const text = `${code} ${(error as Error | null)?.message ?? ''}`;
  if (/authori[sz]ation|auth(entication)? (violation|error|expired)|AUTHORIZATION_VIOLATION/i.test(text))
    return 'refused';
  if (/no responders|503|hub_/i.test(text)) return 'hub-silent';
  return 'unreachable';
}

/** The hub's answer to a join: nothing, or the reason it refused (a revoked desk or code reads "refused"). */
function checkJoinAnswer(data: Uint8Array): void {
  const envelope = envelopeSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
  if (!envelope.success) throw new HubAnswerError('hub_answer_invalid');
  if (!envelope.data.ok) {
    throw Object.assign(new HubAnswerError(`hub_${envelope.data.error}`), {
      code: envelope.data.error === 'refused' ? 'refused' : `hub_${envelope.data.error}`,
    });
  }
}

/**
 * Why a desk or a hub cannot use an existing NATS: the network's server refused its credentials (or rights), or it
 * does not answer. Said as the network's NATS, not the main desk: its administrator is the one to ask.
 */
export function sharedNatsReason(error: unknown): 'nats-refused' | 'nats-unreachable' {
  const text = `${codeOf(error)} ${(error as Error | null)?.message ?? ''}`;
  return reasonOf(error) === 'refused' || /authentication|permission/i.test(text) ? 'nats-refused' : 'nats-unreachable';
}

/** TLS on an existing NATS when a server is `tls://`, with the system's certificate authorities. */
export function sharedNatsTls(servers: readonly string[]): { tls?: Record<string, never> } {
  return servers.some((server) => server.startsWith('tls://')) ? { tls: {} } : {};
}

export class SatelliteRuntime {
  readonly store: RemoteStore;
  private nc: NatsConnection | null = null;
  private link: SatelliteLink | null = null;
  private current: SatelliteState = { phase: 'connecting', reason: null };
  private readonly listeners = new Set<(state: SatelliteState) => void>();
  private closed = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  /** The hub refused this desk while connected (revoked on an existing NATS): the link ends, said as refused. */
  private refused = false;

  constructor(private readonly options: SatelliteRuntimeOptions) {
    const subjects = subjectsOf(options.code.account);
    this.store = createRemoteStore(
      async (operation, payload) => {
        const nc = this.nc;
        if (!nc || nc.isClosed()) throw Object.assign(new Error('not connected'), { code: 'unreachable' });
        const subject = subjects.request(options.code.hub, operation);
        const data = new TextEncoder().encode(JSON.stringify(payload));
        if (!isSharedJoinCode(options.code)) {
          return (await nc.request(subject, data, { timeout: REQUEST_TIMEOUT_MS })).data;
        }
        // On an existing NATS each request says, signed, which desk sends it and where the answer goes.
        const reply = createInbox(subjects.sharedInbox(this.deskId));
        const { seed, desk } = options.identity.identity;
        const signed = signRequest(seed, { desk, subject, reply, payload: data });
        return (await nc.request(subject, data, { timeout: REQUEST_TIMEOUT_MS, noMux: true, reply, headers: signed }))
          .data;
      },
      () => this.close(),
      () => {
        if (this.current.phase !== 'connected') return;
        this.refused = true;
        void this.nc?.close();
      },
    );
  }

  get state(): SatelliteState {
    return this.current;
  }

  /** This desk's id, as the hub's list names it. */
  get deskId(): string {
    return this.options.identity.identity.desk;
  }

  onChange(listener: (state: SatelliteState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts joining in the background; the state says how it goes. */
  start(parts: SatelliteParts): void {
    this.running ??= this.loop(parts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.link?.close().catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    await this.running;
  }

  private set(state: SatelliteState): void {
    if (state.phase === this.current.phase && state.reason === this.current.reason) return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  private async loop(parts: SatelliteParts): Promise<void> {
    const delays = this.options.delaysMs ?? REJOIN_DELAYS_MS;
    let failures = 0;
    while (!this.closed) {
      try {
        const { code, identity } = this.options;
        let nc: NatsConnection;
        if (isSharedJoinCode(code)) {
          // An existing NATS: this desk's own credentials there; the join is signed with the code's key.
          nc = await this.dialShared(code);
          this.nc = nc;
          await this.joinShared(code);
        } else {
          // The code's key only asks to be let in; from then on this desk connects with a key of its own.
          if (!identity.admittedBy(code.hub)) await this.join(code);
          try {
            nc = await this.dial(code, identity.identity.seed, identity.identity.desk);
          } catch (error) {
            // The hub no longer knows this desk's key (its data folder was reset): join again with the code next time.
            if (reasonOf(error) === 'refused') identity.noteAdmitted(code.hub, false);
            throw error;
          }
          this.nc = nc;
        }
        // The hub's app answers, not only its server: "connected" means pop-ups will come.
        await this.store.unreadCount();
        this.link = await SatelliteLink.start({
          nc,
          store: this.store,
          bus: parts.bus,
          log: this.options.log,
          account: this.options.code.account,
          hub: this.options.code.hub,
          desk: this.options.identity.identity.desk,
          publicKey: this.options.identity.identity.publicKey,
          invitation: this.options.code.invitation,
          withdrawCustomer: parts.withdrawCustomer,
        });
        failures = 0;
        this.set({ phase: 'connected', reason: null });
        this.options.log.info('fan-out: joined the hub');
        for await (const status of nc.status()) {
          if (status.type === 'disconnect')
            this.set({ phase: 'disconnected', reason: isSharedJoinCode(code) ? 'nats-unreachable' : 'unreachable' });
          else if (status.type === 'reconnect') {
            // What waited meanwhile comes first, as one catch-up.
            void this.link?.catchUp().catch(() => undefined);
            this.set({ phase: 'connected', reason: null });
          }
        }
        // The connection ended for good (the hub refused it again, or close()).
        const ended = await nc.closed();
        if (this.closed) return;
        if (this.refused) {
          this.refused = false;
          throw Object.assign(new Error('refused by the hub'), { code: 'refused' });
        }
        throw ended ?? new Error('connection closed');
      } catch (error) {
        await this.link?.close().catch(() => undefined);
        this.link = null;
        const nc = this.nc;
        this.nc = null;
        await nc?.close().catch(() => undefined);
        if (this.closed) return;
        const reason = reasonOf(error);
        this.set({ phase: 'disconnected', reason });
        this.options.log.warn('fan-out: hub not reached', { reason, code: codeOf(error) });
        const delay = delays[Math.min(failures, delays.length - 1)]!;
        failures += 1;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          timer.unref();
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** Asks to be let in with the code's key; the hub answers once the server accepts this desk's own key. */
  private async join(code: OwnJoinCode): Promise<void> {
    const { identity } = this.options;
    const nc = await this.dial(code, code.seed, code.invitation);
    try {
      const { desk, publicKey } = identity.identity;
      const reply = await nc.request(
        subjectsOf(code.account).request(code.hub, 'join'),
        JSON.stringify({ desk, publicKey, invitation: code.invitation }),
        { timeout: REQUEST_TIMEOUT_MS },
      );
      checkJoinAnswer(reply.data);
      identity.noteAdmitted(code.hub, true);
    } finally {
      await nc.close().catch(() => undefined);
    }
  }

  /**
   * On an existing NATS every (re)start asks again, signed with this desk's key (a desk the hub let in before is
   * known by it, even after a new code) and carrying the proof that it holds the code (a new desk).
   */
  private async joinShared(code: SharedJoinCode): Promise<void> {
    const { desk, publicKey } = this.options.identity.identity;
    const proof = joinProof(code.seed, { hub: code.hub, desk, publicKey });
    try {
      await this.store.ask('join', { desk, publicKey, invitation: code.invitation, proof });
    } catch (error) {
      if ((error as Error).message === 'hub_refused') throw Object.assign(error as Error, { code: 'refused' });
      throw error;
    }
    this.options.identity.noteAdmitted(code.hub, true);
  }

  /** The code's servers, signed in with this desk's own credentials for that NATS. */
  private async dialShared(code: SharedJoinCode): Promise<NatsConnection> {
    const credentials = this.options.credentials;
    if (!credentials) throw Object.assign(new Error('no credentials'), { code: 'nats-refused' });
    try {
      return await connect({
        servers: code.servers,
        authenticator: credentials.authenticator,
        ...sharedNatsTls(code.servers),
        inboxPrefix: subjectsOf(code.account).sharedInbox(this.deskId),
        name: 'wifire-desk',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1_000,
        timeout: 5_000,
      });
    } catch (error) {
      const reason = sharedNatsReason(error);
      throw Object.assign(new Error(reason.replace('-', ' ')), { code: reason });
    }
  }

  /** The first of the code's addresses that answers with the pinned certificate, signed in with `seed`. */
  private async dial(code: OwnJoinCode, seed: string, inbox: string): Promise<NatsConnection> {
    let last: unknown = new Error('no address');
    for (const address of code.addresses) {
      // The code's addresses were checked when it was read (joinCodeSchema).
      const { host, port } = parseHostPort(address)!;
      try {
        const pem = await fetchPinnedCertificate({ host, port, pin: code.pin, timeoutMs: 5_000 });
        return await connect({
          servers: [formatHostPort(host, port)],
          tls: pinnedTlsOptions(pem, code.pin),
          authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
          inboxPrefix: subjectsOf(code.account).inbox(inbox),
          name: 'wifire-desk',
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1_000,
          timeout: 5_000,
        });
      } catch (error) {
        last = error;
        // A wrong certificate is not tried on the next address as if unreachable: it is said as it is.
        if (codeOf(error) === 'certificate-mismatch') throw error;
      }
    }
    throw last;
  }
}
