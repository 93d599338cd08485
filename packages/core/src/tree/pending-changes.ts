import type { ACL } from '../types';

/**
 * What prep believes about one path once every prepared-but-not-yet-applied txn is taken into
 * account (ZooKeeper's ChangeRecord). `exists: false` marks a pending delete. A class, so every
 * record has one shape (prep is on the write hot path).
 */
export class NodeRecord {
  constructor(
    /** zxid of the txn that produced this record; −1 when read from the tree. */
    public zxid: number,
    public path: string,
    public exists: boolean,
    public version: number,
    /** Persisted cversion (counts child creations); the sequence suffix comes from it. */
    public cversion: number,
    public aversion: number,
    public owner: bigint,
    public childCount: number,
    public dataLength: number,
    public acl: readonly ACL[],
  ) {}

  /** A copy stamped with the zxid of the txn that changes it. */
  derive(zxid: number): NodeRecord {
    return new NodeRecord(
      zxid,
      this.path,
      this.exists,
      this.version,
      this.cversion,
      this.aversion,
      this.owner,
      this.childCount,
      this.dataLength,
      this.acl,
    );
  }
}

/**
 * Records of prepared txns, keyed by path, dropped as their txns are applied. Prep reads a path's
 * newest record before falling back to the tree, which is what lets the server pipeline writes
 * (create /a then create /a/b; setData version 0 then 1) before any of them is applied.
 *
 * Applying does not touch the path map: a record is live while its zxid is above the applied
 * watermark, and stale entries are swept in bulk once they outnumber the live ones. That keeps the
 * write hot path free of Map deletions (which V8 pays for with rehashing). It relies on what the
 * pipeline guarantees anyway: every prepared zxid is above every applied one.
 */
export class PendingChanges {
  private readonly byPath = new Map<string, NodeRecord>();
  private readonly queue: Array<NodeRecord | undefined> = [];
  private head = 0;
  private tail = 0;
  /** Records with zxid ≤ appliedZxid are dead. */
  private appliedZxid = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.tail - this.head;
  }

  get(path: string): NodeRecord | undefined {
    const record = this.byPath.get(path);
    return record !== undefined && record.zxid > this.appliedZxid ? record : undefined;
  }

  add(record: NodeRecord): void {
    this.queue[this.tail++] = record;
    this.byPath.set(record.path, record);
  }

  /** Forgets every record of a txn with zxid ≤ `zxid` (called when that txn is applied). */
  applied(zxid: number): void {
    if (zxid > this.appliedZxid) this.appliedZxid = zxid;
    if (this.head === this.tail) return;
    const queue = this.queue;
    while (this.head < this.tail && (queue[this.head] as NodeRecord).zxid <= zxid)
      queue[this.head++] = undefined;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
    if (this.byPath.size > 1024 && this.byPath.size > 2 * this.size) this.sweep();
  }

  private sweep(): void {
    for (const [path, record] of this.byPath) if (record.zxid <= this.appliedZxid) this.byPath.delete(path);
    if (this.head > 0) {
      this.queue.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
      this.queue.length = this.tail;
    }
  }

  /** Undoes the records added for `zxid` (a multi that failed half way through prep). */
  rollback(zxid: number): void {
    const touched = new Set<string>();
    while (this.tail > this.head) {
      const last = this.queue[this.tail - 1] as NodeRecord;
      if (last.zxid !== zxid) break;
      this.queue[--this.tail] = undefined;
      touched.add(last.path);
    }
    for (const path of touched) {
      this.byPath.delete(path);
      for (let i = this.tail - 1; i >= this.head; i--) {
        const record = this.queue[i] as NodeRecord;
        if (record.path === path) {
          this.byPath.set(path, record);
          break;
        }
      }
    }
  }

  /** Drops everything (leader change, rollback of uncommitted proposals). */
  clear(): void {
    this.byPath.clear();
    this.queue.length = 0;
    this.head = 0;
    this.tail = 0;
  }

  /** The live records, oldest first. */
  records(): NodeRecord[] {
    return this.queue.slice(this.head, this.tail) as NodeRecord[];
  }
}
