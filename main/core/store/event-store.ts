// The event store: customers, their events and the erasure log, all synchronous over one connection.
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { NormalizedInsight, RatingBand } from '../intake/normalize.js';
import { Recent } from '../recent.js';

/** The same content within this window is the same delivery; erasures and updates are remembered as long. */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StoredEvent {
  id: string;
  type: string;
  customerId: string | null;
  establishmentId: string;
  establishmentName: string | null;
  message: string | null;
  data: unknown;
  createdAt: number;
  receivedAt: number;
  readAt: number | null;
}

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  photoUrl: string | null;
  cpf: string | null;
  rg: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  visitCount: number;
  lastRatingBand: RatingBand | null;
  lastRatingScore: number | null;
  lastRatingAt: number | null;
}

export interface Erasure {
  erasedAt: number;
  eventsRemoved: number;
}

/**
 * `outdated`: the delivery predates the customer's last contact update and held values since changed; what was
 * stored carries the current ones, and the delivery's own body must not be kept anywhere.
 * `erased`: the delivery predates the customer's erasure (a retry, or a late one): nothing was stored.
 */
export type InsertResult =
  | { status: 'stored'; event: StoredEvent; customer: Customer; outdated: boolean }
  | { status: 'duplicate'; id: string }
  | { status: 'erased' };

/** What an update request did: `repeated` when the same request was carried out before (a retry: not re-applied). */
export interface ContactUpdateResult {
  known: boolean;
  repeated: boolean;
}

export interface ContactUpdate {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** An events row as SQLite returns it. */
export interface EventRow {
  id: number;
  type: string;
  customer_id: string | null;
  establishment_id: string;
  establishment_name: string | null;
  message: string | null;
  data_json: string | null;
  created_at: number;
  received_at: number;
  read_at: number | null;
}

interface CustomerRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  photo_url: string | null;
  cpf: string | null;
  rg: string | null;
  first_seen_at: number;
  last_seen_at: number;
  visit_count: number;
  last_visit_day: string | null;
  last_rating_band: RatingBand | null;
  last_rating_score: number | null;
  last_rating_at: number | null;
  contact_updated_at: number | null;
}

export function toEvent(row: EventRow): StoredEvent {
  return {
    id: String(row.id),
    type: row.type,
    customerId: row.customer_id,
    establishmentId: row.establishment_id,
    establishmentName: row.establishment_name,
    message: row.message,
    data: row.data_json === null ? null : (JSON.parse(row.data_json) as unknown),
    createdAt: row.created_at,
    receivedAt: row.received_at,
    readAt: row.read_at,
  };
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    birthday: row.birthday,
    photoUrl: row.photo_url,
    cpf: row.cpf,
    rg: row.rg,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    visitCount: row.visit_count,
    lastRatingBand: row.last_rating_band,
    lastRatingScore: row.last_rating_score,
    lastRatingAt: row.last_rating_at,
  };
}

/**
 * The customer row after `event`: newer non-empty contact values win, visits count distinct local days. An event
 * dated before the customer's last contact update brings no name, e-mail or phone: theirs are older.
 */
function mergeCustomer(existing: CustomerRow | undefined, event: NormalizedInsight): CustomerRow {
  const c = predatesUpdate(existing, event)
    ? { ...event.customer, name: null, email: null, phone: null }
    : event.customer;
  const seenAt = event.createdAt;
  const newDay = event.visitDay !== null && event.visitDay !== existing?.last_visit_day;
  const laterRating = event.rating !== null && (existing?.last_rating_at ?? -Infinity) <= seenAt;
  return {
    id: c.id,
    name: c.name ?? existing?.name ?? null,
    email: c.email ?? existing?.email ?? null,
    phone: c.phone ?? existing?.phone ?? null,
    birthday: c.birthday ?? existing?.birthday ?? null,
    photo_url: c.photoUrl ?? existing?.photo_url ?? null,
    cpf: c.cpf ?? existing?.cpf ?? null,
    rg: c.rg ?? existing?.rg ?? null,
    first_seen_at: existing ? Math.min(existing.first_seen_at, seenAt) : seenAt,
    last_seen_at: existing ? Math.max(existing.last_seen_at, seenAt) : seenAt,
    visit_count: (existing?.visit_count ?? 0) + (newDay ? 1 : 0),
    last_visit_day: newDay ? event.visitDay : (existing?.last_visit_day ?? null),
    last_rating_band: laterRating ? event.rating!.band : (existing?.last_rating_band ?? null),
    last_rating_score: laterRating ? event.rating!.score : (existing?.last_rating_score ?? null),
    last_rating_at: laterRating ? seenAt : (existing?.last_rating_at ?? null),
    contact_updated_at: existing?.contact_updated_at ?? null,
  };
}

