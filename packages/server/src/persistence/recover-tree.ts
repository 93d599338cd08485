import { DataTree, type DataTreeOptions, decodeTxn, readSnapshot } from '@zkts/core';
import type { Storage } from '@zkts/storage';
import { hexId } from '../hex';
import type { Logger } from '../logger';
import type { WatchTarget } from '../pipeline/pending-write';

/**
 * Rebuilds the tree at startup: the newest valid snapshot, then every logged txn after it,
 * through the same `DataTree.apply` that live traffic uses (idempotent over a fuzzy snapshot).
 */
export async function recoverTree(
  storage: Storage,
  options: DataTreeOptions<WatchTarget>,
  logger: Logger,
  clock: () => number,
): Promise<DataTree<WatchTarget>> {
  const started = clock();
  const recovery = await storage.recover();
  let tree: DataTree<WatchTarget>;
  if (recovery.snapshot !== undefined) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of recovery.snapshot.chunks) chunks.push(chunk);
    tree = readSnapshot<WatchTarget>(chunks, options);
  } else {
    tree = new DataTree<WatchTarget>(options);
  }
  let replayed = 0;
  for await (const entry of recovery.entries) {
    tree.apply(decodeTxn(entry.data));
    replayed++;
  }
  if (recovery.snapshot !== undefined || replayed > 0) {
    logger.info(
      `recovered ${tree.nodeCount} znodes and ${tree.knownSessions().size} sessions to zxid ${hexId(tree.lastProcessedZxid)}` +
        ` (${recovery.snapshot ? `snapshot ${recovery.snapshot.info.name}` : 'no snapshot'}, ${replayed} txns replayed) in ${clock() - started}ms`,
    );
  }
  return tree;
}
