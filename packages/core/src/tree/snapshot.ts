// biome-ignore lint/style/noRestrictedImports: pure byte handling (latin1 decoding), no I/O
import { Buffer } from 'node:buffer';
// biome-ignore lint/style/noRestrictedImports: only zlib.crc32, a pure checksum
import * as zlib from 'node:zlib';
import type { ACL } from '../types';
import { BinaryWriter, DecodeError, NULL_DATA, writeAcl } from './binary';
import { DataTree, type DataTreeOptions } from './data-tree';
import { NO_OWNER } from './ephemeral-type';
import {
  ACL as ACL_SLOT,
  AVERSION,
  CTIME,
  CVERSION,
  CZXID,
  MTIME,
  MZXID,
  NONE,
  type NodeStore,
  PZXID,
  ROOT,
  VERSION as VERSION_SLOT,
} from './node-store';
import { hashPath } from './path-hash';
import { parentPath } from './paths';

/*
 * Snapshot = magic:"ZKTS" version:int lastProcessedZxid:long
 *            sessionCount:int (sessionId:long timeout:int)*
 *            record* end:byte(0) checksum:int
 * record   = 1 aclRef:long acl:vector<ACL>          an ACL list, before the first node using it
 *          | 2 path:ustring data:buffer aclRef:long czxid:long mzxid:long ctime:long mtime:long
 *              version:int cversion:int aversion:int pzxid:long ephemeralOwner:long
 * Nodes come parents first (a walk of the tree, siblings oldest first). The
 * checksum is CRC-32 (zlib's, native) over every byte before it. Version 1 used a JavaScript
 * Adler-32 over the same bytes: a reader has to see the whole stream before it can trust it
 * either way, and the native CRC costs a fraction.
 *
 * The writer is a generator: if the host applies txns between chunks the snapshot is *fuzzy*
 * (like ZooKeeper's), and replaying the log from `lastProcessedZxid` + 1 over it converges,
 * because apply is idempotent. A path seen twice (deleted and re-created meanwhile) keeps the last.
 */
const MAGIC = 0x5a4b5453; // "ZKTS"
const VERSION = 2;
const ACL_RECORD = 1;
const NODE_RECORD = 2;
const END = 0;
const TWO_32 = 4294967296;
/** Bytes of a node record after its data: aclRef, czxid, mzxid, ctime, mtime, 3 ints, pzxid, owner. */
const NODE_FIXED_TAIL = 8 * 7 + 4 * 3;
/** ACL refs are int32 in the tree's records (ZooKeeper's and ours count up from 1). */
const MAX_ACL_REF = 0x7fffffff;
/** Larger length fields are damage (nothing in a snapshot comes near 1 GiB). */
const MAX_FIELD_LENGTH = 1 << 30;

type Crc32 = (data: Uint8Array, initial?: number) => number;
// native from Node 20.15 / 22.2 (the package's engines); looked up lazily so that the rest of core loads on older Node
const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

function crc32(data: Uint8Array, initial: number): number {
  if (nativeCrc32 === undefined)
    throw new Error('zkts snapshots need zlib.crc32: run on Node.js >= 20.15 or >= 22.2');
  return nativeCrc32(data, initial);
}

export interface SnapshotOptions {
  /** Approximate size of each yielded chunk; default 64 KiB. */
  chunkSize?: number;
}

