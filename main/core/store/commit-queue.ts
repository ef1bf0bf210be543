// Group commit: writes that arrive together share one transaction (one fsync), in arrival order.
import type Database from 'better-sqlite3';

/** The store could not take the write (locked, read-only, disk full, closed): the sender should retry. */
export class StoreUnavailableError extends Error {
  constructor(readonly causeCode: string) {
    super(`event store unavailable (${causeCode})`);
    this.name = 'StoreUnavailableError';
  }
}

interface Job {
  run: () => unknown;
  /** Runs on its own, outside the shared transaction (it manages its own, or must follow a commit). */
  alone: boolean;
  /** May commit without waiting for the disk (see WriteOptions.syncLater). */
  syncLater: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The error's SQLite (or system) code, else its name: what logs and answers may say of it. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}

export interface WriteOptions {
  /**
   * Commit without waiting for the disk when nothing that must wait shares the transaction: synchronous=NORMAL
   * for that commit, so its pages reach the WAL (a killed process loses nothing) but are synced only by the next
   * commit that waits for the disk, or else a checkpoint at most SYNC_LATER_WITHIN_MS later. For records a power
   * cut may take the last second of, written after their answer went out: the delivery log. Its fsync otherwise
   * came right after every stored event's, and an event arriving meanwhile waited for it.
   */
  syncLater?: boolean;
}

/**
 * How long a syncLater commit may stay unsynced when no commit that waits for the disk follows it: then a passive
 * checkpoint syncs the WAL (and copies it into the database). Under a stream of events it never runs.
 */
export const SYNC_LATER_WITHIN_MS = 1000;

export class CommitQueue {
  private queue: Job[] = [];
  private scheduled = false;
  private closed = false;
  /** Armed by a commit that did not wait for the disk; disarmed by one that did. */
  private syncTimer: NodeJS.Timeout | null = null;

  /**
   * `onFailure` hears of every write that threw: what it, or the writes sharing its transaction, changed was maybe
   * rolled back, so what was kept in memory about those changes must be read again. `syncLaterWithinMs`: see
   * SYNC_LATER_WITHIN_MS.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly maxBatch = 512,
    private readonly onFailure: () => void = () => {},
    private readonly syncLaterWithinMs = SYNC_LATER_WITHIN_MS,
  ) {
    const level = db.pragma('synchronous', { simple: true }) as number;
    // Only ever less than the connection's own level: with synchronous=OFF or NORMAL nothing waits anyway. (Exec'd
    // each time: SQLite applies this pragma when the statement is prepared, so a prepared one set it only once.)
    this.syncLevels = level > 1 ? { later: 'PRAGMA synchronous = NORMAL', own: `PRAGMA synchronous = ${level}` } : null;
  }

  private readonly syncLevels: { later: string; own: string } | null;

  /** Runs `work` inside a transaction shared with other writes of the same tick; resolves after the commit. */
  write<T>(work: () => T, options: WriteOptions = {}): Promise<T> {
    return this.enqueue(work, false, options.syncLater === true);
  }

  /** Runs `work` alone, after everything queued before it has committed. */
  exclusive<T>(work: () => T): Promise<T> {
    return this.enqueue(work, true, false);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Stops taking writes and commits what was already accepted (closing the connection syncs the rest). */
  close(): void {
    this.closed = true;
    this.flush();
    this.disarmSync();
  }

  private enqueue<T>(run: () => T, alone: boolean, syncLater: boolean): Promise<T> {
    if (this.closed || !this.db.open) return Promise.reject(new StoreUnavailableError('closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, alone, syncLater, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      if (job.alone) {
        this.queue.shift();
        this.runAlone(job);
        continue;
      }
      let end = 1;
      while (end < this.queue.length && end < this.maxBatch && !this.queue[end]!.alone) end++;
      this.runBatch(this.queue.splice(0, end));
    }
  }

  private runAlone(job: Job): void {
    try {
      job.resolve(job.run());
    } catch (error) {
      this.onFailure();
      job.reject(this.classify(error));
    }
  }

  private runBatch(batch: Job[]): void {
    const results: unknown[] = [];
    const later = this.syncLevels !== null && batch.every((job) => job.syncLater);
    try {
      if (later) this.db.exec(this.syncLevels.later);
      this.db
        .transaction(() => {
          for (const job of batch) results.push(job.run());
        })
        .immediate();
    } catch (error) {
      this.onFailure();
      if (batch.length > 1 && !(this.classify(error) instanceof StoreUnavailableError)) {
        // One bad write must not fail its neighbours: retry each alone so only the culprit is refused.
        for (const job of batch) this.runBatch([job]);
        return;
      }
      for (const job of batch) job.reject(this.classify(error));
      return;
    } finally {
      if (later && this.db.open) this.db.exec(this.syncLevels.own);
    }
    // A commit that waited for the disk synced the WAL, with whatever syncLater commits left in it before.
    if (later) this.armSync();
    else this.disarmSync();
    batch.forEach((job, i) => job.resolve(results[i]));
  }

  private armSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.closed || !this.db.open) return;
      try {
        // Syncs the WAL before it copies pages into the database; a reader in the way only makes it copy less.
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or failing: the next commit that waits for the disk, or the OS, syncs the WAL instead.
      }
    }, this.syncLaterWithinMs);
    this.syncTimer.unref();
  }

  private disarmSync(): void {
    if (!this.syncTimer) return;
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
  }

  private classify(error: unknown): unknown {
    const code = codeOf(error);
    if (
      !this.db.open ||
      /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM|PROTOCOL|NOMEM)/.test(code)
    ) {
      return new StoreUnavailableError(code);
    }
    return error;
  }
}
