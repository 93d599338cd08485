/**
 * Writes jute's binary encoding (BinaryOutputArchive) into a slab that grows on demand.
 *
 * Output is handed out by `take()` as a view of the slab, never a copy: the writer then keeps
 * appending after it, and moves to a fresh slab (carrying over only the unfinished frame) when
 * the current one is full. So one writer can encode millions of frames with one allocation per
 * slab, and a batch of replies leaves as a single Uint8Array for one socket write.
 */
import { NULL_BUFFER } from './null-buffer';

const TWO_32 = 4294967296;
const utf8 = new TextEncoder();
const DEFAULT_SLAB_SIZE = 64 * 1024;

/** Writes a big-endian int32 at `p`; the caller has ensured the room. */
export function putInt(b: Uint8Array, p: number, value: number): void {
  b[p] = value >>> 24;
  b[p + 1] = value >>> 16;
  b[p + 2] = value >>> 8;
  b[p + 3] = value;
}

/** Writes a number as a big-endian int64 at `p`; the caller has ensured the room. */
export function putLong(b: Uint8Array, p: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  putInt(b, p, hi);
  putInt(b, p + 4, value - hi * TWO_32);
}

export class JuteWriter {
  /** The current slab. */
  bytes: Uint8Array;
  /** Next byte to write. */
  offset = 0;
  /** First byte not yet handed out by take(). */
  private start = 0;
  private readonly slabSize: number;

  constructor(slabSize = DEFAULT_SLAB_SIZE) {
    this.slabSize = slabSize;
    this.bytes = new Uint8Array(slabSize);
  }

  /** Bytes written since the last take(). */
  get pending(): number {
    return this.offset - this.start;
  }

  /** Makes room for n more bytes, moving the pending output to a new slab if needed. */
  ensure(n: number): void {
    if (this.offset + n <= this.bytes.length) return;
    const pending = this.offset - this.start;
    const next = new Uint8Array(Math.max(this.slabSize, (pending + n) * 2));
    next.set(this.bytes.subarray(this.start, this.offset));
    this.bytes = next;
    this.start = 0;
    this.offset = pending;
  }

  /** Everything written since the last take(), as a view that later writes never touch. */
  take(): Uint8Array {
    const bytes = this.bytes;
    // A view built from the ArrayBuffer is cheaper than subarray(), which looks up @@species.
    const out = new Uint8Array(bytes.buffer, bytes.byteOffset + this.start, this.offset - this.start);
    this.start = this.offset;
    return out;
  }

  /** Drops what was written since the last take() (e.g. after an encoder threw half-way). */
  discard(): void {
    this.offset = this.start;
  }

  /** Reserves a 4-byte length prefix; returns a mark for endFrame (stable across slab moves). */
  beginFrame(): number {
    this.ensure(4);
    const mark = this.offset - this.start;
    this.offset += 4;
    return mark;
  }

  /** Forgets a frame begun at `mark` (e.g. when its encoder threw half-way). */
  abandonFrame(mark: number): void {
    this.offset = this.start + mark;
  }

  /** Fills in the length prefix reserved by beginFrame with the number of bytes written since. */
  endFrame(mark: number): void {
    const at = this.start + mark;
    this.patchInt(at, this.offset - at - 4);
  }

  private patchInt(at: number, value: number): void {
    const b = this.bytes;
    b[at] = value >>> 24;
    b[at + 1] = value >>> 16;
    b[at + 2] = value >>> 8;
    b[at + 3] = value;
  }

  writeInt(value: number): void {
    this.ensure(4);
    const b = this.bytes;
    const p = this.offset;
    b[p] = value >>> 24;
    b[p + 1] = value >>> 16;
    b[p + 2] = value >>> 8;
    b[p + 3] = value;
    this.offset = p + 4;
  }

  /** A long from a `number` (zxids, times, TTLs); must be a safe integer. */
  writeLong(value: number): void {
    this.ensure(8);
    const hi = Math.floor(value / TWO_32);
    const lo = value - hi * TWO_32;
    const b = this.bytes;
    const p = this.offset;
    b[p] = hi >>> 24;
    b[p + 1] = hi >>> 16;
    b[p + 2] = hi >>> 8;
    b[p + 3] = hi;
    b[p + 4] = lo >>> 24;
    b[p + 5] = lo >>> 16;
    b[p + 6] = lo >>> 8;
    b[p + 7] = lo;
    this.offset = p + 8;
  }

  /** A long from a `bigint` (session ids, ephemeralOwner), taken modulo 2^64. */
  writeLongBig(value: bigint): void {
    if (value === 0n) {
      this.writeInt(0);
      this.writeInt(0);
      return;
    }
    const unsigned = BigInt.asUintN(64, value);
    this.writeInt(Number(unsigned >> 32n));
    this.writeInt(Number(unsigned & 0xffffffffn));
  }

  writeBool(value: boolean): void {
    this.ensure(1);
    this.bytes[this.offset++] = value ? 1 : 0;
  }

  /** A ustring: int32 byte length + UTF-8. */
  writeString(value: string): void {
    const length = value.length;
    this.ensure(4 + length);
    const b = this.bytes;
    const at = this.offset;
    let p = at + 4;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        this.writeUtf8(value, at);
        return;
      }
      b[p++] = c;
    }
    this.patchInt(at, length);
    this.offset = p;
  }

  /** The slow path of writeString for non-ASCII text; `at` is where the length prefix goes. */
  private writeUtf8(value: string, at: number): void {
    this.offset = at;
    this.ensure(4 + value.length * 3);
    const body = this.offset + 4;
    const { written } = utf8.encodeInto(value, this.bytes.subarray(body, body + value.length * 3));
    this.patchInt(this.offset, written);
    this.offset = body + written;
  }

  writeNullableString(value: string | null): void {
    if (value === null) this.writeInt(-1);
    else this.writeString(value);
  }

  /** A buffer: int32 length + bytes; NULL_BUFFER (see null-buffer.ts) is written as length −1. */
  writeBuffer(value: Uint8Array): void {
    if (value === NULL_BUFFER) {
      this.writeInt(-1);
      return;
    }
    const length = value.length;
    this.ensure(4 + length);
    const p = this.offset;
    this.patchInt(p, length);
    this.bytes.set(value, p + 4);
    this.offset = p + 4 + length;
  }

  writeStringVector(values: readonly string[]): void {
    this.writeInt(values.length);
    for (const value of values) this.writeString(value);
  }
}