/** Streams the tree as Uint8Array chunks; the last one ends with the checksum. */
export function* writeSnapshot<W>(tree: DataTree<W>, options: SnapshotOptions = {}): Generator<Uint8Array> {
  const chunkSize = options.chunkSize ?? 65536;
  const w = new BinaryWriter(chunkSize + 1024);
  let checksum = 0;
  const flush = (): Uint8Array => {
    const chunk = w.take();
    checksum = crc32(chunk, checksum);
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
  const store = tree.store;
  for (const [id, path] of store.walk()) {
    const ref = store.int(id, ACL_SLOT);
    if (!writtenAcls.has(ref)) {
      writtenAcls.add(ref);
      w.byte(ACL_RECORD);
      w.long(ref);
      writeAcl(w, tree.acls.get(ref));
    }
    w.byte(NODE_RECORD);
    w.string(path);
    store.writeData(id, w);
    w.long(ref);
    w.long(store.float(id, CZXID));
    w.long(store.float(id, MZXID));
    w.long(store.float(id, CTIME));
    w.long(store.float(id, MTIME));
    w.int(store.int(id, VERSION_SLOT));
    w.int(store.int(id, CVERSION));
    w.int(store.int(id, AVERSION));
    w.long(store.float(id, PZXID));
    w.bigLong(store.owner(id));
    if (w.length >= chunkSize) yield flush();
  }
  w.byte(END);
  const last = flush();
  const out = new Uint8Array(last.length + 4);
  out.set(last);
  new DataView(out.buffer).setUint32(last.length, checksum >>> 0);
  yield out;
}

/** The whole snapshot as one buffer. */
export function snapshotBytes<W>(tree: DataTree<W>): Uint8Array {
  return concat([...writeSnapshot(tree)]);
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
  const reader = new SnapshotReader<W>(options);
  if (input instanceof Uint8Array) reader.push(input);
  else for (const chunk of input) reader.push(chunk);
  return reader.finish();
}

/** `readSnapshot` over a stream (e.g. storage's `snapshots.read(zxid)`), parsed as the chunks arrive. */
export async function readSnapshotStream<W = unknown>(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: DataTreeOptions<W> = {},
): Promise<DataTree<W>> {
  const reader = new SnapshotReader<W>(options);
  for await (const chunk of input) reader.push(chunk);
  return reader.finish();
}

const enum Stage {
  Header,
  Records,
  Checksum,
  Done,
}

/** Thrown inside the parser when the current record continues in the next chunk. */
class NeedMore {
  constructor(readonly total: number) {}
}

/**
 * The incremental snapshot parser: `push` each chunk in order, then `finish()`. Records are
 * parsed straight out of each chunk (no concatenation of the whole snapshot); a record cut by a
 * chunk boundary is carried over and joined with the following chunk(s). Znode data is copied
 * into the tree's slabs, so the chunks become garbage as soon as they are parsed. The CRC-32 is
 * folded in as bytes are consumed and checked at the end: the tree is only returned by
 * `finish()` once the checksum matched.
 */
export class SnapshotReader<W = unknown> {
  private readonly tree: DataTree<W>;
  private readonly store: NodeStore;
  private sawRoot = false;
  private readonly lists: Array<[number, readonly ACL[], number]> = [];
  private readonly knownRefs = new Set<number>();
  private stage = Stage.Header;
  private crc = 0;
  /** Bytes of the stream before the current buffer (for error offsets). */
  private base = 0;
  /** Unparsed bytes carried from earlier chunks, and how many the record needs in all. */
  private carried: Uint8Array[] = [];
  private carriedBytes = 0;
  private wanted = 0;
  private lastParentPath = '';
  private lastParent = NONE;
  // the buffer being parsed
  private bytes: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.bytes.buffer);
  /** The same bytes as a Buffer, for its native latin1 string decoding. */
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(options: DataTreeOptions<W> = {}) {
    this.tree = new DataTree<W>(options);
    this.tree.store.clear();
    this.tree.dataSize = 0;
    this.store = this.tree.store;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    if (this.stage === Stage.Done) {
      throw new DecodeError('trailing-bytes', `${chunk.byteLength} bytes after the checksum`, this.base);
    }
    if (this.carriedBytes > 0) {
      this.carried.push(chunk);
      this.carriedBytes += chunk.byteLength;
      if (this.carriedBytes < this.wanted) return;
      const joined = concat(this.carried);
      this.carried = [];
      this.carriedBytes = 0;
      this.parse(joined);
    } else {
      this.parse(chunk);
    }
  }

  /** The tree, once the whole snapshot was pushed and its checksum matched. */
  finish(): DataTree<W> {
    if (this.stage !== Stage.Done) {
      throw new DecodeError('truncated', 'snapshot ends before its checksum', this.base + this.carriedBytes);
    }
    if (!this.sawRoot) throw new DecodeError('inconsistent', 'snapshot has no root', this.base);
    this.tree.rebuildIndexes(this.lists);
    return this.tree;
  }

  private parse(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = 0;
    let crcFrom = 0;
    let recordStart = 0;
    try {
      for (;;) {
        recordStart = this.offset;
        if (this.stage === Stage.Records) {
          if (!this.record()) {
            // the end marker: everything up to it is checksummed
            this.crc = crc32(bytes.subarray(crcFrom, this.offset), this.crc);
            crcFrom = this.offset;
            this.stage = Stage.Checksum;
          }
        } else if (this.stage === Stage.Header) {
          this.header();
          this.stage = Stage.Records;
        } else if (this.stage === Stage.Checksum) {
          this.need(4);
          const stored = this.view.getUint32(this.offset);
          this.offset += 4;
          crcFrom = this.offset;
          if (stored !== this.crc >>> 0) {
            throw new DecodeError('bad-checksum', 'snapshot checksum mismatch', this.base + recordStart);
          }
          this.stage = Stage.Done;
          if (this.offset < bytes.byteLength) {
            const extra = bytes.byteLength - this.offset;
            throw new DecodeError(
              'trailing-bytes',
              `${extra} bytes after the checksum`,
              this.base + this.offset,
            );
          }
          break;
        } else {
          break;
        }
        if (this.offset === bytes.byteLength) break;
      }
    } catch (error) {
      if (!(error instanceof NeedMore)) throw error;
      // the record continues in the next chunk: keep its bytes, parse it again once they are here
      const rest = bytes.subarray(recordStart);
      this.carried = [rest];
      this.carriedBytes = rest.byteLength;
      this.wanted = error.total;
      this.offset = recordStart;
    }
    if (this.offset > crcFrom) this.crc = crc32(bytes.subarray(crcFrom, this.offset), this.crc);
    this.base += this.offset;
  }

  /** Throws NeedMore unless `count` more bytes are here (`from` = where the current record started). */
  private need(count: number, from = this.offset): void {
    if (this.offset + count > this.bytes.byteLength) throw new NeedMore(this.offset + count - from);
  }

  private header(): void {
    const start = this.offset;
    this.need(4, start);
    if (this.view.getInt32(this.offset) !== MAGIC)
      throw new DecodeError('bad-magic', 'not a zkts snapshot', this.base + start);
    this.need(20, start);
    const version = this.view.getInt32(this.offset + 4);
    if (version !== VERSION) {
      throw new DecodeError(
        'bad-version',
        `unsupported snapshot version ${version} (this zkts reads version ${VERSION}${version === 1 ? '; version 1 snapshots were written by an earlier zkts: remove them, the server recovers from an older valid snapshot or the log' : ''})`,
        this.base + start + 4,
      );
    }
    const lastProcessedZxid = this.long(start + 8);
    const sessionCount = this.view.getInt32(start + 16);
    if (sessionCount < 0 || sessionCount > MAX_FIELD_LENGTH)
      throw new DecodeError(
        'bad-length',
        `session count ${sessionCount} out of range`,
        this.base + start + 16,
      );
    this.offset = start + 20;
    this.need(sessionCount * 12, start);
    for (let i = 0; i < sessionCount; i++) {
      const at = this.offset;
      this.tree.sessions.set(this.view.getBigInt64(at), this.view.getInt32(at + 8));
      this.offset = at + 12;
    }
    this.tree.lastProcessedZxid = lastProcessedZxid;
  }

  private long(at: number): number {
    return this.view.getInt32(at) * TWO_32 + this.view.getUint32(at + 4);
  }

  /** A length field at the current offset, range-checked; advances past it. */
  private lengthField(start: number): number {
    this.need(4, start);
    const n = this.view.getInt32(this.offset);
    if (n < 0 || n > MAX_FIELD_LENGTH)
      throw new DecodeError('bad-length', `length ${n} out of range`, this.base + this.offset);
    this.offset += 4;
    return n;
  }

  private string(start: number): string {
    const n = this.lengthField(start);
    this.need(n, start);
    const at = this.offset;
    this.offset += n;
    return decodeString(this.buffer, at, n, this.base);
  }

  /** One record; false at the end marker. */
  private record(): boolean {
    const start = this.offset;
    this.need(1, start);
    const tag = this.bytes[start];
    this.offset = start + 1;
    if (tag === NODE_RECORD) {
      this.node(start);
      return true;
    }
    if (tag === END) return false;
    if (tag !== ACL_RECORD)
      throw new DecodeError('inconsistent', `unknown record tag ${tag}`, this.base + start);
    this.need(12, start);
    const ref = this.long(this.offset);
    const count = this.view.getInt32(this.offset + 8);
    if (count < 0 || count > MAX_FIELD_LENGTH)
      throw new DecodeError('bad-length', `element count ${count} out of range`, this.base + this.offset + 8);
    this.offset += 12;
    const acl: ACL[] = [];
    for (let i = 0; i < count; i++) {
      this.need(4, start);
      const perms = this.view.getInt32(this.offset);
      this.offset += 4;
      const scheme = this.string(start);
      acl.push({ perms, id: { scheme, id: this.string(start) } });
    }
    this.lists.push([ref, acl, 0]);
    this.knownRefs.add(ref);
    return true;
  }

  private node(start: number): void {
    const path = this.string(start);
    this.need(4, start);
    const view = this.view;
    const dataLength = view.getInt32(this.offset);
    const dataAt = this.offset + 4;
    const isNull = dataLength === -1;
    if (!isNull && (dataLength < 0 || dataLength > MAX_FIELD_LENGTH))
      throw new DecodeError('bad-length', `length ${dataLength} out of range`, this.base + this.offset);
    const fixedAt = isNull ? dataAt : dataAt + dataLength;
    this.offset = fixedAt;
    this.need(NODE_FIXED_TAIL, start);
    const ref = this.long(fixedAt);
    if (!this.knownRefs.has(ref))
      throw new DecodeError('inconsistent', `node ${path} uses unknown ACL ${ref}`, this.base + start);
    const data = isNull ? NULL_DATA : this.bytes.subarray(dataAt, dataAt + dataLength);
    // most znodes have no owner: skip making a BigInt for them
    const owner =
      view.getInt32(fixedAt + 60) !== 0 || view.getInt32(fixedAt + 64) !== 0
        ? view.getBigInt64(fixedAt + 60)
        : NO_OWNER;
    const czxid = this.long(fixedAt + 8);
    const ctime = this.long(fixedAt + 24);
    const id = this.place(path, start, data, ref, czxid, ctime, owner);
    const store = this.store;
    store.setFloat(id, MZXID, this.long(fixedAt + 16));
    store.setFloat(id, MTIME, this.long(fixedAt + 32));
    store.setInt(id, VERSION_SLOT, view.getInt32(fixedAt + 40));
    store.setInt(id, CVERSION, view.getInt32(fixedAt + 44));
    store.setInt(id, AVERSION, view.getInt32(fixedAt + 48));
    store.setFloat(id, PZXID, this.long(fixedAt + 52));
    this.offset = fixedAt + NODE_FIXED_TAIL;
  }

  /**
   * Adds the node under its parent (which always came first) and returns its slot; a path seen
   * twice in a fuzzy snapshot (deleted and re-created meanwhile) takes the later copy's fields
   * and data and moves to the newest end of its siblings.
   */
  private place(
    path: string,
    start: number,
    data: Uint8Array,
    ref: number,
    czxid: number,
    ctime: number,
    owner: bigint,
  ): number {
    const store = this.store;
    if (ref > MAX_ACL_REF)
      throw new DecodeError('inconsistent', `node ${path} has ACL ref ${ref} beyond 2^31`, this.base + start);
    if (path === '/') {
      if (!this.sawRoot && store.size > 1)
        throw new DecodeError('inconsistent', 'the root must come first', this.base + start);
      this.sawRoot = true;
      this.overwrite(ROOT, data, ref, czxid, ctime, owner);
      return ROOT;
    }
    if (path.charCodeAt(0) !== 0x2f)
      throw new DecodeError('inconsistent', `node ${path} is not an absolute path`, this.base + start);
    // siblings come together: the previous node's parent usually is this one's (no lookup, no substring)
    let parent = this.lastParent;
    const parentLength = this.lastParentPath.length;
    const prefix = parentLength === 1 ? 0 : parentLength;
    if (
      parent === NONE ||
      path.length <= prefix + 1 ||
      path.charCodeAt(prefix) !== 47 ||
      path.indexOf('/', prefix + 1) !== -1 ||
      !path.startsWith(this.lastParentPath)
    ) {
      const parentName = parentPath(path);
      parent = store.find(parentName);
      if (parent === NONE)
        throw new DecodeError('inconsistent', `node ${path} comes before its parent`, this.base + start);
      this.lastParentPath = parentName;
      this.lastParent = parent;
    }
    const hash = hashPath(path);
    const previous = store.findHashed(path, hash);
    if (previous === NONE) return store.insert(parent, path, hash, data, ref, czxid, ctime, owner);
    this.overwrite(previous, data, ref, czxid, ctime, owner);
    store.relinkAsNewest(previous);
    return previous;
  }

  private overwrite(
    id: number,
    data: Uint8Array,
    ref: number,
    czxid: number,
    ctime: number,
    owner: bigint,
  ): void {
    const store = this.store;
    store.setData(id, data);
    store.setInt(id, ACL_SLOT, ref);
    store.setFloat(id, CZXID, czxid);
    store.setFloat(id, CTIME, ctime);
    store.setOwner(id, owner);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeString(bytes: Buffer, at: number, length: number, base: number): string {
  const end = at + length;
  for (let i = at; i < end; i++) {
    if ((bytes[i] as number) > 0x7f) {
      try {
        return utf8.decode(bytes.subarray(at, end));
      } catch {
        throw new DecodeError('bad-utf8', 'invalid UTF-8 in a string', base + at);
      }
    }
  }
  // ASCII (nearly every path): one native call makes the flat string
  return bytes.toString('latin1', at, end);
}

/** A tree's content as plain records, e.g. read from another server's snapshot format. */
export interface SnapshotRecords {
  lastProcessedZxid: number;
  sessions: Iterable<[bigint, number]>;
  /** ACL lists by reference; each node names one. */
  acls: ReadonlyMap<number, readonly ACL[]>;
  /** Parents before their children. */
  nodes: Iterable<SnapshotNodeRecord>;
}

export interface SnapshotNodeRecord {
  path: string;
  data: Uint8Array;
  aclRef: number;
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  /** The persisted counter of child creations (ZooKeeper's StatPersisted cversion). */
  cversion: number;
  aversion: number;
  pzxid: number;
  ephemeralOwner: bigint;
}

/** Encodes records as a snapshot `readSnapshot` takes (ACL lists are written before their first use). */
export function snapshotFromRecords(records: SnapshotRecords): Uint8Array {
  const w = new BinaryWriter(65536);
  w.int(MAGIC);
  w.int(VERSION);
  w.long(records.lastProcessedZxid);
  const sessions = [...records.sessions];
  w.int(sessions.length);
  for (const [sessionId, timeout] of sessions) {
    w.bigLong(sessionId);
    w.int(timeout);
  }
  const written = new Set<number>();
  for (const node of records.nodes) {
    if (!written.has(node.aclRef)) {
      const acl = records.acls.get(node.aclRef);
      if (acl === undefined)
        throw new DecodeError('inconsistent', `node ${node.path} names unknown ACL ${node.aclRef}`, 0);
      written.add(node.aclRef);
      w.byte(ACL_RECORD);
      w.long(node.aclRef);
      writeAcl(w, acl);
    }
    w.byte(NODE_RECORD);
    w.string(node.path);
    w.bytes(node.data);
    w.long(node.aclRef);
    w.long(node.czxid);
    w.long(node.mzxid);
    w.long(node.ctime);
    w.long(node.mtime);
    w.int(node.version);
    w.int(node.cversion);
    w.int(node.aversion);
    w.long(node.pzxid);
    w.bigLong(node.ephemeralOwner);
  }
  w.byte(END);
  const body = w.toBytes();
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body, 0) >>> 0);
  return out;
}
