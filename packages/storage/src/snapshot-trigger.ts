/** ZooKeeper's default `snapCount`. */
export const DEFAULT_SNAP_COUNT = 100_000;

export interface SnapshotTriggerOptions {
  /** Average spacing of snapshots in logged txns (zoo.cfg snapCount). */
  readonly snapCount?: number;
  /** Uniform in [0, 1): inject a seeded source in simulations. */
  readonly random: () => number;
}

/**
 * Decides when to take a snapshot: after a random number of logged txns in
 * [snapCount/2 + 1, snapCount], drawn again after each snapshot, as ZooKeeper does, so that the
 * servers of an ensemble do not all snapshot at the same moment.
 */
export class SnapshotTrigger {
  private readonly half: number;
  private count = 0;
  private threshold: number;

  constructor(private readonly options: SnapshotTriggerOptions) {
    const snapCount = options.snapCount ?? DEFAULT_SNAP_COUNT;
    if (!Number.isInteger(snapCount) || snapCount < 2) {
      throw new RangeError(`snapCount must be an integer of at least 2, got ${snapCount}`);
    }
    this.half = Math.floor(snapCount / 2);
    this.threshold = this.draw();
  }

  /** The txn count at which the next snapshot is due. */
  get nextAt(): number {
    return this.threshold;
  }

  /** Counts one logged txn; true when a snapshot is due now (the count then restarts). */
  recordTxn(): boolean {
    this.count++;
    if (this.count < this.threshold) return false;
    this.count = 0;
    this.threshold = this.draw();
    return true;
  }

  private draw(): number {
    return this.half + 1 + Math.min(this.half - 1, Math.floor(this.options.random() * this.half));
  }
}
