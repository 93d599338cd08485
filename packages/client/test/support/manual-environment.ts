import type { Environment } from '../../src/index';

/**
 * A clock that moves only when told, with timers and a scripted random, so timeouts, pings
 * and reconnect order can be tested step by step.
 */
export class ManualEnvironment implements Environment {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(private readonly randoms: number[] = []) {}

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  random = (): number => this.randoms.shift() ?? 0.5;

  /** When the earliest pending timer is due, or undefined. */
  get nextTimerAt(): number | undefined {
    let earliest: number | undefined;
    for (const { at } of this.timers.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /** Moves the clock forward, firing due timers in time order (letting promises settle between). */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      }
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = target;
    await settle();
  }
}

/** Lets queued microtasks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
