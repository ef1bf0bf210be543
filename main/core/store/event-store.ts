// The event store: customers, their events and the erasure log, all synchronous over one connection.
import type Database from 'better-sqlite3';
import type { NormalizedInsight, RatingBand } from '../normalize.js';

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

export type InsertResult =
  { duplicate: false; event: StoredEvent; customer: Customer } | { duplicate: true; id: string };

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

/** The customer row after `event`: newer non-empty contact values win, visits count distinct local days. */
function mergeCustomer(existing: CustomerRow | undefined, event: NormalizedInsight): CustomerRow {
  const c = event.customer;
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
  };
}

/** Replaces every occurrence of `from` in `text`, as plain text. */
function replaceAll(text: string, from: string, to: string): string {
  return from === '' ? text : text.split(from).join(to);
}

export class EventStore {
  private readonly statements;

  constructor(readonly db: Database.Database) {
    this.statements = {
      findDuplicate: db.prepare<[Buffer, number], { id: number }>(
        'SELECT id FROM events WHERE content_hash = ? AND received_at >= ? LIMIT 1',
      ),
      getCustomer: db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?'),
      insertCustomer: db.prepare<[CustomerRow]>(
        `INSERT INTO customers (id, name, email, phone, birthday, photo_url, cpf, rg, first_seen_at, last_seen_at,
           visit_count, last_visit_day, last_rating_band, last_rating_score, last_rating_at)
         VALUES (@id, @name, @email, @phone, @birthday, @photo_url, @cpf, @rg, @first_seen_at, @last_seen_at,
           @visit_count, @last_visit_day, @last_rating_band, @last_rating_score, @last_rating_at)`,
      ),
      updateCustomer: db.prepare<[CustomerRow]>(
        `UPDATE customers SET name = @name, email = @email, phone = @phone, birthday = @birthday,
           photo_url = @photo_url, cpf = @cpf, rg = @rg, first_seen_at = @first_seen_at, last_seen_at = @last_seen_at,
           visit_count = @visit_count, last_visit_day = @last_visit_day, last_rating_band = @last_rating_band,
           last_rating_score = @last_rating_score, last_rating_at = @last_rating_at
         WHERE id = @id`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (type, customer_id, establishment_id, establishment_name, message, data_json,
           created_at, received_at, content_hash)
         VALUES (@type, @customerId, @establishmentId, @establishmentName, @message, @dataJson,
           @createdAt, @receivedAt, @contentHash)`,
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
      setContact: db.prepare('UPDATE customers SET name = @name, email = @email, phone = @phone WHERE id = @id'),
      textsOfCustomer: db.prepare<[string], { id: number; message: string | null; data_json: string | null }>(
        'SELECT id, message, data_json FROM events WHERE customer_id = ?',
      ),
      setTexts: db.prepare<[string | null, string | null, number]>(
        'UPDATE events SET message = ?, data_json = ? WHERE id = ?',
      ),
    };
  }

  /** Stores one insight unless the same delivery was stored since `dedupeSince`; call inside a transaction. */
  insert(event: NormalizedInsight, dedupeSince: number): InsertResult {
    const s = this.statements;
    const duplicate = s.findDuplicate.get(event.contentHash, dedupeSince);
    if (duplicate) return { duplicate: true, id: String(duplicate.id) };

    const existing = s.getCustomer.get(event.customer.id);
    const customer = mergeCustomer(existing, event);
    (existing ? s.updateCustomer : s.insertCustomer).run(customer);

    const info = s.insertEvent.run({
      type: event.type,
      customerId: customer.id,
      establishmentId: event.establishment.id,
      establishmentName: event.establishment.name,
      message: event.message,
      dataJson: event.dataJson,
      createdAt: event.createdAt,
      receivedAt: event.receivedAt,
      contentHash: event.contentHash,
    });
    return {
      duplicate: false,
      customer: toCustomer(customer),
      event: {
        id: String(info.lastInsertRowid),
        type: event.type,
        customerId: customer.id,
        establishmentId: event.establishment.id,
        establishmentName: event.establishment.name,
        message: event.message,
        data: event.data,
        createdAt: event.createdAt,
        receivedAt: event.receivedAt,
        readAt: null,
      },
    };
  }

  /** Deletes the customer and every event of theirs and logs only a count and a time; call inside a transaction. */
  removeCustomer(customerId: string, now: number): Erasure {
    const s = this.statements;
    const eventsRemoved = s.deleteEventsOf.run(customerId).changes;
    s.deleteCustomer.run(customerId);
    s.insertErasure.run(now, eventsRemoved);
    return { erasedAt: now, eventsRemoved };
  }

  /**
   * Rewrites name, e-mail and phone, and every stored text of theirs that held an old value
   * (WiFire's messages say "Lincoln acaba de SE CONECTAR."); call inside a transaction.
   * Returns the old contact, or null when the customer is not known here.
   */
  updateContact(customerId: string, next: ContactUpdate): ContactUpdate | null {
    const s = this.statements;
    const existing = s.getCustomer.get(customerId);
    if (!existing) return null;
    const old: ContactUpdate = { name: existing.name, email: existing.email, phone: existing.phone };
    const merged: ContactUpdate = {
      name: next.name ?? old.name,
      email: next.email ?? old.email,
      phone: next.phone ?? old.phone,
    };
    s.setContact.run({ id: customerId, ...merged });

    const pairs: Array<[string, string]> = [];
    const push = (from: string | null, to: string | null): void => {
      if (from && to && from !== to) pairs.push([from, to]);
    };
    push(old.name, merged.name);
    push(old.email, merged.email);
    push(old.phone, merged.phone);
    const oldFirst = old.name?.split(/\s+/)[0] ?? null;
    const newFirst = merged.name?.split(/\s+/)[0] ?? null;
    push(oldFirst, newFirst);
    if (pairs.length === 0) return old;

    for (const row of s.textsOfCustomer.all(customerId)) {
      let message = row.message;
      let data = row.data_json;
      for (const [from, to] of pairs) {
        if (message !== null) message = replaceAll(message, from, to);
        // Inside JSON the values appear escaped; replace the escaped forms so the document stays valid.
        if (data !== null) data = replaceAll(data, JSON.stringify(from).slice(1, -1), JSON.stringify(to).slice(1, -1));
      }
      if (message !== row.message || data !== row.data_json) s.setTexts.run(message, data, row.id);
    }
    return old;
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
