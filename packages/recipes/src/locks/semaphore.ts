import type { Data, ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { createProtectedSequential } from '../internal/protected-create';
import { untilConnected } from '../internal/retry';
import { sessionEndSignal } from '../internal/session-end';
import { Wait, type WaitOptions } from '../internal/wait';
import { deleteQuietly } from './contend';
import type { Lease } from './lease';
import { Mutex } from './mutex';

/**
 * A counting semaphore: at most `maxLeases` leases at once across processes. The layout is
 * Curator's InterProcessSemaphoreV2: `<path>/leases/_c_<guid>-lease-<seq>` (ephemeral, one per
 * lease held) and `<path>/locks`, a mutex that acquirers take in turn so that only the one
 * at the head of the line watches the leases (no herd when a lease is returned). A Curator
 * process with the same path and maxLeases shares the same budget.
 */
export class Semaphore {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly maxLeases: number,
    private readonly options: { data?: Data } = {},
  ) {
    if (!Number.isInteger(maxLeases) || maxLeases < 1) {
      throw new RangeError(`maxLeases must be a positive integer, not ${maxLeases}`);
    }
  }

  /** Waits for one lease (`timeout`, `signal` as for Mutex.acquire). */
  async acquire(options: WaitOptions = {}): Promise<Lease> {
    const wait = new Wait(`a lease of ${this.path}`, options, this.zk.environment);
    const leases = `${this.path}/leases`;
    // the queue lock is held only while waiting for a free lease
    const line = new Mutex(this.zk, `${this.path}/locks`, { reentrant: false });
    const turn = await line.acquire(options);
    const session = sessionEndSignal(this.zk);
    let ours: string | undefined;
    try {
      await ensurePath(this.zk, leases);
      ours = await createProtectedSequential(this.zk, leases, 'lease-', this.options.data ?? null);
      const ourName = ours.slice(leases.length + 1);
      for (;;) {
        wait.check();
        const { children, watch } = await untilConnected(this.zk, () =>
          this.zk.getChildren(leases, { watch: true }),
        );
        if (!children.includes(ourName)) throw new Error(`our lease node ${ours} is gone (session expired?)`);
        if (children.length <= this.maxLeases) break;
        await wait.race(watch);
      }
    } catch (error) {
      session.dispose();
      if (ours !== undefined) await deleteQuietly(this.zk, ours);
      throw error;
    } finally {
      await turn.release();
    }
    const path = ours;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      session.dispose();
      await deleteQuietly(this.zk, path);
    };
    return { path, signal: session.signal, release, [Symbol.asyncDispose]: release };
  }
}
