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
 * log (a DIFF) only while they weigh at most `snapshotSizeFactor` × the snapshot (default 0.33),
 * else a SNAP. The most log bytes worth a DIFF; −1 when DIFFs from the log are off (a negative
 * factor). 100 000 small writes to a small tree weigh far more than the tree: streaming them
 * would also overflow the link's send queue.
 */
export function logBytesWorthADiff(snapshotBytes: number, snapshotSizeFactor: number): number {
  return snapshotSizeFactor < 0 ? -1 : snapshotSizeFactor * snapshotBytes;
}
