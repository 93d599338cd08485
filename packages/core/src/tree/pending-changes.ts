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
 */
export class PendingChanges {
  private readonly byPath = new Map<string, NodeRecord>();
  private queue: NodeRecord[] = [];
  private head = 0;

  get size(): number {
    return this.queue.length - this.head;
  }

  get(path: string): NodeRecord | undefined {
    return this.byPath.get(path);
  }

  add(record: NodeRecord): void {
    this.queue.push(record);
    this.byPath.set(record.path, record);
  }

  /** Forgets every record of a txn with zxid ≤ `zxid` (called when that txn is applied). */
  applied(zxid: number): void {
    const queue = this.queue;
    if (this.head === queue.length) return;
    if ((queue[queue.length - 1] as NodeRecord).zxid <= zxid) {
      // the usual case once the pipeline drains: everything goes at once
      this.byPath.clear();
      queue.length = 0;
      this.head = 0;
      return;
    }
    while (this.head < queue.length) {
      const record = queue[this.head] as NodeRecord;
      if (record.zxid > zxid) break;
      if (this.byPath.get(record.path) === record) this.byPath.delete(record.path);
      this.head++;
    }
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Undoes the records added for `zxid` (a multi that failed half way through prep). */
  rollback(zxid: number): void {
    const touched = new Set<string>();
    while (this.queue.length > this.head) {
      const last = this.queue[this.queue.length - 1] as NodeRecord;
      if (last.zxid !== zxid) break;
      this.queue.pop();
      touched.add(last.path);
    }
    for (const path of touched) {
      this.byPath.delete(path);
      for (let i = this.queue.length - 1; i >= this.head; i--) {
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
    this.queue = [];
    this.head = 0;
  }

  /** The pending records, oldest first. */
  records(): NodeRecord[] {
    return this.queue.slice(this.head);
  }
}
