import type { ACL } from '../types';
import { adler32, BinaryReader, DecodeError } from './binary';
import type { DataTree } from './data-tree';
import { readSnapshot, type SnapshotNodeRecord, snapshotFromRecords } from './snapshot';

/*
 * A ZooKeeper 3.x snapshot file (FileSnap, `snapshot.<hex zxid>`, uncompressed), jute big-endian:
 *   FileHeader    magic:int("ZKSN") version:int(2) dbid:long
 *   sessions      count:int (sessionId:long timeout:int)*
 *   ACL cache     count:int (ref:long acl:vector<ACL>)*        ACL = perms:int scheme:ustring id:ustring
 *   nodes         (path:ustring data:buffer aclRef:long StatPersisted)* then path "/" as the end
 *                 StatPersisted = czxid mzxid ctime mtime:long version cversion aversion:int
 *                                 ephemeralOwner pzxid:long      (the root's path is "")
 *   3.6+ extras   digest and last processed zxid records (skipped)
 *   trailer       checksum:long (Adler-32 of every byte before it) "/":ustring
 * ACL ref −1 is OPEN_ACL_UNSAFE, never stored in the cache.
 */
const SNAP_MAGIC = 0x5a4b534e; // "ZKSN"
const TRAILER = 8 + 4 + 1;
const OPEN_ACL_UNSAFE_REF = -1;

/**
 * Rebuilds the tree of a ZooKeeper snapshot (`zxid` from its file name). Throws DecodeError when
 * the file is damaged or its Adler-32 does not match.
 */
export function readZooKeeperSnapshot(bytes: Uint8Array, zxid: number): DataTree {
  const r = new BinaryReader(bytes);
  if (r.int() !== SNAP_MAGIC) throw new DecodeError('bad-magic', 'not a ZooKeeper snapshot (magic ZKSN)', 0);
  const version = r.int();
  if (version !== 2) throw new DecodeError('bad-version', `ZooKeeper snapshot version ${version}`, 4);
  r.long(); // dbid
  if (bytes.length < TRAILER + 16) throw new DecodeError('truncated', 'no trailer', bytes.length);
  const trailer = new BinaryReader(bytes.subarray(bytes.length - TRAILER));
  const stored = trailer.long();
  if (trailer.string() !== '/')
    throw new DecodeError('inconsistent', 'the trailer does not end with "/"', bytes.length);
  if (adler32(bytes.subarray(0, bytes.length - TRAILER)) !== stored) {
    throw new DecodeError('bad-checksum', 'Adler-32 mismatch', bytes.length - TRAILER);
  }

  const sessions: Array<[bigint, number]> = [];
  for (let n = r.count(12); n > 0; n--) sessions.push([r.bigLong(), r.int()]);
  const acls = new Map<number, readonly ACL[]>();
  for (let n = r.count(12); n > 0; n--) {
    const ref = r.long();
    const acl: ACL[] = [];
    for (let m = r.count(12); m > 0; m--) {
      const perms = r.int();
      acl.push({ perms, id: { scheme: r.string(), id: r.string() } });
    }
    acls.set(ref, acl);
  }
  // zkts refs are never negative: OPEN_ACL_UNSAFE gets the next free one
  const openRef = Math.max(0, ...acls.keys()) + 1;
  acls.set(openRef, [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]);
  const nodes: SnapshotNodeRecord[] = [];
  for (;;) {
    const path = r.string();
    if (path === '/') break;
    const data = r.bytesField();
    const storedRef = r.long();
    const aclRef = storedRef === OPEN_ACL_UNSAFE_REF ? openRef : storedRef;
    const czxid = r.long();
    const mzxid = r.long();
    const ctime = r.long();
    const mtime = r.long();
    const version = r.int();
    const cversion = r.int();
    const aversion = r.int();
    const ephemeralOwner = r.bigLong();
    const pzxid = r.long();
    nodes.push({
      path: path === '' ? '/' : path,
      data,
      aclRef,
      czxid,
      mzxid,
      ctime,
      mtime,
      version,
      cversion,
      aversion,
      pzxid,
      ephemeralOwner,
    });
  }
  return readSnapshot(snapshotFromRecords({ lastProcessedZxid: zxid, sessions, acls, nodes }));
}
