import { type Data, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { createProtectedSequential } from '../internal/protected-create';
import { untilConnected } from '../internal/retry';
import { sortBySequence } from '../internal/sequence';
import type { Wait } from '../internal/wait';

export interface ContendOptions {
  /** The node name before the sequence: Curator's `lock-` for a mutex, `latch-` for a latch. */
  name: string;
  /** How many of the first contenders hold at once (1 for a mutex). */
  maxHolders: number;
  data: Data | null;
  /** Which children count as contenders (default: every sequential child). */
  accept?: (name: string) => boolean;
  /**
   * The contender a blocked node waits on, given the sorted contenders and its own index
   * (default: the one `maxHolders` places ahead, so each waiter watches a single node).
   */
  blocker?: (contenders: readonly string[], index: number) => string | undefined;
}

/**
 * The lock protocol shared by the mutexes, the read/write lock and leader election: create an
 * ephemeral sequential node, then until it is among the first `maxHolders`, watch only the node
 * ahead of it (no herd effect when a holder leaves). On failure or timeout our node is deleted.
 * Resolves to the path of our node, now a holder.
 */
export async function contend(
  zk: ZooKeeperClient,
  dir: string,
  options: ContendOptions,
  wait: Wait,
): Promise<string> {
  wait.check();
  await ensurePath(zk, dir);
  const ours = await createProtectedSequential(zk, dir, options.name, options.data);
  const ourName = ours.slice(dir.length + 1);
  try {
    for (;;) {
      wait.check();
      const { children } = await untilConnected(zk, () => zk.getChildren(dir));
      const contenders = sortBySequence(children, options.accept);
      const index = contenders.indexOf(ourName);
      if (index < 0)
        throw new NoNodeError(`our contender node ${ours} is gone (session expired?)`, { path: ours });
      const blocker = options.blocker
        ? options.blocker(contenders, index)
        : index < options.maxHolders
          ? undefined
          : contenders[index - options.maxHolders];
      if (blocker === undefined) return ours;
      const watched = await untilConnected(zk, () => zk.exists(`${dir}/${blocker}`, { watch: true }));
      if (watched.stat === null) continue;
      await wait.race(watched.watch);
    }
  } catch (error) {
    await deleteQuietly(zk, ours);
    throw error;
  }
}

/** Deletes a node we own, through connection losses; gone already (or session over) is fine. */
export async function deleteQuietly(zk: ZooKeeperClient, path: string): Promise<void> {
  try {
    await untilConnected(zk, () => zk.delete(path));
  } catch {
    // NoNode: already gone; a terminal session: the server removes our ephemerals itself
  }
}
