import type { Stat } from '../types';
import { EphemeralKind, ephemeralKind, NO_OWNER } from './ephemeral-type';

/**
 * What only parents need: the child list head and count, the persisted cversion and pzxid. A
 * node that never had a child has none (cversion 0, pzxid = czxid), which saves 32 bytes on
 * every leaf — most znodes are leaves.
 */
class ChildInfo {
  first: ZNode | null = null;
  count = 0;
  cversion = 0;
  constructor(public pzxid: number) {}
}

/**
 * One znode. Kept deliberately flat (numbers, one bigint shared for the common 0 owner, an ACL
 * reference into the ACL cache, data kept as given) because the tree holds millions of them.
 *
 * Children are an intrusive doubly linked list (`kids.first` / `nextSibling` / `prevSibling`)
 * rather than a Set of names: a child's name is the tail of its `path`, which is the very string
 * the tree's path map holds, so no per-child name string or Set entry is stored, and unlinking is
 * O(1).
 *
 * `cversion` is ZooKeeper's persisted counter: it counts child *creations* only. Clients see
 * `2 * cversion - numChildren` (every create is matched by a delete, except for children still
 * present), exactly as ZooKeeper's DataNode.copyStat reports it. The sequential suffix uses the
 * persisted counter.
 */
export class ZNode {
  data: Uint8Array;
  acl: number;
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  aversion: number;
  owner: bigint;
  /** The absolute path (the same string object as the tree's map key). */
  readonly path: string;
  private kids: ChildInfo | null = null;
  nextSibling: ZNode | null = null;
  prevSibling: ZNode | null = null;

  constructor(path: string, data: Uint8Array, acl: number, zxid: number, time: number, owner: bigint) {
    this.path = path;
    this.data = data;
    this.acl = acl;
    this.czxid = zxid;
    this.mzxid = zxid;
    this.ctime = time;
    this.mtime = time;
    this.version = 0;
    this.aversion = 0;
    this.owner = owner === 0n ? NO_OWNER : owner;
  }

  private parentInfo(): ChildInfo {
    let kids = this.kids;
    if (kids === null) {
      kids = new ChildInfo(this.czxid);
      this.kids = kids;
    }
    return kids;
  }

  get numChildren(): number {
    return this.kids === null ? 0 : this.kids.count;
  }
  get firstChild(): ZNode | null {
    return this.kids === null ? null : this.kids.first;
  }
  get cversion(): number {
    return this.kids === null ? 0 : this.kids.cversion;
  }
  set cversion(value: number) {
    if (value !== 0 || this.kids !== null) this.parentInfo().cversion = value;
  }
  get pzxid(): number {
    return this.kids === null ? this.czxid : this.kids.pzxid;
  }
  set pzxid(value: number) {
    if (value !== this.czxid || this.kids !== null) this.parentInfo().pzxid = value;
  }

  /** The last path segment. */
  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  /** Links `child` in (at the head; `childNames` reverses to creation order). */
  addChild(child: ZNode): void {
    const kids = this.parentInfo();
    const head = kids.first;
    child.prevSibling = null;
    child.nextSibling = head;
    if (head !== null) head.prevSibling = child;
    kids.first = child;
    kids.count++;
  }

  /** Unlinks `child`, which must be linked under this node. */
  removeChild(child: ZNode): void {
    const kids = this.kids;
    if (kids === null) return;
    const prev = child.prevSibling;
    const next = child.nextSibling;
    if (prev === null) {
      if (kids.first !== child) return;
      kids.first = next;
    } else {
      prev.nextSibling = next;
    }
    if (next !== null) next.prevSibling = prev;
    child.prevSibling = null;
    child.nextSibling = null;
    kids.count--;
  }

  /** The children, oldest link first. */
  children(): ZNode[] {
    const count = this.numChildren;
    const out: ZNode[] = new Array(count);
    let i = count;
    for (let child = this.firstChild; child !== null; child = child.nextSibling) out[--i] = child;
    return out;
  }

  /** Child names in creation order (getChildren). */
  childNames(): string[] {
    const count = this.numChildren;
    const out: string[] = new Array(count);
    let i = count;
    for (let child = this.firstChild; child !== null; child = child.nextSibling) out[--i] = child.name;
    return out;
  }
}

/** The cversion a client sees (32-bit arithmetic, as Java computes it). */
export function visibleCversion(cversion: number, numChildren: number): number {
  return (Math.imul(cversion, 2) - numChildren) | 0;
}

/**
 * The Stat a client sees. Containers and TTL nodes report ephemeralOwner 0: their markers
 * (0x8000…, 0xFF…|ttl) stay internal, as ZooKeeper's DataTree.getClientEphemeralOwner does.
 */
export function statOf(node: ZNode): Stat {
  const numChildren = node.numChildren;
  const owner = node.owner;
  return {
    czxid: node.czxid,
    mzxid: node.mzxid,
    ctime: node.ctime,
    mtime: node.mtime,
    version: node.version,
    cversion: visibleCversion(node.cversion, numChildren),
    aversion: node.aversion,
    ephemeralOwner: owner === NO_OWNER || ephemeralKind(owner) === EphemeralKind.session ? owner : NO_OWNER,
    dataLength: node.data.length,
    numChildren,
    pzxid: node.pzxid,
  };
}
