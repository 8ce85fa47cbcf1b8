/**
 * Remembers recently settled things for a while (dedupe of replays, script results recorded
 * after release): bounded by age and by count, oldest dropped first. Ages are kept in a FIFO
 * array rather than by iterating the Map, whose deleted slots would make every prune rescan them.
 */
export class RecentCache<V> {
  private readonly items = new Map<string, { value: V; at: number }>();
  private order: { key: string; at: number }[] = [];
  private head = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxItems: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (now - item.at >= this.ttlMs) {
      this.items.delete(key);
      return undefined;
    }
    return item.value;
  }

  set(key: string, value: V, now: number): void {
    this.items.set(key, { value, at: now });
    this.order.push({ key, at: now });
    this.prune(now);
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  /** Drops from the old end while too many or too old; an order slot whose key was re-set later is skipped. */
  private prune(now: number): void {
    for (;;) {
      const oldest = this.order[this.head];
      if (oldest === undefined) break;
      if (this.items.size <= this.maxItems && now - oldest.at < this.ttlMs) break;
      this.head++;
      if (this.items.get(oldest.key)?.at === oldest.at) this.items.delete(oldest.key);
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
