import { NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import { untilConnected } from './retry';

/** Creates `path` and its missing ancestors as empty persistent nodes (a racing creator is fine). */
export async function ensurePath(zk: ZooKeeperClient, path: string): Promise<void> {
  if (path === '/' || (await untilConnected(zk, () => zk.exists(path))).stat !== null) return;
  let prefix = '';
  for (const part of path.split('/').slice(1)) {
    prefix += `/${part}`;
    try {
      await untilConnected(zk, () => zk.create(prefix, null));
    } catch (error) {
      if (!NodeExistsError.isInstance(error)) throw error;
    }
  }
}
