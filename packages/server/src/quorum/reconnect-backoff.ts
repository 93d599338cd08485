/**
 * Delays between connection attempts to one peer: doubling from `initialMs` up to `maxMs`,
 * each scaled by a random factor in [0.5, 1) so that members restarted together do not retry
 * in lockstep. `random` is injected (uniform in [0, 1)) so simulations replay.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number,
  ) {}

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(base * (0.5 + this.random() / 2));
  }

  /** A connection succeeded: start from `initialMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
