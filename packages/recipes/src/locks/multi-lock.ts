import { type Environment, systemEnvironment } from '@zkts/client';
import type { WaitOptions } from '../internal/wait';
import type { Lease } from './lease';

/** Anything with an acquire returning a Lease: Mutex, SemaphoreMutex, Semaphore. */
export interface Acquirable {
  readonly path: string;
  acquire(options?: WaitOptions): Promise<Lease>;
}

/**
 * Holds several locks as one (Curator's InterProcessMultiLock): acquires them in path order,
 * so two multi-locks over overlapping sets cannot deadlock; if one cannot be had (timeout,
 * abort, session end) the ones already held are released. The returned lease's signal aborts
 * when any of them is lost. The one `timeout` for the whole set is measured on `clock` (give it
 * the clients' `environment` when they run on a manual clock).
 */
export class MultiLock {
  private readonly locks: Acquirable[];

  constructor(
    locks: readonly Acquirable[],
    private readonly clock: Pick<Environment, 'now'> = systemEnvironment,
  ) {
    this.locks = [...locks].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async acquire(options: WaitOptions = {}): Promise<Lease> {
    const held: Lease[] = [];
    const deadline = options.timeout === undefined ? undefined : this.clock.now() + options.timeout;
    try {
      for (const lock of this.locks) {
        // one timeout for the whole set, not one per lock
        const timeout = deadline === undefined ? undefined : Math.max(0, deadline - this.clock.now());
        held.push(
          await lock.acquire({
            ...(options.signal ? { signal: options.signal } : {}),
            ...(timeout === undefined ? {} : { timeout }),
          }),
        );
      }
    } catch (error) {
      await releaseAll(held);
      throw error;
    }
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await releaseAll(held);
    };
    return {
      path: held.map((lease) => lease.path).join(','),
      signal: AbortSignal.any(held.map((lease) => lease.signal)),
      release,
      [Symbol.asyncDispose]: release,
    };
  }
}

async function releaseAll(leases: readonly Lease[]): Promise<void> {
  for (const lease of [...leases].reverse()) await lease.release();
}
