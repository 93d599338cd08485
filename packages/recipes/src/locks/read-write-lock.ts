import { randomUUID } from 'node:crypto';
import { type Data, NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import { untilConnected } from '../internal/retry';
import { Wait, type WaitOptions } from '../internal/wait';
import { contend } from './contend';
import type { Lease } from './lease';
import { ReentrantHolder } from './reentrant-holder';

/** Curator InterProcessReadWriteLock's node names: `_c_<guid>-__READ__<seq>`, `…-__WRIT__<seq>`. */
export const READ_NAME = '__READ__';
export const WRITE_NAME = '__WRIT__';

/**
 * A read/write lock in Curator's layout (InterProcessReadWriteLock): readers and writers queue
 * under one path in one sequence. A writer holds when it is first; a reader holds when no
 * writer is ahead of it. Each waits on one node only (a writer on the contender just ahead, a
 * reader on the nearest writer ahead).
 *
 * Reentrant as Curator's, per ReadWriteLock object (JavaScript has no threads to own a lock):
 * a holder may take the same lock again (another lease on the same node; the node goes with
 * the last release, in any order), and the write holder may take the read lock (granted at
 * once; releasing the write lock then leaves the read lock held: a downgrade, with no writer
 * let in between). Taking the write
 * lock while holding only the read lock would wait on our own read node forever (Curator's
 * does); it is refused instead.
 */
export class ReadWriteLock {
  private readonly reads: ReentrantHolder;
  private readonly writes: ReentrantHolder;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly options: { data?: Data } = {},
  ) {
    this.reads = new ReentrantHolder(zk);
    this.writes = new ReentrantHolder(zk);
  }

  get isReadHeld(): boolean {
    return this.reads.isHeld;
  }

  get isWriteHeld(): boolean {
    return this.writes.isHeld;
  }

  async readLock(options: WaitOptions = {}): Promise<Lease> {
    const again = this.reads.reenter();
    if (again) return again;
    const writeNode = this.writes.heldPath;
    if (writeNode !== undefined) return this.reads.acquire(() => this.downgradeNode(writeNode), true);
    return this.reads.acquire(
      () =>
        this.contend(READ_NAME, options, (contenders, index) =>
          contenders.slice(0, index).findLast((name) => name.includes(WRITE_NAME)),
        ),
      true,
    );
  }

  /**
   * The read node of the write holder, granted at once. It carries the write node's sequence
   * (not a new one), so it sorts level with our write node, ahead of every waiter: a writer
   * queued behind our write node keeps waiting after we release the write lock (Curator fixed
   * the same race in CURATOR-621; a fresh sequential node would let that writer in while we
   * still read).
   */
  private async downgradeNode(writeNode: string): Promise<string> {
    const sequence = writeNode.slice(-10);
    const path = `${this.path}/_c_${randomUUID()}-${READ_NAME}${sequence}`;
    await untilConnected(this.zk, () =>
      this.zk.create(path, this.options.data ?? null, { mode: 'ephemeral' }).catch((error: unknown) => {
        if (!NodeExistsError.isInstance(error)) throw error; // exists: our first try was applied
        return path;
      }),
    );
    return path;
  }

  async writeLock(options: WaitOptions = {}): Promise<Lease> {
    const again = this.writes.reenter();
    if (again) return again;
    if (this.reads.isHeld) {
      throw new Error(
        `the write lock of ${this.path} cannot be taken while this object holds its read lock (it would wait for itself): release the read lock first`,
      );
    }
    return this.writes.acquire(
      () =>
        this.contend(WRITE_NAME, options, (contenders, index) =>
          index === 0 ? undefined : contenders[index - 1],
        ),
      true,
    );
  }

  private contend(
    name: string,
    options: WaitOptions,
    blocker: (contenders: readonly string[], index: number) => string | undefined,
  ): Promise<string> {
    return contend(
      this.zk,
      this.path,
      {
        name,
        maxHolders: 1,
        data: this.options.data ?? null,
        accept: (child) => child.includes(READ_NAME) || child.includes(WRITE_NAME),
        blocker,
      },
      new Wait(
        `the ${name === READ_NAME ? 'read' : 'write'} lock ${this.path}`,
        options,
        this.zk.environment,
      ),
    );
  }
}
