import { type Data, NoNodeError, UnimplementedError, type ZooKeeperClient } from '@zkts/client';
import type { SharedCounter } from '../counters/atomic-value';
import { ensurePath } from '../internal/ensure-path';
import { createProtectedSequential } from '../internal/protected-create';
import { untilConnected } from '../internal/retry';
import { sessionEndSignal } from '../internal/session-end';
import { Wait, type WaitOptions } from '../internal/wait';
import { deleteQuietly } from './contend';
import type { Lease } from './lease';
import { Mutex } from './mutex';

export interface SemaphoreOptions {
  /** Stored in each lease node. */
  data?: Data;
  /**
   * Ends a lease this many ms after it was granted if it is not released by then: its node is
   * a TTL node (`persistent-sequential-with-ttl`), which the server deletes once it is older
   * than the TTL, even if the holder is hung or gone. The server must allow TTL nodes
   * (`extendedTypesEnabled`); otherwise acquire rejects with UnimplementedError.
   */
  leaseTtl?: number;
}

/**
 * A counting semaphore: at most `maxLeases` leases at once across processes. The layout is
 * Curator's InterProcessSemaphoreV2: `<path>/leases/_c_<guid>-lease-<seq>` (one per lease
 * held) and `<path>/locks`, a mutex that acquirers take in turn so that only the one at the
 * head of the line watches the leases (no herd when a lease is returned). A Curator process
 * with the same path and maxLeases shares the same budget.
 *
 * `maxLeases` is a number, or a SharedCounter (Curator's SharedCountReader form: the count in a
 * shared node, 4-byte big-endian) that anyone may change: the head of the line re-checks when
 * it changes, so raising it lets waiters in at once; lowering it takes nothing back from
 * holders, but no lease is granted until they are fewer than the new count.
 *
 * Lease nodes are ephemeral: a lease ends with its holder's session. With `leaseTtl` they are
 * TTL nodes instead (see SemaphoreOptions), and a lease then also ends when its time is up,
 * whatever the holder's state; being persistent, such a node outlives its holder's session by
 * up to the TTL (a crashed holder's lease comes back after the TTL, not at session expiry). The
 * lease's `signal` aborts at the TTL measured on the holder's clock from before the grant, so
 * the holder stops no later than the server can take the lease back (server reapers run
 * periodically: the node may live somewhat longer, never shorter).
 */
