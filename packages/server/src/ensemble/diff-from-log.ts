/** Bytes a snapshot spends per node beside its path and data (Stat, ACL reference, framing), roughly. */
const SNAPSHOT_BYTES_PER_NODE = 70;

/** What a SNAP of the tree would weigh, from its node count and its paths' and data's bytes. */
export function estimatedSnapshotBytes(tree: {
  readonly nodeCount: number;
  readonly dataSize: number;
}): number {
  return tree.dataSize + tree.nodeCount * SNAPSHOT_BYTES_PER_NODE;
}

/**
 * ZooKeeper's rule for a learner behind the leader's in-memory window: send it the txns from the
 * log (a DIFF) only while they weigh less than `snapshotSizeFactor` × the snapshot (default
 * 0.33), else a SNAP. A negative factor turns DIFFs from the log off. 100 000 small writes to a
 * small tree weigh far more than the tree: streaming them would also overflow the link's queue.
 */
export function diffFromLogWorthIt(
  logBytes: number,
  snapshotBytes: number,
  snapshotSizeFactor: number,
): boolean {
  return snapshotSizeFactor >= 0 && logBytes <= snapshotSizeFactor * snapshotBytes;
}
