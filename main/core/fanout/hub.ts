// The hub's side of fan-out: it publishes the outbox (pointers and tombstones) until JetStream acknowledged each,
// erases a customer's pointers from the broker's store after their erasure, answers the desks' requests from its
// store, and writes read marks where every desk sees them.
import type { NatsConnection, Msg, Subscription } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type NextMsgRequest,
  type SeqMsgRequest,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import { codeOf, StoreUnavailableError } from '../store/commit-queue.js';
import type { OutboxRow } from '../store/fanout-outbox.js';
import type { Store } from '../store/store-client.js';
import { answerRpc, RPC, type Envelope, type RpcAnswer } from './rpc.js';
import { compareEventIds } from '../../../shared/event-ids.js';
import type { Customer, StoredEvent } from '../store/event-store.js';
import { consumerName, subjectsOf, type Subjects } from './subjects.js';

const NANOS_PER_MS = 1_000_000;
const DAY_MS = 24 * 3_600_000;
/** Pointers are kept this long for desks that were away (a week off is a holiday, not a leaving). */
export const EVENT_MAX_AGE_MS = 7 * DAY_MS;
/** Tombstones outlive the pointers they follow. */
export const ERASURE_MAX_AGE_MS = 30 * DAY_MS;
/** The broker drops a message whose id it saw this recently: a re-published outbox row is not a second event. */
export const DUPLICATE_WINDOW_MS = 60 * 60_000;
/** The waits between failed publishes of the outbox (the last repeats). */
export const PUBLISH_RETRY_MS = [250, 1_000, 5_000, 15_000];
/** A desk away this long loses its place in the streams (the broker forgets its consumers). */
export const DESK_INACTIVE_MS = 30 * DAY_MS;
const BATCH = 256;
/**
 * "Done" marks wait this long to be written together: each is a commit (an fsync) on the disk the events' own commits
 * wait on. One not written before a crash only means that row is published again, and the broker drops the copy.
 */
const DONE_DELAY_MS = 250;
/**
 * Events just stored, kept in memory to answer the desks' first question about each (what to pop up) without a
 * trip to the store's worker: every desk asks within milliseconds. Dropped when read, changed, erased or aged.
 */
const RECENT_LIMIT = 2_000;
const RECENT_MS = 60_000;
/** Outbox rows handed back by the inserts, waiting to be published; past this many the store is read instead. */
const FRESH_LIMIT = 4 * BATCH;

export interface HubOptions {
  nc: NatsConnection;
  store: Store;
  bus: Bus;
  log: Logger;
  account: string;
  hub: string;
  /** A desk asked to mark events read: the same path as the hub's own panel (the bridge), which emits events-read. */
  markRead(read: { ids: string[] } | { upToId: number }): Promise<number>;
  /**
   * A desk asks to join with a code: true once the server lets its own key in; false when refused. `signer` is the
   * desk that signed the request on an existing NATS (null: unsigned or not a desk let in; undefined: own server).
   */
  admit(
    request: { desk: string; publicKey: string; invitation: string; proof?: string | undefined },
    signer: string | null | undefined,
  ): Promise<boolean>;
  /**
   * On an existing NATS, where its administrator decides who is in the account: the desk that signed a request
   * (let in, not revoked), or null. Absent on the hub's own server, whose permissions already say who may ask.
   */
  signedBy?: (msg: Msg) => string | null;
  retryMs?: readonly number[];
}

/** The streams and bucket every desk of the account uses; made (or brought to this shape) by each hub. */
export async function ensureStreams(jsm: JetStreamManager, subjects: Subjects): Promise<void> {
  const shapes = [
    { name: subjects.eventStream, subjects: [subjects.events], max_age: EVENT_MAX_AGE_MS * NANOS_PER_MS },
    { name: subjects.erasureStream, subjects: [subjects.erasures], max_age: ERASURE_MAX_AGE_MS * NANOS_PER_MS },
  ];
  for (const shape of shapes) {
    const config = { ...shape, storage: 'file', duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS } as const;
    try {
      await jsm.streams.info(shape.name);
      await jsm.streams.update(shape.name, config);
    } catch (error) {
      if (!/not found/i.test((error as Error).message)) throw error;
      await jsm.streams.add(config);
    }
  }
}

