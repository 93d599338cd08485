import type { Stat } from '../types';
import { NO_OWNER } from './ephemeral-type';

/**
 * One znode. Kept deliberately flat (numbers, one bigint shared for the common 0 owner, an ACL
 * reference into the ACL cache, data kept as given) because the tree holds millions of them.
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
  cversion: number;
  aversion: number;
  pzxid: number;
  owner: bigint;
  /** Child names; null while the node has none (saves a Set per leaf). */
  children: Set<string> | null;

  constructor(data: Uint8Array, acl: number, zxid: number, time: number, owner: bigint) {
    this.data = data;
    this.acl = acl;
    this.czxid = zxid;
    this.mzxid = zxid;
    this.ctime = time;
    this.mtime = time;
    this.version = 0;
    this.cversion = 0;
    this.aversion = 0;
    this.pzxid = zxid;
    this.owner = owner === 0n ? NO_OWNER : owner;
    this.children = null;
  }

  get numChildren(): number {
    return this.children === null ? 0 : this.children.size;
  }

  addChild(name: string): void {
    if (this.children === null) this.children = new Set();
    this.children.add(name);
  }

  removeChild(name: string): boolean {
    if (this.children === null) return false;
    const removed = this.children.delete(name);
    if (this.children.size === 0) this.children = null;
    return removed;
  }
}

/** The cversion a client sees (32-bit arithmetic, as Java computes it). */
export function visibleCversion(cversion: number, numChildren: number): number {
  return (Math.imul(cversion, 2) - numChildren) | 0;
}

export function statOf(node: ZNode): Stat {
  const numChildren = node.children === null ? 0 : node.children.size;
  return {
    czxid: node.czxid,
    mzxid: node.mzxid,
    ctime: node.ctime,
    mtime: node.mtime,
    version: node.version,
    cversion: visibleCversion(node.cversion, numChildren),
    aversion: node.aversion,
    ephemeralOwner: node.owner,
    dataLength: node.data.length,
    numChildren,
    pzxid: node.pzxid,
  };
}