type CustomerValues = [
  name: string | null,
  email: string | null,
  phone: string | null,
  birthday: string | null,
  photoUrl: string | null,
  cpf: string | null,
  rg: string | null,
  firstSeenAt: number,
  lastSeenAt: number,
  visitCount: number,
  lastVisitDay: string | null,
  lastRatingBand: RatingBand | null,
  lastRatingScore: number | null,
  lastRatingAt: number | null,
  id: string,
];

/** A customer row's values in the order insertCustomer and updateCustomer take them. */
function customerValues(c: CustomerRow): CustomerValues {
  return [
    c.name,
    c.email,
    c.phone,
    c.birthday,
    c.photo_url,
    c.cpf,
    c.rg,
    c.first_seen_at,
    c.last_seen_at,
    c.visit_count,
    c.last_visit_day,
    c.last_rating_band,
    c.last_rating_score,
    c.last_rating_at,
    c.id,
  ];
}

function predatesUpdate(existing: CustomerRow | undefined, event: NormalizedInsight): boolean {
  const updatedAt = existing?.contact_updated_at ?? null;
  return updatedAt !== null && event.createdAt < updatedAt;
}

/** Replaces every occurrence of `from` in `text`, as plain text. */
function replaceAll(text: string, from: string, to: string): string {
  return from === '' ? text : text.split(from).join(to);
}

/** Old → new pairs to replace in stored texts, first names too (WiFire's messages say "Lincoln acaba de…"). */
function contactChanges(from: ContactUpdate, to: ContactUpdate): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const push = (old: string | null, next: string | null): void => {
    if (old && next && old !== next) pairs.push([old, next]);
  };
  push(from.name, to.name);
  push(from.email, to.email);
  push(from.phone, to.phone);
  push(from.name?.split(/\s+/)[0] ?? null, to.name?.split(/\s+/)[0] ?? null);
  return pairs;
}

/** A message and data_of_type with every old value replaced; inside JSON the escaped forms, so it stays valid. */
function rewriteTexts(
  message: string | null,
  dataJson: string | null,
  pairs: ReadonlyArray<[string, string]>,
): { message: string | null; dataJson: string | null } {
  for (const [from, to] of pairs) {
    if (message !== null) message = replaceAll(message, from, to);
    if (dataJson !== null)
      dataJson = replaceAll(dataJson, JSON.stringify(from).slice(1, -1), JSON.stringify(to).slice(1, -1));
  }
  return { message, dataJson };
}

/** Whether an event dated before an update carried any contact value other than the current one. */
function differsFromCurrent(event: NormalizedInsight, current: CustomerRow): boolean {
  const c = event.customer;
  return (
    (c.name !== null && c.name !== current.name) ||
    (c.email !== null && c.email !== current.email) ||
    (c.phone !== null && c.phone !== current.phone)
  );
}

/** How many customers' digests EventStore keeps at hand: a day's regulars, about 100 KB at most. */
const RECENT_CUSTOMER_KEYS = 1024;

export class EventStore {
  private readonly statements;
  /** The key of the customer digests kept after an erasure: it never leaves the database. */
  private readonly customerKeySecret: Buffer;
  /**
   * The digests of the customers seen last, by WiFire's user id: every stored event asks for its customer's (is it
   * erased?), and a regular's next events then cost no HMAC. In memory only; an erasure forgets its customer's.
   */
  private readonly recentKeys = new Recent<Buffer>(RECENT_CUSTOMER_KEYS);

