/**
 * A clock that moves only when told, with one-shot timers and a seeded random source. It has
 * the shape of both @zkts/client's and @zkts/server's environment, so one instance drives a
 * server and its clients: `advance(sessionTimeout)` then expires a silent session with no real
 * waiting.
 */
export class ManualClock {
  private time: number;
  private nextHandle = 1;
  private sequence = 0;
  private readonly timers = new Map<number, { at: number; order: number; callback: () => void }>();
  private randomState: number;
  /** The seed of `random()`, to replay a run. */
  readonly seed: number;

  constructor(options: { startTime?: number; seed?: number } = {}) {
    // a fixed default start keeps txn times (ctime, mtime) the same from run to run
    this.time = options.startTime ?? Date.UTC(2025, 0, 1);
    this.seed = options.seed ?? 1;
    this.randomState = this.seed >>> 0;
  }

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + Math.max(0, ms), order: this.sequence++, callback });
    return handle;
  };

  clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.timers.delete(handle);
  };

  /** Uniform in [0, 1), from the seed (mulberry32). */
  random = (): number => {
    this.randomState = (this.randomState + 0x6d2b79f5) | 0;
    let t = this.randomState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** When the earliest pending timer is due, or undefined. */
  get nextTimerAt(): number | undefined {
    let earliest: number | undefined;
    for (const { at } of this.timers.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /**
   * Moves the clock `ms` forward, firing the timers that fall due in time order (ties in the
   * order they were set), and lets the event loop run after each one, so what a timer sends
   * (a ping, an expiry's closeSession) is handled before the next timer fires.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number of ms, got ${ms}`);
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.earliestDueBy(target);
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settle();
    }
    this.time = target;
    await settle();
  }

  private earliestDueBy(
    target: number,
  ): [number, { at: number; order: number; callback: () => void }] | undefined {
    let due: [number, { at: number; order: number; callback: () => void }] | undefined;
    for (const entry of this.timers) {
      const timer = entry[1];
      if (timer.at > target) continue;
      if (
        due === undefined ||
        timer.at < due[1].at ||
        (timer.at === due[1].at && timer.order < due[1].order)
      ) {
        due = entry;
      }
    }
    return due;
  }
}

/** Lets the work of a few event-loop turns run (in-process deliveries take one or two). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
