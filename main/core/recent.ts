// A bounded memory of the last keys seen, in insertion order: the oldest goes when a new one would pass the limit.

/** Remembers the last `limit` keys in insertion order. */
export class Recent<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  /** The value kept for `key`, else `make()`'s, kept from now on. */
  remember(key: string, make: () => V): V {
    const known = this.map.get(key);
    if (known !== undefined) return known;
    const made = make();
    this.set(key, made);
    return made;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}
