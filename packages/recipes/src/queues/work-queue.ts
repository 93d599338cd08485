import { type Data, NodeExistsError, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { Wait, type WaitOptions } from '../internal/wait';
import { order, QUEUE_PREFIX } from './distributed-queue';

/** An item being processed: `done()` removes it for good, `abandon()` puts it back. */
export interface WorkItem {
  readonly path: string;
  readonly data: Uint8Array;
  done(): Promise<void>;
  abandon(): Promise<void>;
}

/**
 * A work queue with at-least-once processing: items are `<path>/items/queue-<seq>`; a worker
 * claims one by creating the ephemeral `<path>/claims/<item>` and removes both in one
 * transaction when done. If the worker's session dies while processing, its claim vanishes
 * and the item is taken again by another worker: no item is lost; one is processed twice
 * only when a worker dies mid-way. Suspended, a worker keeps its claims (they live with the
 * session).
 */
export class WorkQueue {
  private readonly items: string;
  private readonly claims: string;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
  ) {
    this.items = `${path}/items`;
    this.claims = `${path}/claims`;
  }

  async put(data: Data): Promise<string> {
    await ensurePath(this.zk, this.items);
    return this.zk.create(`${this.items}/${QUEUE_PREFIX}`, data, { mode: 'persistent-sequential' });
  }

  /** Claims the oldest unclaimed item, waiting for one (`timeout`, `signal`). */
  async take(options: WaitOptions = {}): Promise<WorkItem> {
    const wait = new Wait(`an item of ${this.path}`, options, this.zk.environment);
    await ensurePath(this.zk, this.items);
    await ensurePath(this.zk, this.claims);
    for (;;) {
      wait.check();
      // watch both: a new item, or a claim released by a dead worker, can make one available
      const [{ children, watch: itemsChanged }, { children: claimed, watch: claimsChanged }] =
        await untilConnected(this.zk, () =>
          Promise.all([
            this.zk.getChildren(this.items, { watch: true }),
            this.zk.getChildren(this.claims, { watch: true }),
          ]),
        );
      const taken = new Set(claimed);
      for (const name of order(children)) {
        if (taken.has(name)) continue;
        const item = await this.claim(name);
        if (item) return item;
      }
      await wait.race(Promise.race([itemsChanged, claimsChanged]));
    }
  }

  private async claim(name: string): Promise<WorkItem | undefined> {
    const claim = `${this.claims}/${name}`;
    const path = `${this.items}/${name}`;
    try {
      await this.zk.create(claim, '', { mode: 'ephemeral' });
    } catch (error) {
      if (NodeExistsError.isInstance(error)) return undefined;
      throw error;
    }
    let data: Uint8Array;
    try {
      data = (await this.zk.getData(path)).data;
    } catch (error) {
      await this.zk.delete(claim).catch(() => {});
      if (NoNodeError.isInstance(error)) return undefined; // finished by a worker whose claim we replaced
      throw error;
    }
    return {
      path,
      data,
      done: () =>
        untilConnected(this.zk, async () => {
          if ((await this.zk.exists(path)).stat === null) return; // the first try was applied
          await this.zk.transaction().delete(path).delete(claim).commit();
        }),
      abandon: () => untilConnected(this.zk, () => this.zk.delete(claim)).catch(() => {}),
    };
  }
}
