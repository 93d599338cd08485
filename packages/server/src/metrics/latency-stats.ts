/** Request latencies in ms as ZooKeeper's `srvr`/`cons` report them: min, average, max. */
export class LatencyStats {
  min = 0;
  max = 0;
  total = 0;
  count = 0;

  record(ms: number): void {
    if (this.count === 0 || ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.total += ms;
    this.count++;
  }

  get average(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.min = 0;
    this.max = 0;
    this.total = 0;
    this.count = 0;
  }
}
