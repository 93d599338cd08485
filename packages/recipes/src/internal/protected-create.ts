import { randomUUID } from 'node:crypto';
import { ConnectionLossError, type Data, type ZooKeeperClient } from '@zkts/client';
import { afterConnectionLoss } from './retry';

/**
 * Creates `<dir>/_c_<guid>-<name><sequence>` (Curator's "protected" mode). A create that fails
 * with a connection loss may still have been applied; the guid lets us find our node after the
 * reconnect instead of leaving an orphan that would hold the lock forever.
 */
export async function createProtectedSequential(
  zk: ZooKeeperClient,
  dir: string,
  name: string,
  data: Data | null,
  mode:
    | 'ephemeral-sequential'
    | 'persistent-sequential'
    | 'persistent-sequential-with-ttl' = 'ephemeral-sequential',
  ttl?: number,
): Promise<string> {
  const prefix = `_c_${randomUUID()}-`;
  for (;;) {
    try {
      return await zk.create(`${dir}/${prefix}${name}`, data, ttl === undefined ? { mode } : { mode, ttl });
    } catch (error) {
      if (!ConnectionLossError.isInstance(error)) throw error;
      await afterConnectionLoss(zk);
      const { children } = await zk.getChildren(dir);
      const ours = children.find((child) => child.startsWith(prefix));
      if (ours !== undefined) return `${dir}/${ours}`;
    }
  }
}
