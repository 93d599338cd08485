import { type BinaryWriter, copyBytes, NULL_DATA } from './binary';
import { BLOB_HEADER, type BlobOwners, BlobSlabs, SLAB_SIZE } from './blob-slabs';
import { NO_OWNER } from './ephemeral-type';
import { hashPath } from './path-hash';
import { PathIndex } from './path-index';

/*
 * Every znode is a fixed-size record of 26 int32 slots (104 bytes) in pages of 8192 records, the
 * first ten slots read as five float64 (zxids and times are exact JavaScript numbers there):
 *
 *   float64  0 czxid  1 mzxid  2 ctime  3 mtime  4 pzxid
 *   int32   10 version  11 cversion  12 aversion  13 acl ref  14 numChildren
 *           15 parent  16 first (oldest) child  17 next sibling  18 previous sibling
 *           19 blob slab  20 blob offset  21 name length  22 data length  23 path hash
 *           24 generation  25 owner slot
 *
 * Siblings form a circular doubly linked list in creation order, so adding, removing and the
 * oldest/newest ends are O(1). A node's name and data live together in one blob in BlobSlabs
 * (the name as latin1 bytes, or as UTF-16 when a character is above 0xFF: name length < 0). The
 * path is not stored: the path index is an open-addressing table of node ids keyed by the hash of
 * the full path, and a candidate is confirmed by comparing the path's segments with the names on
 * its way up to the root. Owners (rare: ephemerals, containers, TTLs) are bigints in a side
 * table. The generation counts a slot's reuses, so a walk can tell a node from its successor.
 *
 * No JavaScript object per znode: the store's size is a few hundred ArrayBuffers however many
 * znodes it holds, and neither the GC nor the heap limit sees individual znodes.
 */
export const STRIDE = 26;
const PAGE_BITS = 13;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

// float64 slots (offsets from the record's float64 base)
export const CZXID = 0;
export const MZXID = 1;
export const CTIME = 2;
export const MTIME = 3;
export const PZXID = 4;
// int32 slots
export const VERSION = 10;
export const CVERSION = 11;
export const AVERSION = 12;
export const ACL = 13;
export const NUM_CHILDREN = 14;
const PARENT = 15;
const FIRST_CHILD = 16;
const NEXT = 17;
const PREV = 18;
const SLAB = 19;
const OFFSET = 20;
const NAME_LENGTH = 21;
const DATA_LENGTH = 22;
const HASH = 23;
const GENERATION = 24;
const OWNER = 25;

/** Where node `id`'s record starts in its page (`intsOf(id)`; half of it in `floatsOf(id)`). */
export function recordOffset(id: number): number {
  return (id & PAGE_MASK) * STRIDE;
}

export const ROOT = 0;
export const NONE = -1;
/** PARENT of a free slot (the root's is NONE). */
const FREE = -2;
const EMPTY_DATA = new Uint8Array(0);
/** The znode records, their path index, and their names and data. */
export class NodeStore {
  private readonly ints: Int32Array[] = [];
  private readonly floats: Float64Array[] = [];
  /** Slots handed out so far (live or free). */
  private highWater = 0;
  private readonly freeIds: number[] = [];
  private liveCount = 0;
  private readonly index = new PathIndex({
    hashOf: (id) => this.int(id, HASH),
    isPath: (id, path) => this.hasPath(id, path),
  });
  private readonly blobOwners: BlobOwners = {
    ownsBlob: (id, slab, offset) => {
      const ints = this.page(id);
      const o = (id & PAGE_MASK) * STRIDE;
      return ints[PARENT + o] !== FREE && ints[SLAB + o] === slab && ints[OFFSET + o] === offset;
    },
    blobMoved: (id, slab, offset) => {
      const ints = this.page(id);
      const o = (id & PAGE_MASK) * STRIDE;
      ints[SLAB + o] = slab;
      ints[OFFSET + o] = offset;
    },
  };
  private blobs: BlobSlabs;
  private readonly owners: bigint[] = [0n];
  private readonly freeOwners: number[] = [];

  /** `slabSize`: bytes per shared name-and-data slab (default SLAB_SIZE; tests use tiny ones). */
  constructor(private readonly slabSize = SLAB_SIZE) {
    this.blobs = new BlobSlabs(this.blobOwners, slabSize);
    this.addRoot();
  }