export class Semaphore {
  private readonly ttl: number | undefined;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly maxLeases: number | SharedCounter,
    private readonly options: SemaphoreOptions = {},
  ) {
    if (typeof maxLeases === 'number' && (!Number.isInteger(maxLeases) || maxLeases < 1)) {
      throw new RangeError(`maxLeases must be a positive integer, not ${maxLeases}`);
    }
    const ttl = options.leaseTtl;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > 2 ** 40 - 1)) {
      throw new RangeError(`leaseTtl must be a whole number of ms in [1, 2^40 - 1], not ${ttl}`);
    }
    this.ttl = ttl;
  }

  /** Waits for one lease (`timeout`, `signal` as for Mutex.acquire). */
  async acquire(options: WaitOptions = {}): Promise<Lease> {
    const wait = new Wait(`a lease of ${this.path}`, options, this.zk.environment);
    const leases = `${this.path}/leases`;
    // the queue lock is held only while waiting for a free lease
    const line = new Mutex(this.zk, `${this.path}/locks`, { reentrant: false });
    const turn = await line.acquire(wait.remaining());
    const session = sessionEndSignal(this.zk);
    let ours: string | undefined;
    let grantedAt = 0;
    let max: { value: number; changed: Promise<unknown> } | undefined;
    try {
      await ensurePath(this.zk, leases);
      for (;;) {
        wait.check();
        if (ours === undefined) ours = await this.createLease(leases);
        const ourName = ours.slice(leases.length + 1);
        // one watch on the count at a time: read it again only once it has changed
        if (max === undefined) {
          const read = await this.currentMax();
          read.changed.then(
            () => {
              if (max === read) max = undefined;
            },
            () => {},
          );
          max = read;
        }
        const budget = max;
        const { children, watch } = await untilConnected(this.zk, () =>
          this.zk.getChildren(leases, { watch: true }),
        );
        if (!children.includes(ourName)) {
          // a TTL node may run out while we wait in line: take a new one
          if (this.ttl === undefined) throw new Error(`our lease node ${ours} is gone (session expired?)`);
          ours = undefined;
          continue;
        }
        if (children.length > budget.value) {
          await wait.race(Promise.race([watch, budget.changed]));
          continue;
        }
        if (this.ttl === undefined) break;
        grantedAt = this.zk.environment.now(); // before the restart: the holder stops first
        if (await this.restartTtl(ours)) break;
        ours = undefined; // reaped just now: queue again
      }
    } catch (error) {
      session.dispose();
      if (ours !== undefined) await deleteQuietly(this.zk, ours);
      throw error;
    } finally {
      await turn.release();
    }
    return this.lease(ours, session, grantedAt);
  }

  /**
   * The TTL counts from the node's last change: restart it now that the lease is ours. False
   * if the node is gone (reaped while we waited).
   */
  private async restartTtl(path: string): Promise<boolean> {
    try {
      await untilConnected(this.zk, () => this.zk.setData(path, this.options.data ?? null));
      return true;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return false;
      throw error;
    }
  }

  private async createLease(leases: string): Promise<string> {
    const data = this.options.data ?? null;
    if (this.ttl === undefined) return createProtectedSequential(this.zk, leases, 'lease-', data);
    try {
      return await createProtectedSequential(
        this.zk,
        leases,
        'lease-',
        data,
        'persistent-sequential-with-ttl',
        this.ttl,
      );
    } catch (error) {
      if (UnimplementedError.isInstance(error)) {
        throw new UnimplementedError(
          `leaseTtl needs TTL nodes, which this server refuses: enable extendedTypesEnabled on it, or leave leaseTtl out`,
          { path: leases, cause: error },
        );
      }
      throw error;
    }
  }

  /** The lease budget now, and a promise that settles when it may have changed. */
  private async currentMax(): Promise<{ value: number; changed: Promise<unknown> }> {
    if (typeof this.maxLeases === 'number') return { value: this.maxLeases, changed: new Promise(() => {}) };
    return this.maxLeases.getAndWatch();
  }

  private lease(
    path: string,
    session: { signal: AbortSignal; dispose: () => void },
    grantedAt: number,
  ): Lease {
    const env = this.zk.environment;
    const lost = new AbortController();
    const onSessionEnd = () => lost.abort(session.signal.reason);
    session.signal.addEventListener('abort', onSessionEnd, { once: true });
    if (session.signal.aborted) onSessionEnd();
    const ttl = this.ttl;
    const timer =
      ttl === undefined
        ? undefined
        : env.setTimeout(
            () => lost.abort(new Error(`the lease ${path} ran out: its ttl of ${ttl} ms passed`)),
            Math.max(0, grantedAt + ttl - env.now()),
          );
    let released = false;
    void this.untilDeleted(path, () => released).then((deleted) => {
      if (deleted) lost.abort(new Error(`the lease node ${path} was deleted (reaped, or by another client)`));
    });
    const release = async () => {
      if (released) return;
      released = true;
      if (timer !== undefined) env.clearTimeout(timer);
      session.signal.removeEventListener('abort', onSessionEnd);
      session.dispose();
      await deleteQuietly(this.zk, path);
    };
    return { path, signal: lost.signal, release, [Symbol.asyncDispose]: release };
  }

  /**
   * Resolves true when `path` is deleted while `done()` is false (a reaper's pass planned before
   * our TTL restart may still delete it), false once done or when the session ends.
   */
  private async untilDeleted(path: string, done: () => boolean): Promise<boolean> {
    try {
      while (!done()) {
        const { stat, watch } = await untilConnected(this.zk, () => this.zk.exists(path, { watch: true }));
        if (stat === null) return !done();
        const event = await watch;
        if (event.type === 'deleted') return !done();
      }
    } catch {
      // the session ended: the session signal says so
    }
    return false;
  }
}
