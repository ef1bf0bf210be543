// A token bucket per source, so one sender cannot flood the desk or guess the secret at speed.
export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
  /** Sources remembered at once; the least recently seen is forgotten first. */
  maxSources?: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  configure(options: RateLimitOptions): void {
    this.options = options;
  }

  /** Takes one token for `source`; false means over budget. */
  take(source: string): boolean {
    const now = this.now();
    const { ratePerSecond, burst } = this.options;
    let bucket = this.buckets.get(source);
    if (bucket) {
      this.buckets.delete(source);
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: burst, at: now };
    }
    this.buckets.set(source, bucket);
    if (this.buckets.size > (this.options.maxSources ?? 10_000)) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
