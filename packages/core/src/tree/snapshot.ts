import type { ACL } from '../types';
import { adler32, BinaryReader, BinaryWriter, DecodeError } from './binary';
import { DataTree, type DataTreeOptions } from './data-tree';
import { parentPath } from './paths';
import { ZNode } from './znode';

/*
 * Snapshot = magic:"ZKTS" version:int lastProcessedZxid:long
 *            sessionCount:int (sessionId:long timeout:int)*
 *            record* end:byte(0) checksum:int
 * record   = 1 aclRef:long acl:vector<ACL>          an ACL list, before the first node using it
 *          | 2 path:ustring data:buffer aclRef:long czxid:long mzxid:long ctime:long mtime:long
 *              version:int cversion:int aversion:int pzxid:long ephemeralOwner:long
 * Nodes come in the tree's insertion order, so a parent always precedes its children. The
 * checksum is Adler-32 over every byte before it.
 *
 * The writer is a generator: if the host applies txns between chunks the snapshot is *fuzzy*
 * (like ZooKeeper's), and replaying the log from `lastProcessedZxid` + 1 over it converges,
 * because apply is idempotent. A path seen twice (deleted and re-created meanwhile) keeps the last.
 */
const MAGIC = 0x5a4b5453; // "ZKTS"
const VERSION = 1;
const ACL_RECORD = 1;
const NODE_RECORD = 2;
const END = 0;

export interface SnapshotOptions {
  /** Approximate size of each yielded chunk; default 64 KiB. */
  chunkSize?: number;
}

/** Streams the tree as Uint8Array chunks; the last one ends with the checksum. */
export function* writeSnapshot<W>(tree: DataTree<W>, options: SnapshotOptions = {}): Generator<Uint8Array> {
  const chunkSize = options.chunkSize ?? 65536;
  const w = new BinaryWriter(chunkSize + 1024);
  let checksum = 1;
  const flush = (): Uint8Array => {
    const chunk = w.take();
    checksum = adler32(chunk, checksum);
    return chunk;
  };
  w.int(MAGIC);
  w.int(VERSION);
  w.long(tree.lastProcessedZxid);
  w.int(tree.sessions.size);
  for (const [sessionId, timeout] of tree.sessions) {
    w.bigLong(sessionId);
    w.int(timeout);
  }
  const writtenAcls = new Set<number>();
  for (const [path, node] of tree.nodes) {
    const ref = node.acl;
    if (!writtenAcls.has(ref)) {
      writtenAcls.add(ref);
      w.raw(Uint8Array.of(ACL_RECORD));
      w.long(ref);
      writeAcl(w, tree.acls.get(ref));
    }
    w.raw(Uint8Array.of(NODE_RECORD));
    w.string(path);
    w.bytes(node.data);
    w.long(ref);
    w.long(node.czxid);
    w.long(node.mzxid);
    w.long(node.ctime);
    w.long(node.mtime);
    w.int(node.version);
    w.int(node.cversion);
    w.int(node.aversion);
    w.long(node.pzxid);
    w.bigLong(node.owner);
    if (w.length >= chunkSize) yield flush();
  }
  w.raw(Uint8Array.of(END));
  const last = flush();
  const trailer = new BinaryWriter(4);
  trailer.int(checksum | 0);
  const out = new Uint8Array(last.length + 4);
  out.set(last);
  out.set(trailer.toBytes(), last.length);
  yield out;
}

/** The whole snapshot as one buffer. */
export function snapshotBytes<W>(tree: DataTree<W>): Uint8Array {
  return concat([...writeSnapshot(tree)]);
}

function writeAcl(w: BinaryWriter, acl: readonly ACL[]): void {
  w.int(acl.length);
  for (const entry of acl) {
    w.int(entry.perms);
    w.string(entry.id.scheme);
    w.string(entry.id.id);
  }
}

