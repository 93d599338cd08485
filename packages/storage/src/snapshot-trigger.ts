/** ZooKeeper's default `snapCount`. */
export const DEFAULT_SNAP_COUNT = 100_000;
/** ZooKeeper's default `snapSizeLimitInKb` (4 GiB), in bytes. */
export const DEFAULT_SNAP_SIZE_LIMIT_BYTES = 4 * 1024 * 1024 * 1024;

export interface SnapshotTriggerOptions {
  /** Average spacing of snapshots in logged txns (zoo.cfg snapCount). */
  readonly snapCount?: number | undefined;
  /** Snapshot also once this many txn bytes were logged, randomised the same way; 0 turns it off (zoo.cfg snapSizeLimitInKb × 1024). */
  readonly snapSizeLimitBytes?: number | undefined;
  /** Uniform in [0, 1): inject a seeded source in simulations. */
  readonly random: () => number;
}

/**
 * Decides when to take a snapshot: after a random number of logged txns in
 * [snapCount/2 + 1, snapCount] (or a random number of logged bytes in [limit/2, limit]), drawn
 * again after each snapshot, as ZooKeeper does, so that the servers of an ensemble do not all
 * snapshot at the same moment.
 */
export class SnapshotTrigger {
  private readonly half: number;
  private readonly sizeLimit: number;
  private count = 0;
  private bytes = 0;
  private threshold: number;
  private sizeThreshold: number;

  constructor(private readonly options: SnapshotTriggerOptions) {
    const snapCount = options.snapCount ?? DEFAULT_SNAP_COUNT;
    if (!Number.isInteger(snapCount) || snapCount < 2) {
      throw new RangeError(`snapCount must be an integer of at least 2, got ${snapCount}`);
    }
    const sizeLimit = options.snapSizeLimitBytes ?? DEFAULT_SNAP_SIZE_LIMIT_BYTES;
    if (!Number.isSafeInteger(sizeLimit) || sizeLimit < 0) {
      throw new RangeError(`snapSizeLimitBytes must be a non-negative integer, got ${sizeLimit}`);
    }
    this.half = Math.floor(snapCount / 2);
    this.sizeLimit = sizeLimit;
    this.threshold = this.drawCount();
    this.sizeThreshold = this.drawSize();
  }

  /** The txn count at which the next snapshot is due. */
  get nextAt(): number {
    return this.threshold;
  }

  /** Counts one logged txn of `byteLength` bytes; true when a snapshot is due now (the counts then restart). */
  recordTxn(byteLength = 0): boolean {
    this.count++;
    this.bytes += byteLength;
    const bySize = this.sizeLimit > 0 && this.bytes >= this.sizeThreshold;
    if (this.count < this.threshold && !bySize) return false;
    this.count = 0;
    this.bytes = 0;
    this.threshold = this.drawCount();
    this.sizeThreshold = this.drawSize();
    return true;
  }

  private drawCount(): number {
    return this.half + 1 + Math.min(this.half - 1, Math.floor(this.options.random() * this.half));
  }

  private drawSize(): number {
    const halfSize = Math.floor(this.sizeLimit / 2);
    return halfSize + Math.floor(this.options.random() * halfSize) + 1;
  }
}