  /** Drops every node but a fresh root (all zero, ACL ref 0): a snapshot load starts here. */
  clear(): void {
    this.ints.length = 0;
    this.floats.length = 0;
    this.highWater = 0;
    this.freeIds.length = 0;
    this.liveCount = 0;
    this.index.clear();
    this.blobs = new BlobSlabs(this.blobOwners, this.slabSize);
    this.owners.length = 1;
    this.freeOwners.length = 0;
    this.addRoot();
  }

  private addRoot(): void {
    const root = this.allocateId();
    this.initRecord(root, NONE, '/', 1, 0, EMPTY_DATA, 0, 0, 0, NO_OWNER);
  }

  /** Live znodes, the root included. */
  get size(): number {
    return this.liveCount;
  }

  /** Bytes held in name-and-data slabs (live blobs, garbage and the current slab's free tail). */
  get slabBytes(): number {
    return this.blobs.capacity;
  }

  /** Bytes the store holds: record pages, path index and slabs (for benchmarks). */
  get capacityBytes(): number {
    return this.ints.length * PAGE_SIZE * STRIDE * 4 + this.index.byteLength + this.blobs.capacity;
  }

  // ---------------------------------------------------------------- path index

  /** The node at `path`, or NONE (also for anything that is not a string). */
  find(path: unknown): number {
    if (typeof path !== 'string') return NONE;
    if (path === '/') return ROOT;
    return this.findHashed(path, hashPath(path));
  }

  findHashed(path: string, hash: number): number {
    return this.index.find(hash, path);
  }

  /** Whether node `id`'s path is `path`: its names, walking up, are `path`'s segments. */
  private hasPath(id: number, path: string): boolean {
    let end = path.length;
    let node = id;
    while (node !== ROOT) {
      const ints = this.page(node);
      const o = (node & PAGE_MASK) * STRIDE;
      const nameLength = ints[NAME_LENGTH + o] as number;
      const bytes = this.blobs.slabs[ints[SLAB + o] as number] as Uint8Array;
      const at = (ints[OFFSET + o] as number) + BLOB_HEADER;
      if (nameLength >= 0) {
        const start = end - nameLength;
        if (start < 1) return false;
        for (let i = 0; i < nameLength; i++) {
          if (path.charCodeAt(start + i) !== bytes[at + i]) return false;
        }
        end = start;
      } else {
        const start = end + nameLength;
        if (start < 1) return false;
        for (let i = 0; i < -nameLength; i++) {
          const unit = (bytes[at + 2 * i] as number) | ((bytes[at + 2 * i + 1] as number) << 8);
          if (path.charCodeAt(start + i) !== unit) return false;
        }
        end = start;
      }
      if (path.charCodeAt(end - 1) !== 0x2f) return false;
      end--;
      node = ints[PARENT + o] as number;
    }
    return end === 0;
  }

  // ---------------------------------------------------------------- records

  private page(id: number): Int32Array {
    return this.ints[id >>> PAGE_BITS] as Int32Array;
  }

  int(id: number, slot: number): number {
    return this.page(id)[(id & PAGE_MASK) * STRIDE + slot] as number;
  }

  setInt(id: number, slot: number, value: number): void {
    this.page(id)[(id & PAGE_MASK) * STRIDE + slot] = value;
  }

  float(id: number, slot: number): number {
    return (this.floats[id >>> PAGE_BITS] as Float64Array)[((id & PAGE_MASK) * STRIDE) / 2 + slot] as number;
  }

  setFloat(id: number, slot: number, value: number): void {
    (this.floats[id >>> PAGE_BITS] as Float64Array)[((id & PAGE_MASK) * STRIDE) / 2 + slot] = value;
  }

  /** The float64 page holding `id` and the record's float64 base, for reading a whole Stat. */
  floatsOf(id: number): Float64Array {
    return this.floats[id >>> PAGE_BITS] as Float64Array;
  }
  intsOf(id: number): Int32Array {
    return this.page(id);
  }

  /** Whether `id` is a live node whose slot was not reused since it had `generation`. */
  isLive(id: number, generation: number): boolean {
    return (
      id >= 0 &&
      id < this.highWater &&
      this.int(id, PARENT) !== FREE &&
      this.int(id, GENERATION) === generation
    );
  }

  generation(id: number): number {
    return this.int(id, GENERATION);
  }

  parent(id: number): number {
    return this.int(id, PARENT);
  }

