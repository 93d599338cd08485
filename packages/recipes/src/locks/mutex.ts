import type { Data, ZooKeeperClient } from '@zkts/client';
import { sessionEndSignal } from '../internal/session-end';
import { Wait, type WaitOptions } from '../internal/wait';
import { contend, deleteQuietly } from './contend';
import type { Lease } from './lease';

export interface MutexOptions {
  /** Stored in the contender node (Curator stores the host address; kazoo its identifier). */
  data?: Data;
  /**
   * Whether this Mutex object may acquire again while it holds (Curator's InterProcessMutex:
   * true) or then waits like any other contender (InterProcessSemaphoreMutex: false). Default true.
   */
  reentrant?: boolean;
}

/** The contender node name before its sequence: Curator's InterProcessMutex uses `lock-`. */
export const LOCK_NAME = 'lock-';

/**
 * A distributed mutex on a path, laid out as Curator's InterProcessMutex
 * (`<path>/_c_<guid>-lock-<sequence>`, ephemeral), so a Curator process and kazoo's Lock (with
 * `extra_lock_patterns=['-lock-']`) exclude one another with it on the same path. Each waiter
 * watches only the contender ahead of it.
 *
 * Reentrancy is per Mutex object (JavaScript has no threads to own it): acquiring again while
 * holding returns another lease on the same node, and the node goes with the last release.
 */
export class Mutex {
  private held: { path: string; count: number; signal: AbortSignal; dispose: () => void } | undefined;
  private readonly reentrant: boolean;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly options: MutexOptions = {},
  ) {
    this.reentrant = options.reentrant ?? true;
  }

  /** True while this object holds the lock (and its session has not ended). */
  get isHeld(): boolean {
    return this.held !== undefined && !this.held.signal.aborted;
  }

  /**
   * Waits for the lock. Rejects with AcquireTimeoutError after `timeout` ms, with the signal's
   * reason on abort, or with the session's error if it ends; in each case nothing is left behind.
   */
  async acquire(options: WaitOptions = {}): Promise<Lease> {
    if (this.reentrant && this.held !== undefined && !this.held.signal.aborted) {
      this.held.count += 1;
      return this.lease(this.held);
    }
    const session = sessionEndSignal(this.zk);
    try {
      const path = await contend(
        this.zk,
        this.path,
        { name: LOCK_NAME, maxHolders: 1, data: this.options.data ?? null },
        new Wait(`the lock ${this.path}`, options, this.zk.environment),
      );
      const holding = { path, count: 1, signal: session.signal, dispose: session.dispose };
      if (this.reentrant) this.held = holding;
      return this.lease(holding);
    } catch (error) {
      session.dispose();
      throw error;
    }
  }

  private lease(holding: { path: string; count: number; signal: AbortSignal; dispose: () => void }): Lease {
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      holding.count -= 1;
      if (holding.count > 0) return;
      if (this.held === holding) this.held = undefined;
      holding.dispose();
      await deleteQuietly(this.zk, holding.path);
    };
    return { path: holding.path, signal: holding.signal, release, [Symbol.asyncDispose]: release };
  }
}
