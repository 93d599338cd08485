/**
 * Deadlines grouped into buckets one `interval` wide, as ZooKeeper's ExpiryQueue: a deadline is
 * rounded up to the next bucket boundary, so one timer per bucket serves every session in it
 * and a touch that stays within the same bucket costs nothing.
 */
export class ExpiryQueue<T> {
  readonly #interval: number;
  readonly #buckets = new Map<number, Set<T>>();
  readonly #expiryOf = new Map<T, number>();

  constructor(interval: number) {
    if (!Number.isInteger(interval) || interval <= 0) {
      throw new RangeError(`interval: expected a positive integer, got ${interval}`);
    }
    this.#interval = interval;
  }

  /**
   * The first boundary strictly after `time`. A deadline that falls exactly on a boundary moves
   * to the next one (as ZooKeeper's `roundToNextInterval`), so expiry is always strictly later
   * than the deadline and at most one interval after it.
   */
  roundToNextInterval(time: number): number {
    return (Math.floor(time / this.#interval) + 1) * this.#interval;
  }

  /** Puts `element` in the bucket for `now + timeout`; returns that bucket's time. */
  update(element: T, now: number, timeout: number): number {
    const expiry = this.roundToNextInterval(now + timeout);
    const previous = this.#expiryOf.get(element);
    if (previous === expiry) return expiry;
    if (previous !== undefined) this.#removeFromBucket(element, previous);
    let bucket = this.#buckets.get(expiry);
    if (!bucket) {
      bucket = new Set();
      this.#buckets.set(expiry, bucket);
    }
    bucket.add(element);
    this.#expiryOf.set(element, expiry);
    return expiry;
  }

  remove(element: T): boolean {
    const expiry = this.#expiryOf.get(element);
    if (expiry === undefined) return false;
    this.#removeFromBucket(element, expiry);
    this.#expiryOf.delete(element);
    return true;
  }

  expiryOf(element: T): number | undefined {
    return this.#expiryOf.get(element);
  }

  /** The earliest bucket time still holding elements, or undefined when empty. */
  nextExpiryTime(): number | undefined {
    let earliest: number | undefined;
    for (const time of this.#buckets.keys()) if (earliest === undefined || time < earliest) earliest = time;
    return earliest;
  }

  /**
   * Removes and returns every element whose bucket time is at or before `now`, earliest bucket
   * first and in insertion order within a bucket (so results are deterministic).
   */
  pollExpired(now: number): T[] {
    const due = [...this.#buckets.keys()].filter((time) => time <= now).sort((a, b) => a - b);
    const expired: T[] = [];
    for (const time of due) {
      for (const element of this.#buckets.get(time)!) {
        expired.push(element);
        this.#expiryOf.delete(element);
      }
      this.#buckets.delete(time);
    }
    return expired;
  }

  /** Every non-empty bucket, earliest first, for introspection (the `dump` four-letter word). */
  buckets(): Array<{ time: number; elements: T[] }> {
    return [...this.#buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([time, elements]) => ({ time, elements: [...elements] }));
  }

  get size(): number {
    return this.#expiryOf.size;
  }

  #removeFromBucket(element: T, expiry: number): void {
    const bucket = this.#buckets.get(expiry);
    if (!bucket) return;
    bucket.delete(element);
    if (bucket.size === 0) this.#buckets.delete(expiry);
  }
}