  private allocateId(): number {
    if (this.freeIds.length > 0) return this.freeIds.pop() as number;
    const id = this.highWater++;
    if (id >>> PAGE_BITS >= this.ints.length) {
      const buffer = new ArrayBuffer(PAGE_SIZE * STRIDE * 4);
      this.ints.push(new Int32Array(buffer));
      this.floats.push(new Float64Array(buffer));
    }
    return id;
  }

  private initRecord(
    id: number,
    parent: number,
    path: string,
    nameStart: number,
    hash: number,
    data: Uint8Array,
    acl: number,
    zxid: number,
    time: number,
    owner: bigint,
  ): void {
    const ints = this.page(id);
    const floats = this.floatsOf(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const f = o / 2;
    floats[CZXID + f] = zxid;
    floats[MZXID + f] = zxid;
    floats[CTIME + f] = time;
    floats[MTIME + f] = time;
    floats[PZXID + f] = zxid;
    ints[VERSION + o] = 0;
    ints[CVERSION + o] = 0;
    ints[AVERSION + o] = 0;
    ints[ACL + o] = acl;
    ints[NUM_CHILDREN + o] = 0;
    ints[PARENT + o] = parent;
    ints[FIRST_CHILD + o] = NONE;
    ints[NEXT + o] = id;
    ints[PREV + o] = id;
    ints[HASH + o] = hash;
    ints[OWNER + o] = 0;
    this.liveCount++;
    if (owner !== NO_OWNER) this.setOwner(id, owner);
    this.writeBlob(id, path, nameStart, data);
  }

  /**
   * Adds node `path` (absent: the caller checked) under `parent`, with Stat zeroes except the
   * zxids and times; `hash` is `hashPath(path)`. The data is copied.
   */
  insert(
    parent: number,
    path: string,
    hash: number,
    data: Uint8Array,
    acl: number,
    zxid: number,
    time: number,
    owner: bigint,
  ): number {
    const id = this.allocateId();
    this.initRecord(id, parent, path, path.lastIndexOf('/') + 1, hash, data, acl, zxid, time, owner);
    this.index.insert(id, hash, this.liveCount - 1);
    this.link(parent, id);
    this.blobs.settle();
    return id;
  }

  /** Removes a node (its children are the caller's business) and frees its slot. */
  remove(id: number): void {
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const parent = ints[PARENT + o] as number;
    if (parent !== NONE) this.unlink(parent, id);
    this.index.remove(id, ints[HASH + o] as number);
    this.blobs.free(ints[SLAB + o] as number, ints[OFFSET + o] as number);
    this.setOwner(id, NO_OWNER);
    ints[PARENT + o] = FREE;
    ints[GENERATION + o] = ((ints[GENERATION + o] as number) + 1) | 0;
    this.liveCount--;
    this.freeIds.push(id);
    this.blobs.settle();
  }

  // ---------------------------------------------------------------- children

  private link(parent: number, child: number): void {
    const first = this.int(parent, FIRST_CHILD);
    if (first === NONE) {
      this.setInt(parent, FIRST_CHILD, child);
      this.setInt(child, NEXT, child);
      this.setInt(child, PREV, child);
    } else {
      const last = this.int(first, PREV);
      this.setInt(child, NEXT, first);
      this.setInt(child, PREV, last);
      this.setInt(last, NEXT, child);
      this.setInt(first, PREV, child);
    }
    this.setInt(parent, NUM_CHILDREN, this.int(parent, NUM_CHILDREN) + 1);
  }

  private unlink(parent: number, child: number): void {
    const next = this.int(child, NEXT);
    if (next === child) {
      this.setInt(parent, FIRST_CHILD, NONE);
    } else {
      const prev = this.int(child, PREV);
      this.setInt(prev, NEXT, next);
      this.setInt(next, PREV, prev);
      if (this.int(parent, FIRST_CHILD) === child) this.setInt(parent, FIRST_CHILD, next);
    }
    this.setInt(child, NEXT, child);
    this.setInt(child, PREV, child);
    this.setInt(parent, NUM_CHILDREN, this.int(parent, NUM_CHILDREN) - 1);
  }

  /** Moves `child` to the newest end of its parent's children (a snapshot's later copy of a path). */
  relinkAsNewest(child: number): void {
    const parent = this.parent(child);
    if (parent === NONE) return;
    this.unlink(parent, child);
    this.link(parent, child);
  }

  /** The oldest child, or NONE. */
  firstChild(id: number): number {
    return this.int(id, FIRST_CHILD);
  }

  /** The next younger sibling of `child` under `parent`, or NONE after the youngest. */
  nextChild(parent: number, child: number): number {
    const next = this.int(child, NEXT);
    return next === this.int(parent, FIRST_CHILD) ? NONE : next;
  }

  /** Child ids, oldest first. */
  children(id: number): number[] {
    const out: number[] = [];
    for (let child = this.firstChild(id); child !== NONE; child = this.nextChild(id, child)) out.push(child);
    return out;
  }

  /** Child names, oldest first (getChildren). */
  childNames(id: number): string[] {
    const out: string[] = new Array(this.int(id, NUM_CHILDREN));
    let i = 0;
    for (let child = this.firstChild(id); child !== NONE; child = this.nextChild(id, child))
      out[i++] = this.name(child);
    return out;
  }

  // ---------------------------------------------------------------- names, paths, data, owners

  name(id: number): string {
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const nameLength = ints[NAME_LENGTH + o] as number;
    const bytes = this.blobs.slabs[ints[SLAB + o] as number] as Uint8Array;
    const at = (ints[OFFSET + o] as number) + BLOB_HEADER;
    if (nameLength >= 0) return latin1(bytes, at, nameLength);
    let name = '';
    for (let i = 0; i < -nameLength; i++)
      name += String.fromCharCode((bytes[at + 2 * i] as number) | ((bytes[at + 2 * i + 1] as number) << 8));
    return name;
  }

  path(id: number): string {
    if (id === ROOT) return '/';
    const names: string[] = [];
    for (let node = id; node !== ROOT; node = this.parent(node)) names.push(this.name(node));
    let path = '';
    for (let i = names.length - 1; i >= 0; i--) path += `/${names[i]}`;
    return path;
  }

  dataLength(id: number): number {
    const length = this.int(id, DATA_LENGTH);
    return Math.max(length, 0);
  }

  /** The data: a view into its slab (never written again), NULL_DATA for null data. */
  data(id: number): Uint8Array {
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const length = ints[DATA_LENGTH + o] as number;
    if (length <= 0) return length < 0 ? NULL_DATA : EMPTY_DATA;
    const nameLength = ints[NAME_LENGTH + o] as number;
    const bytes = this.blobs.slabs[ints[SLAB + o] as number] as Uint8Array;
    const at = (ints[OFFSET + o] as number) + BLOB_HEADER + (nameLength >= 0 ? nameLength : -2 * nameLength);
    return bytes.subarray(at, at + length);
  }

  /** Writes the data as a length-prefixed field (-1 for null data) straight from its slab. */
  writeData(id: number, w: BinaryWriter): void {
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const length = ints[DATA_LENGTH + o] as number;
    if (length < 0) {
      w.int(-1);
      return;
    }
    const nameLength = ints[NAME_LENGTH + o] as number;
    const at = (ints[OFFSET + o] as number) + BLOB_HEADER + (nameLength >= 0 ? nameLength : -2 * nameLength);
    w.bytesFrom(this.blobs.slabs[ints[SLAB + o] as number] as Uint8Array, at, length);
  }

  /** Replaces the data: a new blob with the same name (the old one's bytes stay as they were). */
  setData(id: number, data: Uint8Array): void {
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    const oldSlab = ints[SLAB + o] as number;
    const oldOffset = ints[OFFSET + o] as number;
    const nameLength = ints[NAME_LENGTH + o] as number;
    const nameBytes = nameLength >= 0 ? nameLength : -2 * nameLength;
    const dataBytes = data === NULL_DATA ? 0 : data.length;
    const into = this.blobs.allocate(id, nameBytes + dataBytes);
    const at = this.blobs.offset + BLOB_HEADER;
    const from = this.blobs.slabs[oldSlab] as Uint8Array;
    copyBytes(from, oldOffset + BLOB_HEADER, nameBytes, into, at);
    if (dataBytes > 0) into.set(data, at + nameBytes);
    ints[SLAB + o] = this.blobs.slab;
    ints[OFFSET + o] = this.blobs.offset;
    ints[DATA_LENGTH + o] = data === NULL_DATA ? -1 : dataBytes;
    this.blobs.free(oldSlab, oldOffset);
    this.blobs.settle();
  }

  private writeBlob(id: number, path: string, nameStart: number, data: Uint8Array): void {
    let wide = false;
    for (let i = nameStart; i < path.length; i++) {
      if (path.charCodeAt(i) > 0xff) {
        wide = true;
        break;
      }
    }
    const nameLength = path.length - nameStart;
    const nameBytes = wide ? 2 * nameLength : nameLength;
    const dataBytes = data === NULL_DATA ? 0 : data.length;
    const bytes = this.blobs.allocate(id, nameBytes + dataBytes);
    const at = this.blobs.offset + BLOB_HEADER;
    if (wide) {
      for (let i = 0; i < nameLength; i++) {
        const unit = path.charCodeAt(nameStart + i);
        bytes[at + 2 * i] = unit;
        bytes[at + 2 * i + 1] = unit >>> 8;
      }
    } else {
      for (let i = 0; i < nameLength; i++) bytes[at + i] = path.charCodeAt(nameStart + i);
    }
    if (dataBytes > 0) bytes.set(data, at + nameBytes);
    const ints = this.page(id);
    const o = (id & PAGE_MASK) * STRIDE;
    ints[SLAB + o] = this.blobs.slab;
    ints[OFFSET + o] = this.blobs.offset;
    ints[NAME_LENGTH + o] = wide ? -nameLength : nameLength;
    ints[DATA_LENGTH + o] = data === NULL_DATA ? -1 : dataBytes;
  }

  owner(id: number): bigint {
    const slot = this.int(id, OWNER);
    return slot === 0 ? NO_OWNER : (this.owners[slot] as bigint);
  }

  setOwner(id: number, owner: bigint): void {
    const slot = this.int(id, OWNER);
    if (owner === 0n) {
      if (slot !== 0) {
        this.owners[slot] = 0n;
        this.freeOwners.push(slot);
        this.setInt(id, OWNER, 0);
      }
    } else if (slot !== 0) {
      this.owners[slot] = owner;
    } else {
      const fresh = this.freeOwners.length > 0 ? (this.freeOwners.pop() as number) : this.owners.length;
      this.owners[fresh] = owner;
      this.setInt(id, OWNER, fresh);
    }
  }

  /** Every live node id (any order): for whole-tree passes that need no paths. */
  *ids(): Generator<number> {
    for (let id = 0; id < this.highWater; id++) if (this.int(id, PARENT) !== FREE) yield id;
  }

  /**
   * Every node with its path, parents before children, siblings oldest first. Safe to resume
   * after the tree changed (a fuzzy snapshot writes between applies): a node deleted meanwhile
   * is skipped with its subtree; a node created meanwhile may or may not be visited, but never
   * before its parent; a slot is visited at most once.
   */
  *walk(): Generator<[id: number, path: string]> {
    // slots beyond the high-water mark at the start hold nodes created since: skipped
    const visited = new Uint8Array((this.highWater + 7) >>> 3);
    const limit = this.highWater;
    const seen = (id: number) => id >= limit || ((visited[id >>> 3] as number) & (1 << (id & 7))) !== 0;
    const mark = (id: number) => {
      visited[id >>> 3] = (visited[id >>> 3] as number) | (1 << (id & 7));
    };
    interface Frame {
      id: number;
      generation: number;
      /** The path with its trailing '/'. */
      prefix: string;
      next: number;
      nextGeneration: number;
    }
    const frame = (id: number, prefix: string): Frame => {
      const next = this.firstChild(id);
      return {
        id,
        generation: this.generation(id),
        prefix,
        next,
        nextGeneration: next === NONE ? 0 : this.generation(next),
      };
    };
    mark(ROOT);
    yield [ROOT, '/'];
    const stack: Frame[] = [frame(ROOT, '/')];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      if (!this.isLive(top.id, top.generation)) {
        stack.pop();
        continue;
      }
      let child = top.next;
      if (child !== NONE && (!this.isLive(child, top.nextGeneration) || this.parent(child) !== top.id)) {
        // the next sibling went away meanwhile: start over from the oldest, skipping the visited
        child = this.firstChild(top.id);
      }
      while (child !== NONE && seen(child)) child = this.nextChild(top.id, child);
      if (child === NONE) {
        stack.pop();
        continue;
      }
      const next = this.nextChild(top.id, child);
      top.next = next;
      top.nextGeneration = next === NONE ? 0 : this.generation(next);
      mark(child);
      const generation = this.generation(child);
      const path = top.prefix + this.name(child);
      yield [child, path];
      if (this.isLive(child, generation) && this.firstChild(child) !== NONE)
        stack.push(frame(child, `${path}/`));
    }
  }
}

function latin1(bytes: Uint8Array, at: number, length: number): string {
  if (length <= 16) {
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[at + i] as number);
    return s;
  }
  return String.fromCharCode.apply(null, Array.from(bytes.subarray(at, at + length)));
}
