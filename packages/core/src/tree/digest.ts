import type { ACL } from '../types';
import type { DataTree } from './data-tree';
import {
  ACL as ACL_SLOT,
  AVERSION,
  CTIME,
  CVERSION,
  CZXID,
  MTIME,
  MZXID,
  type NodeStore,
  NUM_CHILDREN,
  PZXID,
  VERSION,
} from './node-store';
import { CONFIG_NODE } from './paths';

/** 32-bit FNV-1a style accumulator with a seed, over strings, bytes and integers. */
class Hasher {
  h: number;
  constructor(seed: number) {
    this.h = seed >>> 0;
  }
  byte(b: number): void {
    this.h = Math.imul(this.h ^ (b & 0xff), 16777619);
  }
  int(n: number): void {
    this.byte(n);
    this.byte(n >>> 8);
    this.byte(n >>> 16);
    this.byte(n >>> 24);
  }
  long(n: number): void {
    const high = Math.floor(n / 4294967296);
    this.int(n - high * 4294967296);
    this.int(high);
  }
  big(n: bigint): void {
    this.int(Number(BigInt.asUintN(32, n)));
    this.int(Number(BigInt.asUintN(32, n >> 32n)));
  }
  string(s: string): void {
    this.int(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c);
      this.byte(c >>> 8);
    }
  }
  bytes(b: Uint8Array): void {
    this.int(b.length);
    for (let i = 0; i < b.length; i++) this.byte(b[i] as number);
  }
}

function hashNode(seed: number, path: string, store: NodeStore, id: number, acl: readonly ACL[]): number {
  const h = new Hasher(seed);
  h.string(path);
  h.bytes(store.data(id));
  h.long(store.float(id, CZXID));
  h.long(store.float(id, MZXID));
  h.long(store.float(id, CTIME));
  h.long(store.float(id, MTIME));
  h.int(store.int(id, VERSION));
  h.int(store.int(id, CVERSION));
  h.int(store.int(id, AVERSION));
  h.long(store.float(id, PZXID));
  h.big(store.owner(id));
  h.int(store.int(id, NUM_CHILDREN));
  h.int(acl.length);
  for (const entry of acl) {
    h.int(entry.perms);
    h.string(entry.id.scheme);
    h.string(entry.id.id);
  }
  return h.h >>> 0;
}

/**
 * A fingerprint of the whole tree (every node's path, data, Stat and ACL, but /zookeeper/config,
 * which differs between members by design), independent of
 * insertion order and of ACL cache numbering: two trees with the same digest hold the same
 * znodes. A 64-bit sum of per-node hashes, like ZooKeeper's tree digest; O(tree size), for tests,
 * snapshots and divergence checks rather than the hot path.
 */
export function treeDigest<W>(tree: DataTree<W>): string {
  let low = 0;
  let high = 0;
  const store = tree.store;
  for (const [id, path] of store.walk()) {
    if (path === CONFIG_NODE) continue; // each member writes its own (mtime), as ZooKeeper's digest skips /zookeeper/
    const acl = tree.acls.get(store.int(id, ACL_SLOT));
    low = (low + hashNode(0x811c9dc5, path, store, id, acl)) >>> 0;
    high = (high + hashNode(0x01000193, path, store, id, acl)) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
