// The delivery log's table: the last MAX_DELIVERIES webhook deliveries, written in batches off the answer's path.
import type Database from 'better-sqlite3';
import type { CommitQueue } from '../store/commit-queue.js';

/** The log keeps this many rows, newest last; older ones are deleted in the transaction that adds new ones. */
export const MAX_DELIVERIES = 500;

export interface DeliveryEntry {
  /** performance.now() when the request arrived: an LGPD request carried out after it strips the row. */
  startedAt: number;
  receivedAt: number;
  status: number;
  size: number;
  type: string | null;
  customerId: string | null;
  eventId: number | null;
  duplicate: boolean;
  replay: boolean;
  /** The minimised JSON of a valid insight, or null. */
  body: Buffer | null;
  contentHash: Buffer | null;
}

export interface DeliverySummary {
  id: number;
  receivedAt: number;
  status: number;
  size: number;
  type: string | null;
  eventId: number | null;
  duplicate: boolean;
  replay: boolean;
  replayable: boolean;
}

export interface StoredDelivery extends DeliverySummary {
  body: Buffer | null;
  contentHash: Buffer | null;
}

interface SummaryRow {
  id: number;
  received_at: number;
  status: number;
  size: number;
  type: string | null;
  event_id: number | null;
  duplicate: number;
  replay: number;
  replayable: number;
}

interface FullRow extends SummaryRow {
  body: Buffer | null;
  content_hash: Buffer | null;
}

const SUMMARY_COLUMNS = `id, received_at, status, size, type, event_id, duplicate, replay,
  (body IS NOT NULL AND content_hash IS NOT NULL) AS replayable`;

function toSummary(row: SummaryRow): DeliverySummary {
  return {
    id: row.id,
    receivedAt: row.received_at,
    status: row.status,
    size: row.size,
    type: row.type,
    eventId: row.event_id,
    duplicate: row.duplicate === 1,
    replay: row.replay === 1,
    replayable: row.replayable === 1,
  };
}

export class DeliveryLogTable {
  private readonly statements;
  private pending: DeliveryEntry[] = [];
  private flushing: Promise<void> | null = null;
  /** When the last LGPD removal or update was asked for, on the main thread's performance.now() (-∞ before any). */
  private lastLgpdAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: Database.Database,
    private readonly queue: CommitQueue,
    private readonly maxRows = MAX_DELIVERIES,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO deliveries (received_at, status, size, type, customer_id, event_id, duplicate, replay, body, content_hash)
         VALUES (@receivedAt, @status, @size, @type, @customerId, @eventId, @duplicate, @replay, @body, @contentHash)`,
      ),
      pruneUpTo: db.prepare<[number]>('DELETE FROM deliveries WHERE id <= ?'),
      page: db.prepare<[number, number], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM deliveries WHERE id < ? ORDER BY id DESC LIMIT ?`,
      ),
      one: db.prepare<[number], FullRow>(`SELECT ${SUMMARY_COLUMNS}, body, content_hash FROM deliveries WHERE id = ?`),
      deleteOf: db.prepare<[string]>('DELETE FROM deliveries WHERE customer_id = ?'),
      clearBodiesOf: db.prepare<[string]>(
        'UPDATE deliveries SET body = NULL, content_hash = NULL WHERE customer_id = ? AND body IS NOT NULL',
      ),
      deleteBefore: db.prepare<[number]>('DELETE FROM deliveries WHERE received_at < ?'),
    };
  }

  /**
   * Queues one row; every row queued in the same tick goes in one commit-queue write (one transaction, pruned
   * there). Resolves once written or dropped: a failure is handed to `onError` and never rejects.
   */
  record(entry: DeliveryEntry, onError: (error: unknown) => void): Promise<void> {
    this.pending.push(entry);
    if (this.flushing) return this.flushing;
    // Taken when the write first runs, and kept: the queue may run the same write again alone after a neighbour failed.
    let batch: DeliveryEntry[] | null = null;
    const flushing = this.queue
      // After the answers went out, and a record a power cut may take the last of: it does not wait for the disk.
      .write(() => this.writeBatch((batch ??= this.takePending())), { syncLater: true })
      .catch((error: unknown) => onError(error))
      .finally(() => {
        if (this.flushing === flushing) this.flushing = null;
      });
    this.flushing = flushing;
    return flushing;
  }

  /** Whatever is pending at this moment; entries queued later get a write of their own. */
  private takePending(): DeliveryEntry[] {
    const batch = this.pending;
    this.pending = [];
    this.flushing = null;
    return batch;
  }

  /** Inside the queue's transaction. */
  private writeBatch(batch: DeliveryEntry[]): void {
    let last = 0;
    for (const entry of batch) {
      // An LGPD request carried out while this delivery was in flight may concern it: keep nothing of the customer.
      const stale = entry.startedAt <= this.lastLgpdAt;
      const info = this.statements.insert.run({
        receivedAt: entry.receivedAt,
        status: entry.status,
        size: entry.size,
        type: entry.type,
        customerId: stale ? null : entry.customerId,
        eventId: entry.eventId,
        duplicate: entry.duplicate ? 1 : 0,
        replay: entry.replay ? 1 : 0,
        body: stale ? null : entry.body,
        contentHash: stale ? null : entry.contentHash,
      });
      last = Number(info.lastInsertRowid);
    }
    if (last > this.maxRows) this.statements.pruneUpTo.run(last - this.maxRows);
  }

  /** Newest first, `limit` rows older than `beforeId`, plus whether more exist. */
  page(limit: number, beforeId = Number.MAX_SAFE_INTEGER): { rows: DeliverySummary[]; more: boolean } {
    const rows = this.statements.page.all(beforeId, limit + 1);
    return { rows: rows.slice(0, limit).map(toSummary), more: rows.length > limit };
  }

  get(id: number): StoredDelivery | null {
    const row = this.statements.one.get(id);
    return row ? { ...toSummary(row), body: row.body, contentHash: row.content_hash } : null;
  }

  /**
   * LGPD removal: every row of the customer, body included; call inside the purge's transaction. `askedAt` is when
   * the request started, on the same clock as the entries' `startedAt` (the main thread's).
   */
  removeCustomer(customerId: string, askedAt: number): number {
    this.lastLgpdAt = Math.max(this.lastLgpdAt, askedAt);
    return this.statements.deleteOf.run(customerId).changes;
  }

  /**
   * LGPD update: the kept bodies hold the old name, e-mail and phone (and WiFire's message quoting the name);
   * rather than rewriting JSON, they are dropped, so those deliveries can no longer be replayed. Call inside
   * the update's transaction; returns how many bodies went.
   */
  clearBodiesOf(customerId: string, askedAt: number): number {
    this.lastLgpdAt = Math.max(this.lastLgpdAt, askedAt);
    return this.statements.clearBodiesOf.run(customerId).changes;
  }

  /** Retention: rows received before `cutoff`; call inside the purge's transaction. */
  deleteBefore(cutoff: number): number {
    return this.statements.deleteBefore.run(cutoff).changes;
  }
}