  constructor(readonly db: Database.Database) {
    this.customerKeySecret = db
      .prepare<[], Buffer>("SELECT key FROM local_keys WHERE name = 'customer'")
      .pluck()
      .get()!;
    this.statements = {
      findDuplicate: db.prepare<[Buffer, number], { id: number }>(
        'SELECT id FROM events WHERE content_hash = ? AND received_at >= ? LIMIT 1',
      ),
      getCustomer: db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?'),
      // Positional parameters, in customerValues' order: binding by name looks each one up on the object.
      insertCustomer: db.prepare<CustomerValues>(
        `INSERT INTO customers (name, email, phone, birthday, photo_url, cpf, rg, first_seen_at, last_seen_at,
           visit_count, last_visit_day, last_rating_band, last_rating_score, last_rating_at, id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateCustomer: db.prepare<CustomerValues>(
        `UPDATE customers SET name = ?, email = ?, phone = ?, birthday = ?, photo_url = ?, cpf = ?, rg = ?,
           first_seen_at = ?, last_seen_at = ?, visit_count = ?, last_visit_day = ?, last_rating_band = ?,
           last_rating_score = ?, last_rating_at = ?
         WHERE id = ?`,
      ),
      insertEvent: db.prepare<
        [string, string, string, string | null, string | null, string | null, number, number, Buffer]
      >(
        `INSERT INTO events (type, customer_id, establishment_id, establishment_name, message, data_json,
           created_at, received_at, content_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getEvent: db.prepare<[number], EventRow>('SELECT * FROM events WHERE id = ?'),
      listEvents: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE id < ? ORDER BY id DESC LIMIT ?'),
      eventsOfCustomer: db.prepare<[string], EventRow>('SELECT * FROM events WHERE customer_id = ? ORDER BY id DESC'),
      countEvents: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
      deleteEventsOf: db.prepare<[string]>('DELETE FROM events WHERE customer_id = ?'),
      deleteCustomer: db.prepare<[string]>('DELETE FROM customers WHERE id = ?'),
      insertErasure: db.prepare<[number, number]>('INSERT INTO erasures (erased_at, events_removed) VALUES (?, ?)'),
      listErasures: db.prepare<[], { erased_at: number; events_removed: number }>(
        'SELECT erased_at, events_removed FROM erasures ORDER BY id',
      ),
      setContact: db.prepare(
        `UPDATE customers SET name = @name, email = @email, phone = @phone, contact_updated_at = @updatedAt
         WHERE id = @id`,
      ),
      markErased: db.prepare<[Buffer, number]>(
        'INSERT OR REPLACE INTO erased_customers (customer_key, erased_at) VALUES (?, ?)',
      ),
      erasedSince: db
        .prepare<[Buffer, number], number>(
          'SELECT erased_at FROM erased_customers WHERE customer_key = ? AND erased_at >= ?',
        )
        .pluck(),
      updateSeen: db
        .prepare<[Buffer, number], number>('SELECT 1 FROM lgpd_updates WHERE digest = ? AND applied_at >= ?')
        .pluck(),
      markUpdate: db.prepare<[Buffer, number]>(
        'INSERT OR REPLACE INTO lgpd_updates (digest, applied_at) VALUES (?, ?)',
      ),
      forgetErasedBefore: db.prepare<[number]>('DELETE FROM erased_customers WHERE erased_at < ?'),
      forgetUpdatesBefore: db.prepare<[number]>('DELETE FROM lgpd_updates WHERE applied_at < ?'),
      textsOfCustomer: db.prepare<[string], { id: number; message: string | null; data_json: string | null }>(
        'SELECT id, message, data_json FROM events WHERE customer_id = ?',
      ),
      setTexts: db.prepare<[string | null, string | null, number]>(
        'UPDATE events SET message = ?, data_json = ? WHERE id = ?',
      ),
    };
  }

  /**
   * A keyed digest of WiFire's user id (HMAC-SHA256 under a key kept only in this database, 16 bytes): what is
   * remembered of a customer after their erasure, never the id in clear.
   */
  customerKey(customerId: string): Buffer {
    return this.recentKeys.remember(customerId, () =>
      createHmac('sha256', this.customerKeySecret).update(customerId, 'utf8').digest().subarray(0, 16),
    );
  }

  /**
   * Stores one insight unless the same delivery was stored since `dedupeSince`, or its customer was erased after
   * it was dated (an erasure remembered since `dedupeSince`); call inside a transaction.
   */
  insert(event: NormalizedInsight, dedupeSince: number): InsertResult {
    const s = this.statements;
    const erasedAt = s.erasedSince.get(this.customerKey(event.customer.id), dedupeSince);
    if (erasedAt !== undefined && event.createdAt < erasedAt) return { status: 'erased' };
    const duplicate = s.findDuplicate.get(event.contentHash, dedupeSince);
    if (duplicate) return { status: 'duplicate', id: String(duplicate.id) };

    const existing = s.getCustomer.get(event.customer.id);
    const customer = mergeCustomer(existing, event);
    (existing ? s.updateCustomer : s.insertCustomer).run(...customerValues(customer));

    // Dated before the customer's last update: WiFire's texts may quote the old name; they are stored with the new.
    const outdated = existing !== undefined && predatesUpdate(existing, event) && differsFromCurrent(event, existing);
    const texts = outdated
      ? rewriteTexts(event.message, event.dataJson, contactChanges(event.customer, customer))
      : { message: event.message, dataJson: event.dataJson };

    const info = s.insertEvent.run(
      event.type,
      customer.id,
      event.establishment.id,
      event.establishment.name,
      texts.message,
      texts.dataJson,
      event.createdAt,
      event.receivedAt,
      event.contentHash,
    );
    return {
      status: 'stored',
      outdated,
      customer: toCustomer(customer),
      event: {
        id: String(info.lastInsertRowid),
        type: event.type,
        customerId: customer.id,
        establishmentId: event.establishment.id,
        establishmentName: event.establishment.name,
        message: texts.message,
        data: texts.dataJson === event.dataJson ? event.data : (JSON.parse(texts.dataJson!) as unknown),
        createdAt: event.createdAt,
        receivedAt: event.receivedAt,
        readAt: null,
      },
    };
  }

  /**
   * Deletes the customer and every event of theirs, logs only a count and a time, and remembers a keyed digest of
   * the customer with the time, so a retry of an older delivery is not stored again; call inside a transaction.
   */
  removeCustomer(customerId: string, now: number): Erasure {
    const s = this.statements;
    const eventsRemoved = s.deleteEventsOf.run(customerId).changes;
    s.deleteCustomer.run(customerId);
    s.insertErasure.run(now, eventsRemoved);
    s.markErased.run(this.customerKey(customerId), now);
    this.recentKeys.delete(customerId);
    return { erasedAt: now, eventsRemoved };
  }

  /**
   * Rewrites name, e-mail and phone, and every stored text of theirs that held an old value
   * (WiFire's messages say "Lincoln acaba de SE CONECTAR."), and notes when, so that an event dated before it
   * cannot bring an old value back. The same request seen since `dedupeSince` is not applied again: a late
   * retry of an older update would undo a newer one. Call inside a transaction.
   */
  updateContact(customerId: string, next: ContactUpdate, now: number, dedupeSince: number): ContactUpdateResult {
    const s = this.statements;
    const digest = createHmac('sha256', this.customerKeySecret)
      .update(JSON.stringify([customerId, next.name, next.email, next.phone]), 'utf8')
      .digest()
      .subarray(0, 16);
    const repeated = s.updateSeen.get(digest, dedupeSince) !== undefined;
    s.markUpdate.run(digest, now);
    const existing = s.getCustomer.get(customerId);
    if (!existing || repeated) return { known: existing !== undefined, repeated };
    const old: ContactUpdate = { name: existing.name, email: existing.email, phone: existing.phone };
    const merged: ContactUpdate = {
      name: next.name ?? old.name,
      email: next.email ?? old.email,
      phone: next.phone ?? old.phone,
    };
    s.setContact.run({ id: customerId, ...merged, updatedAt: now });

    const pairs = contactChanges(old, merged);
    if (pairs.length === 0) return { known: true, repeated };
    for (const row of s.textsOfCustomer.all(customerId)) {
      const texts = rewriteTexts(row.message, row.data_json, pairs);
      if (texts.message !== row.message || texts.dataJson !== row.data_json) {
        s.setTexts.run(texts.message, texts.dataJson, row.id);
      }
    }
    return { known: true, repeated };
  }

  /** Forgets erasures and update requests older than `cutoff`: past the dedupe window no retry is expected. */
  forgetMarksBefore(cutoff: number): void {
    this.statements.forgetErasedBefore.run(cutoff);
    this.statements.forgetUpdatesBefore.run(cutoff);
  }

  getEvent(id: string): StoredEvent | null {
    const row = this.statements.getEvent.get(Number(id));
    return row ? toEvent(row) : null;
  }

  /** Newest first; pass the last id of a page as `beforeId` for the next one. */
  listEvents(limit = 50, beforeId = Number.MAX_SAFE_INTEGER): StoredEvent[] {
    return this.statements.listEvents.all(beforeId, limit).map(toEvent);
  }

  eventsOfCustomer(customerId: string): StoredEvent[] {
    return this.statements.eventsOfCustomer.all(customerId).map(toEvent);
  }

  getCustomer(id: string): Customer | null {
    const row = this.statements.getCustomer.get(id);
    return row ? toCustomer(row) : null;
  }

  countEvents(): number {
    return this.statements.countEvents.get()!.n;
  }

  listErasures(): Erasure[] {
    return this.statements.listErasures.all().map((r) => ({ erasedAt: r.erased_at, eventsRemoved: r.events_removed }));
  }
}
