import { NodeExistsError, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { Wait, type WaitOptions } from '../internal/wait';

/**
 * A barrier (Curator's DistributedBarrier): while the node exists, `wait()` blocks; `remove()`
 * lifts it for everyone. The node is persistent: it outlives sessions and connection losses.
 */
export class Barrier {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
  ) {}

  async set(): Promise<void> {
    const parent = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
    await ensurePath(this.zk, parent);
    await this.zk.create(this.path, '').catch((error: unknown) => {
      if (!NodeExistsError.isInstance(error)) throw error;
    });
  }

  async remove(): Promise<void> {
    await untilConnected(this.zk, () => this.zk.delete(this.path)).catch((error: unknown) => {
      if (!NoNodeError.isInstance(error)) throw error;
    });
  }

  /** Resolves once the barrier is not set (`timeout`, `signal`). */
  async wait(options: WaitOptions = {}): Promise<void> {
    const wait = new Wait(`the barrier ${this.path} to lift`, options, this.zk.environment);
    for (;;) {
      const { stat, watch } = await untilConnected(this.zk, () => this.zk.exists(this.path, { watch: true }));
      if (stat === null) return;
      await wait.race(watch);
    }
  }
}