function readAcl(r: BinaryReader): ACL[] {
  const n = r.count(12);
  const acl: ACL[] = [];
  for (let i = 0; i < n; i++) {
    const perms = r.int();
    const scheme = r.string();
    acl.push({ perms, id: { scheme, id: r.string() } });
  }
  return acl;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Rebuilds a tree from snapshot chunks (or one buffer). Throws DecodeError (`bad-magic`,
 * `bad-version`, `bad-checksum`, `truncated`, `inconsistent`, …) on damaged input. Ephemeral,
 * container, TTL and quota indexes and ACL usage counts are recomputed from the nodes.
 */
export function readSnapshot<W = unknown>(
  input: Uint8Array | Iterable<Uint8Array>,
  options: DataTreeOptions<W> = {},
): DataTree<W> {
  const bytes = input instanceof Uint8Array ? input : concat([...input]);
  if (bytes.length < 4) throw new DecodeError('truncated', 'snapshot too short', 0);
  const expected = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0);
  const body = bytes.subarray(0, bytes.length - 4);
  if (adler32(body) !== expected)
    throw new DecodeError('bad-checksum', 'snapshot checksum mismatch', bytes.length - 4);
  const r = new BinaryReader(body);
  if (r.int() !== MAGIC) throw new DecodeError('bad-magic', 'not a zkts snapshot', 0);
  const version = r.int();
  if (version !== VERSION) throw new DecodeError('bad-version', `unsupported snapshot version ${version}`, 4);

  const tree = new DataTree<W>(options);
  tree.nodes.clear();
  tree.dataSize = 0;
  tree.lastProcessedZxid = r.long();
  const sessionCount = r.count(12);
  for (let i = 0; i < sessionCount; i++) {
    const id = r.bigLong();
    tree.sessions.set(id, r.int());
  }
  const lists: Array<[number, readonly ACL[], number]> = [];
  const knownRefs = new Set<number>();
  const nodes = tree.nodes;
  for (;;) {
    const at = r.offset;
    const tag = r.raw(1)[0];
    if (tag === END) break;
    if (tag === ACL_RECORD) {
      const ref = r.long();
      lists.push([ref, readAcl(r), 0]);
      knownRefs.add(ref);
      continue;
    }
    if (tag !== NODE_RECORD) throw new DecodeError('inconsistent', `unknown record tag ${tag}`, at);
    const path = r.string();
    const data = r.bytesField();
    const ref = r.long();
    if (!knownRefs.has(ref))
      throw new DecodeError('inconsistent', `node ${path} uses unknown ACL ${ref}`, at);
    const czxid = r.long();
    const node = new ZNode(path, data, ref, czxid, 0, 0n);
    node.mzxid = r.long();
    node.ctime = r.long();
    node.mtime = r.long();
    node.version = r.int();
    node.cversion = r.int();
    node.aversion = r.int();
    node.pzxid = r.long();
    const owner = r.bigLong();
    node.owner = owner === 0n ? node.owner : owner;
    const previous = nodes.get(path);
    if (path !== '/') {
      const parent = nodes.get(parentPath(path));
      if (parent === undefined)
        throw new DecodeError('inconsistent', `node ${path} comes before its parent`, at);
      if (previous !== undefined) parent.removeChild(previous);
      parent.addChild(node);
    } else if (previous === undefined && nodes.size > 0) {
      throw new DecodeError('inconsistent', 'the root must come first', at);
    }
    if (previous !== undefined) {
      // seen twice in a fuzzy snapshot (deleted and re-created meanwhile): the later copy wins and adopts the children
      for (const child of previous.children()) {
        previous.removeChild(child);
        node.addChild(child);
      }
    }
    nodes.set(path, node);
  }
  if (r.remaining !== 0)
    throw new DecodeError('trailing-bytes', `${r.remaining} bytes after the end marker`, r.offset);
  if (!nodes.has('/')) throw new DecodeError('inconsistent', 'snapshot has no root', r.offset);
  tree.rebuildIndexes(lists);
  return tree;
}
