// The unread count, kept rather than counted. Counting `read_at IS NULL` walks the whole unread index: about 60 ms
// among a million unread events on a slow machine, and every LGPD removal, retention purge and "marcar como lida"
// answers with the count.

export class UnreadTally {
  private known: number | null = null;

  /** `countNow` counts in the database, as the connection sees it (inside a transaction: its changes too). */
  constructor(private readonly countNow: () => number) {}

  /** The count: from memory, or counted once when it is not known. */
  get value(): number {
    if (this.known === null) this.known = this.countNow();
    return this.known;
  }

  /** A write changed it by `delta`; when the count is not known, the next count sees the write anyway. */
  add(delta: number): void {
    if (this.known !== null) this.known += delta;
  }

  /** A write failed, maybe after its changes were rolled back: the count is no longer known. */
  forget(): void {
    this.known = null;
  }
}
