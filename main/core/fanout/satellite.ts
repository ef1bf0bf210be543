// A satellite's link to its hub: the pointers it is sent become "event-stored" on this desk's own bus (so its own
// rules decide the pop-ups), tombstones withdraw the customer everywhere on this desk, and read marks made on any
// desk stop this desk's urgent repeats. What the hub sends is parsed first; what does not parse is dropped.
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { Kvm, type KvWatchEntry } from '@nats-io/kv';
import type { Bus } from '../bus.js';
import { Recent } from '../recent.js';
import type { Logger } from '../logger.js';
import { codeOf } from '../store/commit-queue.js';
import { eventPointerSchema, parseMessage, parseReadMark, tombstoneSchema, type EventPointer } from './messages.js';
import type { RpcAnswer } from './rpc.js';
import type { RemoteStore } from './remote-store.js';
import { consumerName, subjectsOf, type Subjects } from './subjects.js';

/** How often a connected desk tells the hub it is still there. */
export const HEARTBEAT_MS = 60_000;
/** Event ids already shown, remembered to drop a redelivery (the broker redelivers what was not acknowledged). */
const SEEN_LIMIT = 20_000;
/** Customers this desk showed, by their key on the wire, to withdraw them on a tombstone (memory only). */
const CUSTOMERS_LIMIT = 20_000;

export interface SatelliteOptions {
  nc: NatsConnection;
  store: RemoteStore;
  bus: Bus;
  log: Logger;
  account: string;
  hub: string;
  /** This desk's own id (kept in its data folder): its place in the streams. */
  desk: string;
  /** This desk's own public key, and the join code's id it came with. */
  publicKey: string;
  invitation: string;
  /** The erased customer's pop-ups, withdrawn wherever they wait. */
  withdrawCustomer(customerId: string): void;
}

/** How many pointers' details may be asked of the hub at once. */
const PIPELINE = 32;

type Fetched =
  | { kind: 'bad' }
  | { kind: 'seen' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'event'; key: string; pointer: EventPointer; answer: RpcAnswer<'event'> };

export class SatelliteLink {
  private consumer: Consumer | null = null;
  /** Messages still to come from the backlog found at the last (re)connection. */
  private missedLeft = 0;
  private readonly subjects: Subjects;
  private readonly seen = new Recent<true>(SEEN_LIMIT);
  private readonly customers = new Recent<string>(CUSTOMERS_LIMIT);
  private readonly stops: Array<() => unknown> = [];
  private closed = false;

  private constructor(private readonly options: SatelliteOptions) {
    this.subjects = subjectsOf(options.account);
  }

