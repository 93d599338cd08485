/** ZooKeeper's percentiles (AvgMinMaxPercentileCounter): mntr's p50, p95, p99, p999. */
export const QUANTILES = [
  { label: 'p50', q: 0.5 },
  { label: 'p95', q: 0.95 },
  { label: 'p99', q: 0.99 },
  { label: 'p999', q: 0.999 },
] as const;

/**
 * A distribution as ZooKeeper's summaries report it: count, sum, min, max, average, and with
 * `quantiles`, percentiles over the most recent `window` values (ZooKeeper samples a reservoir;
 * a window of recent values is deterministic and answers the same question: how slow lately).
 */
export class Summary {
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  private readonly recent: number[] = [];
  private next = 0;

  constructor(
    readonly quantiles: boolean,
    private readonly window = 1024,
  ) {}

  record(value: number): void {
    if (this.count === 0 || value < this.min) this.min = value;
    if (this.count === 0 || value > this.max) this.max = value;
    this.count++;
    this.sum += value;
    if (!this.quantiles) return;
    if (this.recent.length < this.window) this.recent.push(value);
    else this.recent[this.next] = value;
    this.next = (this.next + 1) % this.window;
  }

  get average(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** The nearest-rank quantile `q` of the recent values; 0 when none. */
  quantile(q: number): number {
    if (this.recent.length === 0) return 0;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = 0;
    this.max = 0;
    this.recent.length = 0;
    this.next = 0;
  }
}
