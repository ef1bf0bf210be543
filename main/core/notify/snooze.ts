// "Não perturbe": pop-ups held until an instant; the events are still stored and listed.

/** Held in memory, so a restart brings the pop-ups back rather than silencing them for good. */
export class Snooze {
  private until: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  get snoozedUntil(): number | null {
    if (this.until !== null && this.now() >= this.until) this.until = null;
    return this.until;
  }

  set(minutes: number): void {
    this.until = minutes > 0 ? this.now() + minutes * 60_000 : null;
    for (const listener of this.listeners) listener();
  }

  /** Told when the snooze is set or lifted (the catch-up summary comes when it is lifted); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
