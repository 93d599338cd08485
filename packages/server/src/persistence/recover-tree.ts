import { DataTree, type DataTreeOptions, decodeTxn, readSnapshotStream } from '@zkts/core';
import { recoverWith, type Storage } from '@zkts/storage';
import { hexId } from '../hex';
import type { Logger } from '../logger';
import type { WatchTarget } from '../pipeline/pending-write';

/**
 * Rebuilds the tree at startup: the newest valid snapshot, then every logged txn after it,
 * through the same `DataTree.apply` that live traffic uses (idempotent over a fuzzy snapshot).
 * The snapshot is parsed as it streams off the disk and read once: storage verifies it on the
 * way and fails the load at the end if it does not match, and then an older one is loaded.
 */
export async function recoverTree(
  storage: Storage,
  options: DataTreeOptions<WatchTarget>,
  logger: Logger,
  clock: () => number,
): Promise<DataTree<WatchTarget>> {
  const started = clock();
  const recovery = await recoverWith(
    storage,
    (chunks) => readSnapshotStream<WatchTarget>(chunks, options),
    (message) => logger.warn(`storage: ${message}`),
  );
  const tree = recovery.snapshot?.value ?? new DataTree<WatchTarget>(options);
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