export class FanoutHub {
  private readonly subjects: Subjects;
  private readonly js: JetStreamClient;
  private draining = false;
  private again = false;
  /** The last outbox row the broker acknowledged in this run. */
  private publishedUpTo = 0;
  /**
   * The outbox rows this run's inserts handed back (each with its event), not yet published. Those that follow
   * `publishedUpTo` without a gap are published as they are, without reading them back from the store's worker: a
   * round trip that waits behind the commits under way, between every event and the other desks. Sequence numbers
   * only grow (AUTOINCREMENT, one writer), so no gap means no other row between them.
   */
  private fresh: OutboxRow[] = [];
  /**
   * The outbox may hold rows this run was not handed: an earlier run's, a tombstone, rows taken from `fresh` whose
   * publish failed. Read it until it answers nothing more.
   */
  private readStore = true;
  /** The "done" marks being committed, in order. */
  private marking: Promise<void> = Promise.resolve();
  /** Rows the broker acknowledged whose "done" mark waits for the next write. */
  private done: number[] = [];
  private doneTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly recent = new Map<string, { at: number; answer: RpcAnswer<'event'> }>();

  private constructor(
    private readonly options: HubOptions,
    private readonly jsm: JetStreamManager,
    private readonly reads: KV,
    private readonly requests: Subscription,
  ) {
    this.subjects = subjectsOf(options.account);
    this.js = jetstream(options.nc);
  }

  static async start(options: HubOptions): Promise<FanoutHub> {
    const subjects = subjectsOf(options.account);
    const jsm = await jetstreamManager(options.nc);
    await ensureStreams(jsm, subjects);
    const reads = await new Kvm(options.nc).create(subjects.readBucket, {
      history: 1,
      ttl: EVENT_MAX_AGE_MS,
    });
    // Answered in the callback: a slow store answer never holds the connection's reading.
    let hub: FanoutHub | null = null;
    const requests = options.nc.subscribe(subjects.requestsTo(options.hub), {
      callback: (error, msg) => {
        if (!error && hub) void hub.answer(msg);
      },
    });
    hub = new FanoutHub(options, jsm, reads, requests);
    hub.unsubscribe.push(
      options.bus.on('event-stored', ({ event, customer, outboxRow }) => {
        hub.remember(event, customer);
        if (outboxRow) hub.noteFresh(outboxRow);
        else hub.readStore = true;
        hub.kick();
      }),
      options.bus.on('customer-purged', ({ customerId }) => {
        hub.forgetRecent((answer) => answer.event.customerId === customerId);
        // The erasure wrote a tombstone and dropped the customer's pointers not yet published: the store says which.
        hub.fresh = [];
        hub.readStore = true;
        hub.kick();
      }),
      options.bus.on('customer-updated', ({ customerId }) =>
        hub.forgetRecent((answer) => answer.event.customerId === customerId),
      ),
      options.bus.on('events-expired', () => hub.recent.clear()),
      options.bus.on('events-read', (read) => {
        hub.forgetRecent(({ event }) =>
          read.ids
            ? read.ids.includes(event.id)
            : read.upToId === undefined || compareEventIds(event.id, read.upToId) <= 0,
        );
        void hub.noteRead(read);
      }),
    );
    hub.kick();
    return hub;
  }

  private remember(event: StoredEvent, customer: Customer | null): void {
    const now = Date.now();
    this.recent.set(event.id, { at: now, answer: { event, customer: customer && { ...customer, photoUrl: null } } });
    for (const [id, kept] of this.recent) {
      if (this.recent.size <= RECENT_LIMIT && now - kept.at < RECENT_MS) break;
      this.recent.delete(id);
    }
  }

  private forgetRecent(drop: (answer: RpcAnswer<'event'> & object) => boolean): void {
    for (const [id, kept] of this.recent) if (kept.answer && drop(kept.answer)) this.recent.delete(id);
  }

  /** A desk's question about an event just stored, answered from memory; null: ask the store. */
  private recentEvent(payload: unknown): Envelope | null {
    const parsed = RPC.event.request.safeParse(payload);
    const kept = parsed.success ? this.recent.get(parsed.data.id) : undefined;
    if (!kept || Date.now() - kept.at >= RECENT_MS) return null;
    return { ok: true, result: kept.answer, unread: this.options.store.unread };
  }

  private noteFresh(row: OutboxRow): void {
    if (this.fresh.length >= FRESH_LIMIT) {
      this.fresh = [];
      this.readStore = true;
    }
    this.fresh.push(row);
  }

  /** The next rows to publish: those handed back that follow the last one published, else what the store holds. */
  private async nextRows(): Promise<OutboxRow[]> {
    const fresh = this.fresh.filter((row) => row.seq > this.publishedUpTo);
    let n = 0;
    while (n < fresh.length && n < BATCH && fresh[n]!.seq === this.publishedUpTo + n + 1) n++;
    this.fresh = fresh.slice(n);
    if (n > 0) return fresh.slice(0, n);
    if (!this.readStore && this.fresh.length === 0) return [];
    const rows = await this.options.store.outboxPending(BATCH, this.publishedUpTo);
    this.readStore = rows.length > 0;
    return rows;
  }

