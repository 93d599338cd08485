/**
 * Who owns the blobs: the node store answers whether a blob is still a node's current one, and
 * is told when evacuation moves it.
 */
export interface BlobOwners {
  /** Whether node `id`'s current blob starts at `offset` in slab `slab`. */
  ownsBlob(id: number, slab: number, offset: number): boolean;
  /** Node `id`'s blob now starts at `offset` in slab `slab`. */
  blobMoved(id: number, slab: number, offset: number): void;
}

/** id:int32 length:int32 before each blob's bytes. */
export const BLOB_HEADER = 8;
/** Shared slabs are this big (one ArrayBuffer for ~1000 znodes of 100 bytes). */
export const SLAB_SIZE = 128 * 1024;

/**
 * Append-only byte slabs holding each znode's blob (its name and data, see NodeStore):
 *   blob = id:int32 length:int32 bytes[length]
 *
 * Bytes once written are never overwritten: a new value is a new blob, so a Uint8Array handed
 * out by a read keeps showing the value it was read at (its slab stays alive while it is
 * referenced). Freed blobs are garbage in their slab; once a slab other than the one being filled
 * holds less than half live bytes, `settle()` copies its live blobs (found through the headers)
 * to the current slab and drops it. So slabs hold at most twice the live bytes plus one slab, and
 * the copying costs at most one byte per byte freed.
 */
export class BlobSlabs {
  readonly slabs: Array<Uint8Array | undefined> = [];
  private readonly live: number[] = [];
  private readonly end: number[] = [];
  private readonly freeIndexes: number[] = [];
  private readonly candidates: number[] = [];
  private current = -1;
  /** Where the last `allocate` put its blob. */
  slab = 0;
  offset = 0;

  /** Blobs at least this long get a slab of their own, freed as a whole. */
  private readonly ownSlabFrom: number;

  constructor(
    private readonly owners: BlobOwners,
    /** Bytes per shared slab (tests use tiny ones to make compaction frequent). */
    private readonly slabSize = SLAB_SIZE,
  ) {
    this.ownSlabFrom = slabSize / 4;
  }

  /** Bytes held in slabs (live, garbage and free tail). */
  get capacity(): number {
    let total = 0;
    for (const slab of this.slabs) total += slab === undefined ? 0 : slab.byteLength;
    return total;
  }

  /**
   * Reserves a blob of `length` bytes for node `id` and returns its slab: the caller writes the
   * bytes at `this.offset + BLOB_HEADER`. The position is left in `slab` / `offset`.
   */
  allocate(id: number, length: number): Uint8Array {
    const total = BLOB_HEADER + length;
    let index: number;
    let at: number;
    if (total >= this.ownSlabFrom) {
      index = this.newSlab(total);
      at = 0;
    } else {
      if (this.current < 0 || (this.end[this.current] as number) + total > this.slabSize) this.rollOver();
      index = this.current;
      at = this.end[index] as number;
    }
    const bytes = this.slabs[index] as Uint8Array;
    writeInt32(bytes, at, id);
    writeInt32(bytes, at + 4, length);
    this.end[index] = at + total;
    this.live[index] = (this.live[index] as number) + total;
    this.slab = index;
    this.offset = at;
    return bytes;
  }

  /** The blob at `offset` in `slab` is garbage now. Call `settle()` once the owners are consistent. */
  free(slab: number, offset: number): void {
    const bytes = this.slabs[slab] as Uint8Array;
    const live = (this.live[slab] as number) - BLOB_HEADER - readInt32(bytes, offset + 4);
    this.live[slab] = live;
    if (slab !== this.current && live * 2 < bytes.byteLength) this.candidates.push(slab);
  }

  /** Drops or compacts the slabs that fell below half live. */
  settle(): void {
    const candidates = this.candidates;
    while (candidates.length > 0) {
      const index = candidates.pop() as number;
      const bytes = this.slabs[index];
      if (bytes === undefined || index === this.current) continue;
      const live = this.live[index] as number;
      if (live * 2 >= bytes.byteLength) continue;
      if (live > 0) this.evacuate(index, bytes);
      this.drop(index);
    }
  }

  /** Copies the live blobs of slab `index` to the current slab. */
  private evacuate(index: number, bytes: Uint8Array): void {
    const end = this.end[index] as number;
    for (let at = 0; at < end; ) {
      const id = readInt32(bytes, at);
      const length = readInt32(bytes, at + 4);
      const total = BLOB_HEADER + length;
      if (this.owners.ownsBlob(id, index, at)) {
        const into = this.allocate(id, length);
        into.set(bytes.subarray(at + BLOB_HEADER, at + total), this.offset + BLOB_HEADER);
        this.owners.blobMoved(id, this.slab, this.offset);
      }
      at += total;
    }
  }

  private rollOver(): void {
    const previous = this.current;
    this.current = this.newSlab(this.slabSize);
    if (previous >= 0 && (this.live[previous] as number) * 2 < this.slabSize) this.candidates.push(previous);
  }

  private newSlab(size: number): number {
    const index = this.freeIndexes.length > 0 ? (this.freeIndexes.pop() as number) : this.slabs.length;
    this.slabs[index] = new Uint8Array(size);
    this.live[index] = 0;
    this.end[index] = 0;
    return index;
  }

  private drop(index: number): void {
    this.slabs[index] = undefined;
    this.live[index] = 0;
    this.end[index] = 0;
    this.freeIndexes.push(index);
  }
}

export function readInt32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)
  );
}

function writeInt32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value;
  bytes[at + 1] = value >>> 8;
  bytes[at + 2] = value >>> 16;
  bytes[at + 3] = value >>> 24;
}
