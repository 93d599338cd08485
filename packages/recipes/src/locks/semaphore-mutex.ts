import type { Data, ZooKeeperClient } from '@zkts/client';
import type { WaitOptions } from '../internal/wait';
import type { Lease } from './lease';
import { Semaphore } from './semaphore';

/**
 * A mutex that is not reentrant, as Curator's InterProcessSemaphoreMutex: a semaphore of one
 * lease, with its layout (`<path>/leases`, `<path>/locks`). Acquiring again while holding waits
 * for the release like any other contender.
 */
export class SemaphoreMutex {
  private readonly semaphore: Semaphore;

  constructor(
    zk: ZooKeeperClient,
    readonly path: string,
    options: { data?: Data } = {},
  ) {
    this.semaphore = new Semaphore(zk, path, 1, options);
  }

  acquire(options: WaitOptions = {}): Promise<Lease> {
    return this.semaphore.acquire(options);
  }
}
