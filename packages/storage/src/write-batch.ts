import { encodeRecord, encodeSegmentHeader, recordSize } from './log-format';
import type { Segment } from './log-scan';

export const ARENA_SIZE = 256 * 1024;
/** Enough for a writer loop that writes one batch while the next fills, with slack. */
const POOLED_ARENAS = 4;

/**
 * Standard-size arenas handed back once the write that read them has resolved. Allocating a
 * fresh 256 KiB arena for every group write (hundreds a second under load) is external memory
 * that makes V8 run a full mark-compact many times a second, pausing the event loop each time.
 */
export class ArenaPool {
  private readonly free: Uint8Array[] = [];

  take(size: number): Uint8Array {
    if (size <= ARENA_SIZE) {
      const reused = this.free.pop();
      if (reused !== undefined) return reused;
    }
    return new Uint8Array(Math.max(ARENA_SIZE, size));
  }

  /** Only once nothing reads `arena` any more (its write resolved). */
  give(arena: Uint8Array): void {
    if (arena.byteLength === ARENA_SIZE && this.free.length < POOLED_ARENAS) this.free.push(arena);
  }
}

/**
 * Records appended to one segment since the last group write, encoded into large arena buffers
 * so one group write is a single writev of a few buffers, whatever the number of entries.
 */
export class WriteBatch {
  readonly chunks: Uint8Array[] = [];
  private readonly arenas: Uint8Array[] = [];
  private arena: Uint8Array = new Uint8Array(0);
  private used = 0;
  bytes = 0;
  /** Appended-entry count (log-wide) after this batch's last entry: the flush target it satisfies. */
  lastSequence = 0;
  lastZxid = 0;

  constructor(
    readonly segment: Segment,
    /** File offset where this batch's first byte goes. */
    readonly startOffset: number,
    /** True when the batch starts a new segment file (it then begins with the header). */
    readonly createsSegment: boolean,
    private readonly pool: ArenaPool = new ArenaPool(),
  ) {
    if (createsSegment) {
      const header = encodeSegmentHeader(segment.baseZxid);
      this.reserve(header.byteLength).set(header);
    }
  }

  add(zxid: number, data: Uint8Array, sequence: number): void {
    const size = recordSize(data.byteLength);
    const target = this.reserve(size);
    encodeRecord(target, 0, zxid, data);
    this.lastSequence = sequence;
    this.lastZxid = zxid;
  }

  /** The file offset just past this batch. */
  get endOffset(): number {
    return this.startOffset + this.bytes;
  }

  /** Hands the arenas back to the pool: call once the batch is written and never read again. */
  release(): void {
    for (const arena of this.arenas.splice(0)) this.pool.give(arena);
    this.chunks.length = 0;
    this.arena = new Uint8Array(0);
    this.used = 0;
  }

  private reserve(size: number): Uint8Array {
    if (this.arena.byteLength - this.used < size) {
      this.arena = this.pool.take(size);
      this.arenas.push(this.arena);
      this.used = 0;
      this.chunks.push(this.arena.subarray(0, 0));
    }
    const start = this.used;
    this.used += size;
    this.bytes += size;
    // The last chunk always covers the arena's used part.
    this.chunks[this.chunks.length - 1] = this.arena.subarray(0, this.used);
    return this.arena.subarray(start, this.used);
  }
}
