// The hub's outbox: a pointer for each stored event and a tombstone for each erasure, written in the same
// transaction as the event or the erasure, and deleted once the broker acknowledged it. What WiFire was answered
// 200 for reaches the other desks even if this process dies between the commit and the publish.
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import { catalogEntry } from '../../../shared/catalog.js';
import type { StoredEvent } from './event-store.js';

export interface OutboxRow {
  seq: number;
  kind: 'event' | 'erasure';
  /** The fan-out digest of the customer (hex), or null. */
  customerKey: string | null;
  /** The message without the hub's id (added when published): JSON, no personal data. */
  body: string;
}

export class FanoutOutbox {
  private readonly key: Buffer;
  private readonly statements;

  constructor(db: Database.Database) {
    this.key = db.prepare<[], Buffer>("SELECT key FROM local_keys WHERE name = 'fanout'").pluck().get()!;
    this.statements = {
      add: db.prepare<[string, string | null, string]>(
        'INSERT INTO fanout_outbox (kind, customer_key, body) VALUES (?, ?, ?)',
      ),
      dropEventsOf: db.prepare<[string]>("DELETE FROM fanout_outbox WHERE kind = 'event' AND customer_key = ?"),
      pending: db.prepare<
        [number, number],
        { seq: number; kind: 'event' | 'erasure'; customer_key: string | null; body: string }
      >('SELECT seq, kind, customer_key, body FROM fanout_outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      done: db.prepare<[number]>('DELETE FROM fanout_outbox WHERE seq = ?'),
    };
  }

  /**
   * The digest that stands for a customer on the wire: an HMAC of WiFire's user id under this database's own
   * fan-out key (not the key of the erasure digests), 16 bytes in hex.
   */
  customerKey(customerId: string): string {
    return createHmac('sha256', this.key).update(customerId, 'utf8').digest().subarray(0, 16).toString('hex');
  }

  /** A stored event's pointer; call inside the insert's transaction. Returns the row, to publish without reading it. */
  event(event: StoredEvent): OutboxRow {
    const entry = catalogEntry(event.type);
    const customerKey = event.customerId === null ? null : this.customerKey(event.customerId);
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      category: entry.category,
      priority: entry.priority,
      establishmentId: event.establishmentId,
      createdAt: event.createdAt,
      customerKey,
    });
    const seq = Number(this.statements.add.run('event', customerKey, body).lastInsertRowid);
    return { seq, kind: 'event', customerKey, body };
  }

  /** An erasure's tombstone; the customer's pointers not yet published are dropped. Call inside its transaction. */
  erasure(customerId: string, erasedAt: number): void {
    const customerKey = this.customerKey(customerId);
    this.statements.dropEventsOf.run(customerKey);
    this.statements.add.run('erasure', customerKey, JSON.stringify({ customerKey, erasedAt }));
  }

  pending(limit: number, afterSeq = 0): OutboxRow[] {
    return this.statements.pending
      .all(afterSeq, limit)
      .map((row) => ({ seq: row.seq, kind: row.kind, customerKey: row.customer_key, body: row.body }));
  }

  done(seqs: number[]): void {
    for (const seq of seqs) this.statements.done.run(seq);
  }
}
