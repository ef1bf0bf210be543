// "Não perturbe": pop-ups held until an instant; the events are still stored and listed.

/** Held in memory, so a restart brings the pop-ups back rather than silencing them for good. */
export class Snooze {
  private until: number | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    /** Told when the snooze is set or lifted (the catch-up summary comes when it is lifted). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  get snoozedUntil(): number | null {
    if (this.until !== null && this.now() >= this.until) this.until = null;
    return this.until;
  }

  set(minutes: number): void {
    this.until = minutes > 0 ? this.now() + minutes * 60_000 : null;
    this.onChange();
  }
}