  /** Joins: this desk's consumers exist and are read; the read marks are watched. */
  static async start(options: SatelliteOptions): Promise<SatelliteLink> {
    const link = new SatelliteLink(options);
    await link.open();
    return link;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops.splice(0)) await stop();
  }

  private async open(): Promise<void> {
    const { nc, hub, desk, publicKey, invitation } = this.options;
    const s = this.subjects;
    // The hub makes this desk's places in the streams (a desk may only read them), again if they were dropped.
    await this.options.store.ask('join', { desk, publicKey, invitation });
    // Seen by the hub at least every minute (its panel lists when each desk was last seen).
    const heartbeat = setInterval(() => {
      this.options.store.ask('join', { desk, publicKey, invitation }).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    this.stops.push(() => clearInterval(heartbeat));
    const events = consumerName(desk, hub, 'events');
    const erasures = consumerName(desk, hub, 'erasures');
    const js = jetstream(nc);
    const tombstones = await (await js.consumers.get(s.erasureStream, erasures)).consume({ max_messages: 100 });
    this.stops.push(() => tombstones.close());
    void this.read(tombstones, (msg) => this.onTombstone(msg));
    const consumer = await js.consumers.get(s.eventStream, events);
    this.consumer = consumer;
    // What waited for this desk while it was away is the backlog: one catch-up, not a pop-up each.
    await this.catchUp();
    const pointers = await consumer.consume({ max_messages: 200 });
    this.stops.push(() => pointers.close());
    void this.readPointers(pointers);
    const reads = await new Kvm(nc).open(s.readBucket);
    const watch = await reads.watch({ key: `${hub}.>` });
    this.stops.push(() => watch.stop());
    void (async () => {
      for await (const entry of watch) this.onReadMark(entry);
    })().catch((error: unknown) => this.options.log.warn('fan-out read marks stopped', { code: codeOf(error) }));
  }

  /** One message at a time, in order; a failure of one is logged and the message left for redelivery. */
  private async read(messages: ConsumerMessages, handle: (msg: JsMsg) => Promise<void>): Promise<void> {
    try {
      for await (const msg of messages) {
        try {
          await handle(msg);
        } catch (error) {
          if (this.closed) return;
          this.options.log.warn('fan-out message not handled: redelivered later', { code: codeOf(error) });
          msg.nak(1000);
        }
      }
    } catch (error) {
      if (!this.closed) this.options.log.warn('fan-out stream stopped', { code: codeOf(error) });
    }
  }

  /**
   * After a (re)connection: the messages waiting for this desk (and those delivered but never acknowledged) are
   * what it missed, delivered first.
   */
  async catchUp(): Promise<void> {
    if (!this.consumer) return;
    const info = await this.consumer.info();
    this.missedLeft = info.num_pending + info.num_ack_pending;
  }

  /**
   * The details of several pointers are asked at once (each is a round trip to the hub), and the events are
   * shown in the order they came, each once.
   */
  private async readPointers(messages: ConsumerMessages): Promise<void> {
    let chain = Promise.resolve();
    let waiting = 0;
    try {
      for await (const msg of messages) {
        const missed = this.missedLeft > 0;
        if (missed) this.missedLeft -= 1;
        const fetched = this.fetchPointer(msg);
        waiting += 1;
        chain = chain.then(async () => {
          const found = await fetched;
          waiting -= 1;
          this.finishPointer(msg, found, missed);
        });
        if (waiting >= PIPELINE) await chain;
      }
      await chain;
    } catch (error) {
      if (!this.closed) this.options.log.warn('fan-out stream stopped', { code: codeOf(error) });
    }
  }

  /** Parses the pointer and asks the hub for its event; never throws (what went wrong is the answer). */
  private async fetchPointer(msg: JsMsg): Promise<Fetched> {
    const pointer = parseMessage(eventPointerSchema, msg.data);
    if (!pointer || pointer.hub !== this.options.hub) return { kind: 'bad' };
    const key = `${pointer.hub}.${pointer.id}`;
    if (this.seen.get(key)) return { kind: 'seen' };
    try {
      // The details come from the hub, now: an erasure since the pointer was sent answers null.
      return { kind: 'event', key, pointer, answer: await this.options.store.ask('event', { id: pointer.id }) };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }

  private finishPointer(msg: JsMsg, found: Fetched, missed: boolean): void {
    if (found.kind === 'bad') {
      this.options.log.warn('fan-out message dropped', { code: 'bad_pointer' });
      msg.term();
      return;
    }
    if (found.kind === 'failed') {
      if (this.closed) return;
      this.options.log.warn('fan-out message not handled: redelivered later', { code: codeOf(found.error) });
      msg.nak(1000);
      return;
    }
    // A copy may have been fetched beside the first (a redelivery): only the first is shown.
    if (found.kind === 'seen' || this.seen.get(found.key)) {
      msg.ack();
      return;
    }
    this.seen.set(found.key, true);
    msg.ack();
    const { answer, pointer } = found;
    if (!answer || this.closed) return;
    if (answer.event.customerId !== null && pointer.customerKey !== null) {
      this.customers.set(pointer.customerKey, answer.event.customerId);
    }
    this.options.bus.emit('event-stored', { event: answer.event, customer: answer.customer, missed });
  }

  private async onTombstone(msg: JsMsg): Promise<void> {
    const tombstone = parseMessage(tombstoneSchema, msg.data);
    if (!tombstone || tombstone.hub !== this.options.hub) {
      this.options.log.warn('fan-out message dropped', { code: 'bad_tombstone' });
      msg.term();
      return;
    }
    const customerId = this.customers.get(tombstone.customerKey);
    this.customers.delete(tombstone.customerKey);
    msg.ack();
    if (customerId === undefined) return;
    this.options.withdrawCustomer(customerId);
    this.options.bus.emit('customer-purged', {
      customerId,
      erasure: { erasedAt: tombstone.erasedAt, eventsRemoved: 0 },
    });
  }

  /** A read mark: repeats stop; one made while this desk was connected also reaches its open views. */
  private onReadMark(entry: KvWatchEntry): void {
    if (entry.operation !== 'PUT') return;
    const read = parseReadMark(entry.key, entry.string());
    if (!read) {
      this.options.log.warn('fan-out message dropped', { code: 'bad_read_mark' });
      return;
    }
    // The marks already there when the watch began are history: they stop repeats, they are not news for views.
    this.options.bus.emit('events-read', entry.isUpdate ? { ...read, remote: true } : read);
  }
}
