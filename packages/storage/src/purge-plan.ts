/** ZooKeeper refuses to keep fewer than three snapshots (PurgeTxnLog's minimum). */
export const MIN_RETAIN_COUNT = 3;

export interface PurgePlan {
  /** Snapshots to delete (older than the kept ones). */
  readonly deleteSnapshots: readonly number[];
  /**
   * The zxid of the oldest kept snapshot: log segments whose entries are all at or below it are no
   * longer needed. Undefined when nothing may go (fewer snapshots than `retainCount`).
   */
  readonly oldestKeptZxid: number | undefined;
}

/** Which snapshots to drop so that the `retainCount` newest remain. */
export function planPurge(snapshotZxids: readonly number[], retainCount: number): PurgePlan {
  if (!Number.isInteger(retainCount) || retainCount < MIN_RETAIN_COUNT) {
    throw new RangeError(
      `retainCount must be an integer of at least ${MIN_RETAIN_COUNT}, got ${retainCount}`,
    );
  }
  const newestFirst = [...snapshotZxids].sort((a, b) => b - a);
  if (newestFirst.length < retainCount) return { deleteSnapshots: [], oldestKeptZxid: undefined };
  return {
    deleteSnapshots: newestFirst.slice(retainCount),
    oldestKeptZxid: newestFirst[retainCount - 1],
  };
}
