import type { ZooKeeperClient } from '@zkts/client';
import { sessionEndSignal } from '../internal/session-end';
import { Wait, type WaitOptions } from '../internal/wait';
import { contend, deleteQuietly } from './contend';
import type { Lease } from './lease';

/** Curator InterProcessReadWriteLock's node names: `_c_<guid>-__READ__<seq>`, `…-__WRIT__<seq>`. */
export const READ_NAME = '__READ__';
export const WRITE_NAME = '__WRIT__';

/**
 * A read/write lock in Curator's layout: readers and writers queue under one path in one
 * sequence. A writer holds when it is first; a reader holds when no writer is ahead of it.
 * Each waits on one node only (a writer on the contender just ahead, a reader on the
 * nearest writer ahead). Neither side is reentrant here (Curator's are, per thread).
 */
export class ReadWriteLock {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
  ) {}

  readLock(options: WaitOptions = {}): Promise<Lease> {
    return this.acquire(READ_NAME, options, (contenders, index) =>
      contenders.slice(0, index).findLast((name) => name.includes(WRITE_NAME)),
    );
  }

  writeLock(options: WaitOptions = {}): Promise<Lease> {
    return this.acquire(WRITE_NAME, options, (contenders, index) =>
      index === 0 ? undefined : contenders[index - 1],
    );
  }

  private async acquire(
    name: string,
    options: WaitOptions,
    blocker: (contenders: readonly string[], index: number) => string | undefined,
  ): Promise<Lease> {
    const session = sessionEndSignal(this.zk);
    try {
      const path = await contend(
        this.zk,
        this.path,
        {
          name,
          maxHolders: 1,
          data: null,
          accept: (child) => child.includes(READ_NAME) || child.includes(WRITE_NAME),
          blocker,
        },
        new Wait(
          `the ${name === READ_NAME ? 'read' : 'write'} lock ${this.path}`,
          options,
          this.zk.environment,
        ),
      );
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        session.dispose();
        await deleteQuietly(this.zk, path);
      };
      return { path, signal: session.signal, release, [Symbol.asyncDispose]: release };
    } catch (error) {
      session.dispose();
      throw error;
    }
  }
}
