import type { ZooKeeperClient } from '@zkts/client';
import { sessionEndSignal } from '../internal/session-end';
import { deleteQuietly } from './contend';
import type { Lease } from './lease';

interface Holding {
  readonly path: string;
  count: number;
  readonly signal: AbortSignal;
  readonly dispose: () => void;
}

/**
 * Holds contender nodes and hands out leases on them, counting re-entries (reentrancy is per
 * lock object: JavaScript has no threads to own it). A node is deleted with the release of its
 * last lease, whatever the order of the releases. Shared by Mutex and ReadWriteLock.
 */
export class ReentrantHolder {
  private held: Holding | undefined;

  constructor(private readonly zk: ZooKeeperClient) {}

  /** True while a node is held for re-entry (and its session has not ended). */
  get isHeld(): boolean {
    return this.held !== undefined && !this.held.signal.aborted;
  }

  /** The node held for re-entry, or undefined. */
  get heldPath(): string | undefined {
    return this.isHeld ? this.held?.path : undefined;
  }

  /** Another lease on the node held now, or undefined when none is. */
  reenter(): Lease | undefined {
    if (this.held === undefined || this.held.signal.aborted) return undefined;
    this.held.count += 1;
    return this.lease(this.held);
  }

  /**
   * Contends with `take` (which resolves to our node once it holds) and holds that node; with
   * `reentrant`, later `reenter()` calls share it. Nothing is held if `take` fails.
   */
  async acquire(take: () => Promise<string>, reentrant: boolean): Promise<Lease> {
    const session = sessionEndSignal(this.zk);
    try {
      const path = await take();
      const holding: Holding = { path, count: 1, signal: session.signal, dispose: session.dispose };
      // two acquires racing on one object both contend; the first to hold is the one re-entered
      if (reentrant && !this.isHeld) this.held = holding;
      return this.lease(holding);
    } catch (error) {
      session.dispose();
      throw error;
    }
  }

  private lease(holding: Holding): Lease {
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