  /** Something was written to the outbox (or the broker is back): publish what waits. */
  kick(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    void this.drain();
  }

  /** Rows still waiting, and failures in a row (status and tests). */
  get failing(): number {
    return this.failures;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const off of this.unsubscribe) off();
    this.requests.unsubscribe();
    // Whatever is publishing finishes or fails; the outbox keeps what was not acknowledged.
    while (this.draining) await new Promise((resolve) => setTimeout(resolve, 10));
    this.markDone();
    await this.marking;
  }

  /** Writes the waiting "done" marks in one commit, after the ones before it. */
  private markDone(): void {
    if (this.doneTimer) clearTimeout(this.doneTimer);
    this.doneTimer = null;
    if (this.done.length === 0) return;
    const seqs = this.done;
    this.done = [];
    this.marking = this.marking
      .then(() => this.options.store.outboxDone(seqs))
      .catch((error: unknown) => this.options.log.warn('fan-out outbox not marked', { code: codeOf(error) }));
  }

  /**
   * Publishes what the outbox holds past the last row the broker acknowledged in this run, then marks those rows
   * done without waiting for that commit before the next batch: at 200 events a second, one commit per batch would
   * otherwise stand between every event and the other desks. A row whose "done" did not commit is published again
   * after a restart, and the broker drops it as a duplicate (its message id).
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const rows = await this.nextRows();
          if (rows.length === 0 || this.closed) break;
          await this.publishAll(rows);
          this.publishedUpTo = rows[rows.length - 1]!.seq;
          this.done.push(...rows.map((row) => row.seq));
          if (this.done.length >= BATCH) this.markDone();
          else if (!this.doneTimer) {
            this.doneTimer = setTimeout(() => this.markDone(), DONE_DELAY_MS);
            this.doneTimer.unref();
          }
        }
      } while (this.again && !this.closed);
      this.failures = 0;
    } catch (error) {
      // The rows taken from `fresh` were not all acknowledged: the store has them.
      this.readStore = true;
      if (this.closed) return;
      const delays = this.options.retryMs ?? PUBLISH_RETRY_MS;
      const delay = delays[Math.min(this.failures, delays.length - 1)]!;
      this.failures += 1;
      this.options.log.warn('fan-out publish failed: trying again', { code: codeOf(error), retryInMs: delay });
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.kick();
      }, delay);
      this.retryTimer.unref();
    } finally {
      this.draining = false;
    }
  }

  /** Pointers go out together; a tombstone waits for the pointers before it, and the erasure of the broker's copies. */
  private async publishAll(rows: OutboxRow[]): Promise<void> {
    let run: OutboxRow[] = [];
    const flush = async (): Promise<void> => {
      await Promise.all(run.map((row) => this.publishEvent(row)));
      run = [];
    };
    for (const row of rows) {
      if (row.kind === 'event') {
        run.push(row);
        continue;
      }
      await flush();
      await this.publishErasure(row);
    }
    await flush();
  }

  private async publishEvent(row: OutboxRow): Promise<void> {
    const { hub } = this.options;
    const body = { v: 1, hub, ...(JSON.parse(row.body) as { id: string }) };
    await this.js.publish(this.subjects.event(hub, row.customerKey), JSON.stringify(body), {
      msgID: `${hub}.e.${body.id}`,
    });
  }

  /**
   * The tombstone first (every desk drops the customer), then each of their pointers deleted with erase (the bytes
   * overwritten in the broker's store), found forward by sequence. Not "last by subject": nats-server 2.9 loses a
   * subject's earlier messages once its last one is deleted, and the loop stopped after one. No purge by subject
   * either: nats-server 2.9 moves every consumer's ack floor to the stream's last message on a filtered purge (even
   * one that removes nothing), so a desk that was away never got the other customers' events waiting for it.
   * Nothing of this customer arrives meanwhile: the outbox publishes in order, and dropped their unpublished pointers.
   */
  private async publishErasure(row: OutboxRow): Promise<void> {
    const { hub } = this.options;
    const body = { v: 1, hub, ...(JSON.parse(row.body) as { customerKey: string; erasedAt: number }) };
    await this.js.publish(this.subjects.erasure(hub), JSON.stringify(body), { msgID: `${hub}.x.${row.seq}` });
    const subject = this.subjects.eventsOfCustomer(hub, body.customerKey);
    const stream = this.subjects.eventStream;
    for (let from = 1; ;) {
      // The client's type for STREAM.MSG.GET names seq or last_by_subj; the server (2.9 on) takes next_by_subj too.
      const next: NextMsgRequest & SeqMsgRequest = { seq: from, next_by_subj: subject };
      const stored = await this.jsm.streams.getMessage(stream, next);
      if (!stored) break;
      await this.jsm.streams.deleteMessage(stream, stored.seq, true);
      from = stored.seq + 1;
    }
  }

  private async answer(msg: Msg): Promise<void> {
    const name = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
    const signer = this.options.signedBy?.(msg);
    let envelope: Envelope;
    try {
      const payload: unknown = msg.data.byteLength > 0 ? JSON.parse(new TextDecoder().decode(msg.data)) : {};
      // A join proves itself (the code's signature); anything else comes from a desk let in, or is refused.
      envelope =
        signer === null && name !== 'join' ? { ok: false, error: 'refused' } : await this.run(name, payload, signer);
    } catch (error) {
      if (error instanceof SyntaxError) envelope = { ok: false, error: 'invalid' };
      else if (error instanceof StoreUnavailableError) envelope = { ok: false, error: 'unavailable' };
      else {
        this.options.log.error('fan-out request failed', { op: name.slice(0, 40), code: codeOf(error) });
        envelope = { ok: false, error: 'internal' };
      }
    }
    if (msg.reply) msg.respond(JSON.stringify(envelope));
  }

  private async run(name: string, payload: unknown, signer: string | null | undefined): Promise<Envelope> {
    if (name === 'join') {
      const parsed = RPC.join.request.safeParse(payload);
      if (!parsed.success) return { ok: false, error: 'invalid' };
      // The hub's state says whether this desk may join (and tells the server its key) before its places exist.
      if (!(await this.options.admit(parsed.data, signer))) return { ok: false, error: 'refused' };
      await this.ensurePlaces(parsed.data.desk);
      return { ok: true, result: true, unread: this.options.store.unread };
    }
    if (name === 'markRead' || name === 'markReadUpTo') {
      // Done as the hub's own panel does it (the bridge): the hub's pop-ups stop repeating, its views update.
      const parsed = RPC[name].request.safeParse(payload);
      if (!parsed.success) return { ok: false, error: 'invalid' };
      const unread = await this.options.markRead(parsed.data);
      return { ok: true, result: unread, unread };
    }
    if (name === 'event') {
      const recent = this.recentEvent(payload);
      if (recent) return recent;
    }
    return answerRpc(this.options.store, name, payload);
  }

  /**
   * A desk's durable place in each stream, made by the hub (desks may not make consumers): from now on, not the
   * history; kept while the desk is away, so it catches up when it returns; dropped after DESK_INACTIVE_MS.
   */
  private async ensurePlaces(desk: string): Promise<void> {
    const { hub } = this.options;
    const s = this.subjects;
    const places = [
      { stream: s.eventStream, name: consumerName(desk, hub, 'events'), filter: s.eventsOfHub(hub) },
      { stream: s.erasureStream, name: consumerName(desk, hub, 'erasures'), filter: s.erasure(hub) },
    ];
    for (const place of places) {
      try {
        await this.jsm.consumers.info(place.stream, place.name);
      } catch (error) {
        if (!/not found/i.test((error as Error).message)) throw error;
        await this.jsm.consumers.add(place.stream, {
          durable_name: place.name,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.New,
          filter_subject: place.filter,
          inactive_threshold: DESK_INACTIVE_MS * NANOS_PER_MS,
          max_ack_pending: 1000,
        });
      }
    }
  }

  /** A revoked desk's places go too: nothing waits for it any more. */
  async forget(desk: string): Promise<void> {
    for (const [stream, kind] of [
      [this.subjects.eventStream, 'events'],
      [this.subjects.erasureStream, 'erasures'],
    ] as const) {
      await this.jsm.consumers.delete(stream, consumerName(desk, this.options.hub, kind)).catch(() => false);
    }
  }

  /** Read on one desk, read on every desk: the marks go to the bucket every desk watches. */
  private async noteRead(read: { ids?: string[]; upToId?: string }): Promise<void> {
    const { hub } = this.options;
    try {
      if (read.upToId !== undefined) await this.reads.put(`${hub}.upto`, read.upToId);
      for (const id of read.ids ?? []) await this.reads.put(`${hub}.${id}`, '1');
    } catch (error) {
      this.options.log.warn('fan-out read mark failed', { code: codeOf(error) });
    }
  }
}
