// What the views read: filtered feed pages with the customer's name, read marks, unread count, establishments.
import type Database from 'better-sqlite3';
import { CATALOG, EVENT_TYPES, type Category } from '../../../shared/catalog.js';
import { foldForSearch } from '../../../shared/fold-for-search.js';
import { parseCreatedAt } from '../local-time.js';
import { toEvent, type EventRow, type StoredEvent } from './event-store.js';

export interface FeedFilter {
  categories?: Category[];
  types?: string[];
  establishmentIds?: string[];
  fromDay?: string;
  toDay?: string;
  search?: string;
  unreadOnly?: boolean;
}

export interface FeedRow {
  event: StoredEvent;
  customerName: string | null;
  hasPhoto: boolean;
}

export interface FeedRowsPage {
  rows: FeedRow[];
  total: number;
  /** More (older) rows exist after this page. */
  more: boolean;
}

interface JoinedRow extends EventRow {
  customer_name: string | null;
  has_photo: number | null;
}

/** The first instant of a local day in `timeZone`, and of the day after it. */
function dayStart(day: string, timeZone: string): number | null {
  return parseCreatedAt(`${day} 00:00:00`, timeZone);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function toRow(row: JoinedRow): FeedRow {
  return { event: toEvent(row), customerName: row.customer_name, hasPhoto: row.has_photo === 1 };
}

const SELECT_JOINED = `SELECT e.id, e.type, e.customer_id, e.establishment_id, e.establishment_name, e.message, e.data_json,
  e.created_at, e.received_at, e.read_at, c.name AS customer_name, (c.photo_url IS NOT NULL) AS has_photo
  FROM events e LEFT JOIN customers c ON c.id = e.customer_id`;

export class FeedQueries {
  /** Prepared once per distinct filter shape: the desk uses a handful of them. */
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      unread: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events WHERE read_at IS NULL'),
      markIds: db.prepare<[number, string]>(
        'UPDATE events SET read_at = ? WHERE read_at IS NULL AND id IN (SELECT value FROM json_each(?))',
      ),
      markUpTo: db.prepare<[number, number]>('UPDATE events SET read_at = ? WHERE read_at IS NULL AND id <= ?'),
      customerNames: db.prepare<[], { id: string; name: string }>(
        'SELECT id, name FROM customers WHERE name IS NOT NULL',
      ),
      establishments: db.prepare<[], { id: string; name: string | null }>(
        `SELECT establishment_id AS id, establishment_name AS name FROM events
         WHERE id IN (SELECT max(id) FROM events GROUP BY establishment_id) ORDER BY establishment_name, id`,
      ),
      ofCustomer: db.prepare<[string], JoinedRow>(`${SELECT_JOINED} WHERE e.customer_id = ? ORDER BY e.id DESC`),
      one: db.prepare<[number], JoinedRow>(`${SELECT_JOINED} WHERE e.id = ?`),
    };
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /** Newest first, `limit` rows older than `beforeId`, with how many match in all. */
  page(filter: FeedFilter, timeZone: string, limit: number, beforeId?: number): FeedRowsPage {
    const where: string[] = [];
    const params: unknown[] = [];

    if (filter.categories && filter.categories.length > 0) {
      const wanted = new Set(filter.categories);
      const types = EVENT_TYPES.filter((type) => wanted.has(CATALOG[type].category));
      const clauses = [`e.type IN (SELECT value FROM json_each(?))`];
      params.push(JSON.stringify(types));
      // Types WiFire added after the catalog was written show as engagement: they belong to that filter too.
      if (wanted.has('engagement')) {
        clauses.push(`e.type NOT IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(EVENT_TYPES));
      }
      where.push(`(${clauses.join(' OR ')})`);
    }
    if (filter.types && filter.types.length > 0) {
      where.push('e.type IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.types));
    }
    if (filter.establishmentIds && filter.establishmentIds.length > 0) {
      where.push('e.establishment_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.establishmentIds));
    }
    if (filter.fromDay) {
      const from = dayStart(filter.fromDay, timeZone);
      if (from !== null) {
        where.push('e.created_at >= ?');
        params.push(from);
      }
    }
    if (filter.toDay) {
      const until = dayStart(nextDay(filter.toDay), timeZone);
      if (until !== null) {
        where.push('e.created_at < ?');
        params.push(until);
      }
    }
    if (filter.unreadOnly) where.push('e.read_at IS NULL');
    if (filter.search) {
      const needle = foldForSearch(filter.search);
      const ids = this.statements.customerNames
        .all()
        .filter((c) => foldForSearch(c.name).includes(needle))
        .map((c) => c.id);
      if (ids.length === 0) return { rows: [], total: 0, more: false };
      where.push('e.customer_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(ids));
    }

    const filterSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const total = (this.statement(`SELECT count(*) AS n FROM events e${filterSql}`).get(...params) as { n: number }).n;
    const pageWhere = [...where, 'e.id < ?'].join(' AND ');
    const rows = this.statement(`${SELECT_JOINED} WHERE ${pageWhere} ORDER BY e.id DESC LIMIT ?`).all(
      ...params,
      beforeId ?? Number.MAX_SAFE_INTEGER,
      limit + 1,
    ) as JoinedRow[];
    const more = rows.length > limit;
    return { rows: rows.slice(0, limit).map(toRow), total, more };
  }

  row(eventId: string): FeedRow | null {
    const row = this.statements.one.get(Number(eventId));
    return row ? toRow(row) : null;
  }

  ofCustomer(customerId: string): FeedRow[] {
    return this.statements.ofCustomer.all(customerId).map(toRow);
  }

  unreadCount(): number {
    return this.statements.unread.get()!.n;
  }

  /** Marks these events read; returns how many changed. */
  markRead(ids: string[], now: number): number {
    return this.statements.markIds.run(now, JSON.stringify(ids.map(Number))).changes;
  }

  markReadUpTo(upToId: number, now: number): number {
    return this.statements.markUpTo.run(now, upToId).changes;
  }

  /** Each establishment seen, with the name its latest event gave it. */
  establishments(): Array<{ id: string; name: string | null }> {
    return this.statements.establishments.all();
  }
}
