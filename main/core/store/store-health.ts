// Whether the store answers now. Between a worker that ended and its replacement (250 ms to 15 s), webhooks are
// answered 503 and WiFire sends them again: the staff see it in the header and the tray rather than only in the log.

export class StoreHealth {
  /** When the store stopped answering (epoch ms), or null while it answers. */
  restartingSince: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** The worker ended: the store is restarting from now, unless it already was. */
  lost(now = Date.now()): void {
    if (this.restartingSince !== null) return;
    this.restartingSince = now;
    this.changed();
  }

  /** A new worker opened the database: the store answers again. */
  back(): void {
    if (this.restartingSince === null) return;
    this.restartingSince = null;
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
