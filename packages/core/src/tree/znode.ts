import type { Stat } from '../types';
import { EphemeralKind, ephemeralKind, NO_OWNER } from './ephemeral-type';
import {
  ACL,
  AVERSION,
  CTIME,
  CVERSION,
  CZXID,
  MTIME,
  MZXID,
  NONE,
  type NodeStore,
  NUM_CHILDREN,
  PZXID,
  recordOffset,
  VERSION,
} from './node-store';

/**
 * One znode, as a view of its record in the tree's NodeStore (the tree keeps no object per
 * znode). Reading a field reads the record; setting one writes it. A view is meant to be used
 * right away: once its node is deleted, its slot may hold another node.
 *
 * `cversion` is ZooKeeper's persisted counter: it counts child *creations* only. Clients see
 * `2 * cversion - numChildren` (every create is matched by a delete, except for children still
 * present), exactly as ZooKeeper's DataNode.copyStat reports it. The sequential suffix uses the
 * persisted counter.
 */
export class ZNode {
  constructor(
    /** @internal */
    readonly store: NodeStore,
    /** @internal the record's slot */
    readonly id: number,
  ) {}

  /** The data (a read-only view: setting `data` stores a copy). */
  get data(): Uint8Array {
    return this.store.data(this.id);
  }
  set data(value: Uint8Array) {
    this.store.setData(this.id, value);
  }
  get acl(): number {
    return this.store.int(this.id, ACL);
  }
  set acl(value: number) {
    this.store.setInt(this.id, ACL, value);
  }
  get czxid(): number {
    return this.store.float(this.id, CZXID);
  }
  set czxid(value: number) {
    this.store.setFloat(this.id, CZXID, value);
  }
  get mzxid(): number {
    return this.store.float(this.id, MZXID);
  }
  set mzxid(value: number) {
    this.store.setFloat(this.id, MZXID, value);
  }
  get ctime(): number {
    return this.store.float(this.id, CTIME);
  }
  set ctime(value: number) {
    this.store.setFloat(this.id, CTIME, value);
  }
  get mtime(): number {
    return this.store.float(this.id, MTIME);
  }
  set mtime(value: number) {
    this.store.setFloat(this.id, MTIME, value);
  }
  get pzxid(): number {
    return this.store.float(this.id, PZXID);
  }
  set pzxid(value: number) {
    this.store.setFloat(this.id, PZXID, value);
  }
  get version(): number {
    return this.store.int(this.id, VERSION);
  }
  set version(value: number) {
    this.store.setInt(this.id, VERSION, value);
  }
  get cversion(): number {
    return this.store.int(this.id, CVERSION);
  }
  set cversion(value: number) {
    this.store.setInt(this.id, CVERSION, value);
  }
  get aversion(): number {
    return this.store.int(this.id, AVERSION);
  }
  set aversion(value: number) {
    this.store.setInt(this.id, AVERSION, value);
  }
  get owner(): bigint {
    return this.store.owner(this.id);
  }
  set owner(value: bigint) {
    this.store.setOwner(this.id, value);
  }
  get numChildren(): number {
    return this.store.int(this.id, NUM_CHILDREN);
  }

  /** The absolute path. */
  get path(): string {
    return this.store.path(this.id);
  }

  /** The last path segment. */
  get name(): string {
    return this.store.name(this.id);
  }

  /** The oldest child. */
  get firstChild(): ZNode | null {
    const child = this.store.firstChild(this.id);
    return child === NONE ? null : new ZNode(this.store, child);
  }

  /** The children, oldest first. */
  children(): ZNode[] {
    return this.store.children(this.id).map((id) => new ZNode(this.store, id));
  }

  /** Child names in creation order (getChildren). */
  childNames(): string[] {
    return this.store.childNames(this.id);
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
  return statAt(node.store, node.id);
}

/** `statOf` for the node in slot `id`, read straight from its record. */
export function statAt(store: NodeStore, id: number): Stat {
  const ints = store.intsOf(id);
  const floats = store.floatsOf(id);
  const o = recordOffset(id);
  const f = o / 2;
  const numChildren = ints[NUM_CHILDREN + o] as number;
  const owner = store.owner(id);
  return {
    czxid: floats[CZXID + f] as number,
    mzxid: floats[MZXID + f] as number,
    ctime: floats[CTIME + f] as number,
    mtime: floats[MTIME + f] as number,
    version: ints[VERSION + o] as number,
    cversion: visibleCversion(ints[CVERSION + o] as number, numChildren),
    aversion: ints[AVERSION + o] as number,
    ephemeralOwner: owner === NO_OWNER || ephemeralKind(owner) === EphemeralKind.session ? owner : NO_OWNER,
    dataLength: store.dataLength(id),
    numChildren,
    pzxid: floats[PZXID + f] as number,
  };
}
