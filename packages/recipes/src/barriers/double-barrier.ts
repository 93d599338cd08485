import { randomUUID } from 'node:crypto';
import { NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { Wait, type WaitOptions } from '../internal/wait';
import { deleteQuietly } from '../locks/contend';

const READY = 'ready';

/**
 * A double barrier (Curator's DistributedDoubleBarrier layout: `<path>/<member id>` ephemeral,
 * `<path>/ready` once enough have entered): `enter()` waits until `memberCount` members have
 * entered, `leave()` until all of them have left. A member whose session ends leaves with it.
 */
export class DoubleBarrier {
  private readonly ourPath: string;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly memberCount: number,
    id: string = randomUUID(),
  ) {
    this.ourPath = `${path}/${id}`;
  }

  async enter(options: WaitOptions = {}): Promise<void> {
    const wait = new Wait(`entry to ${this.path}`, options, this.zk.environment);
    await ensurePath(this.zk, this.path);
    await this.zk.create(this.ourPath, '', { mode: 'ephemeral' });
    for (;;) {
      const { children, watch } = await untilConnected(this.zk, () =>
        this.zk.getChildren(this.path, { watch: true }),
      );
      if (children.includes(READY)) return;
      if (children.length >= this.memberCount) {
        await this.zk.create(`${this.path}/${READY}`, '').catch((error: unknown) => {
          if (!NodeExistsError.isInstance(error)) throw error;
        });
        return;
      }
      await wait.race(watch);
    }
  }

  async leave(options: WaitOptions = {}): Promise<void> {
    const wait = new Wait(`exit from ${this.path}`, options, this.zk.environment);
    await deleteQuietly(this.zk, this.ourPath);
    for (;;) {
      const { children, watch } = await untilConnected(this.zk, () =>
        this.zk.getChildren(this.path, { watch: true }),
      );
      if (children.every((name) => name === READY)) {
        await deleteQuietly(this.zk, `${this.path}/${READY}`);
        return;
      }
      await wait.race(watch);
    }
  }
}
