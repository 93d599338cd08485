import { type Data, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { sortBySequence } from '../internal/sequence';
import { Wait, type WaitOptions } from '../internal/wait';

/** Curator's DistributedQueue item prefix: `<path>/queue-<sequence>`. */
export const QUEUE_PREFIX = 'queue-';

/**
 * A FIFO queue: `put` appends a persistent sequential node, `take` removes the oldest and
 * returns its data. Consumers race by deleting: whoever deletes an item owns it, so each item
 * goes to exactly one consumer (at-most-once: a consumer that dies after the delete loses it;
 * see WorkQueue for at-least-once). Items survive connection losses and session expiries.
 *
 * With `priority`, items are ordered by priority first (lower first), then by arrival.
 */
export class DistributedQueue {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
  ) {}

  async put(data: Data, options: { priority?: number } = {}): Promise<string> {
    await ensurePath(this.zk, this.path);
    const name =
      options.priority === undefined ? QUEUE_PREFIX : `${QUEUE_PREFIX}${encodePriority(options.priority)}-`;
    return this.zk.create(`${this.path}/${name}`, data, { mode: 'persistent-sequential' });
  }

  /** Removes and returns the head, waiting for one (`timeout`, `signal`). */
  async take(options: WaitOptions = {}): Promise<Uint8Array> {
    const wait = new Wait(`an item of ${this.path}`, options, this.zk.environment);
    await ensurePath(this.zk, this.path);
    for (;;) {
      wait.check();
      const { children, watch } = await untilConnected(this.zk, () =>
        this.zk.getChildren(this.path, { watch: true }),
      );
      for (const name of order(children)) {
        const item = `${this.path}/${name}`;
        try {
          const { data } = await this.zk.getData(item);
          await this.zk.delete(item);
          return data;
        } catch (error) {
          if (!NoNodeError.isInstance(error)) throw error; // another consumer took it first
        }
      }
      if (children.length === 0) await wait.race(watch);
    }
  }

  /** The number of items waiting. */
  async size(): Promise<number> {
    try {
      return (await this.zk.getChildren(this.path)).children.filter((n) => n.startsWith(QUEUE_PREFIX)).length;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return 0;
      throw error;
    }
  }
}

/** Priorities as fixed-width text that sorts as the numbers do (offset into unsigned 32 bits). */
function encodePriority(priority: number): string {
  if (!Number.isInteger(priority) || Math.abs(priority) > 2 ** 31 - 1) {
    throw new RangeError(`priority must be a 32-bit integer, not ${priority}`);
  }
  return (priority + 2 ** 31).toString(16).padStart(8, '0');
}

/** Items by priority (when they have one), then arrival. */
export function order(children: readonly string[]): string[] {
  const byArrival = sortBySequence(children, (name) => name.startsWith(QUEUE_PREFIX));
  const priorityOf = (name: string) => {
    const rest = name.slice(QUEUE_PREFIX.length);
    return rest.length > 10 ? rest.slice(0, 8) : '';
  };
  return byArrival
    .map((name, index) => ({ name, index, priority: priorityOf(name) }))
    .sort((a, b) => (a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : a.index - b.index))
    .map((entry) => entry.name);
}
