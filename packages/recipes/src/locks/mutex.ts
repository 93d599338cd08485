import type { Data, ZooKeeperClient } from '@zkts/client';
import { Wait, type WaitOptions } from '../internal/wait';
import { contend } from './contend';
import type { Lease } from './lease';
import { ReentrantHolder } from './reentrant-holder';

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
  private readonly holder: ReentrantHolder;
  private readonly reentrant: boolean;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly options: MutexOptions = {},
  ) {
    this.reentrant = options.reentrant ?? true;
    this.holder = new ReentrantHolder(zk);
  }

  /** True while this object holds the lock (and its session has not ended); reentrant mutexes only. */
  get isHeld(): boolean {
    return this.holder.isHeld;
  }

  /**
   * Waits for the lock. Rejects with AcquireTimeoutError after `timeout` ms, with the signal's
   * reason on abort, or with the session's error if it ends; in each case nothing is left behind.
   */
  async acquire(options: WaitOptions = {}): Promise<Lease> {
    const again = this.reentrant ? this.holder.reenter() : undefined;
    if (again) return again;
    return this.holder.acquire(
      () =>
        contend(
          this.zk,
          this.path,
          { name: LOCK_NAME, maxHolders: 1, data: this.options.data ?? null },
          new Wait(`the lock ${this.path}`, options, this.zk.environment),
        ),
      this.reentrant,
    );
  }
}
