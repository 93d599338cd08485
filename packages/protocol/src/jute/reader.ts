/**
 * Reads jute's binary encoding (BinaryInputArchive): big-endian ints and longs, one-byte
 * booleans, and int32-length-prefixed strings, buffers and vectors where −1 means null.
 * Every read checks the bytes left first, so garbage input fails with a ProtocolError before
 * anything is allocated.
 */
import { ProtocolError } from '../errors';
import { NULL_BUFFER } from './null-buffer';

const TWO_32 = 4294967296;
const utf8 = new TextDecoder('utf-8');

/**
 * UTF-8 bytes to a string; malformed sequences become U+FFFD, as Java's `new String(bytes, UTF_8)`
 * does. Node's native Buffer#utf8Slice works on any Uint8Array and is several times cheaper than
 * TextDecoder (or a hand-built string, which V8 must flatten later) for path-sized strings.
 */
const nativeUtf8Slice = (globalThis as { Buffer?: { prototype: { utf8Slice?: unknown } } }).Buffer?.prototype
  .utf8Slice as ((this: Uint8Array, start: number, end: number) => string) | undefined;
const decodeUtf8: (bytes: Uint8Array, start: number, end: number) => string =
  typeof nativeUtf8Slice === 'function'
    ? (bytes, start, end) => nativeUtf8Slice.call(bytes, start, end)
    : (bytes, start, end) => utf8.decode(bytes.subarray(start, end));

/** Big-endian int32 at `p`; the caller has checked the bounds. */
export function getInt(b: Uint8Array, p: number): number {
  return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
}

/** Big-endian int64 at `p` as a number (exact below 2^53); the caller has checked the bounds. */
export function getLong(b: Uint8Array, p: number): number {
  return getInt(b, p) * TWO_32 + (getInt(b, p + 4) >>> 0);
}

export class JuteReader {
  /** Next byte to read, as an index into `bytes`. */
  offset: number;
  bytes: Uint8Array;
  end: number;

  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = offset;
    this.end = end;
  }

  /** Points the reader at new input, so one reader can serve many decodes without allocating. */
  reset(bytes: Uint8Array, offset = 0, end = bytes.length): this {
    this.bytes = bytes;
    this.offset = offset;
    this.end = end;
    return this;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Throws ProtocolError('truncated') unless n more bytes are there. */
  need(n: number, what: string): void {
    if (this.end - this.offset < n) {
      throw new ProtocolError(
        'truncated',
        `truncated record: ${what} needs ${n} bytes at offset ${this.offset}, ${this.end - this.offset} left`,
      );
    }
  }

  readInt(): number {
    this.need(4, 'int');
    const b = this.bytes;
    const p = this.offset;
    this.offset = p + 4;
    return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  }

  /** A long as a `number` (zxids, times, TTLs): exact while |value| < 2^53. */
  readLong(): number {
    this.need(8, 'long');
    const b = this.bytes;
    const p = this.offset;
    this.offset = p + 8;
    const hi = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    const lo = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
    return hi * TWO_32 + lo;
  }

  /** A long as a `bigint` (session ids, ephemeralOwner: the top byte carries a server id or a marker). */
  readLongBig(): bigint {
    this.need(8, 'long');
    const b = this.bytes;
    const p = this.offset;
    this.offset = p + 8;
    const hi = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    const lo = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
    if (hi === 0 && lo === 0) return 0n;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Java's readBoolean: any non-zero byte is true. */
  readBool(): boolean {
    this.need(1, 'boolean');
    return this.bytes[this.offset++] !== 0;
  }

  /** The int32 length prefix of a string or buffer: −1 = null, else 0..remaining. */
  private readLength(what: string): number {
    const length = this.readInt();
    if (length < -1 || length > this.end - this.offset) {
      throw new ProtocolError(
        'invalid-length',
        `invalid ${what} length ${length} at offset ${this.offset - 4} (${this.end - this.offset} bytes left)`,
      );
    }
    return length;
  }

  /** A ustring; null (length −1) reads as '' — use readNullableString where null means something. */
  readString(): string {
    const length = this.readLength('string');
    return length <= 0 ? '' : this.decodeUtf8(length);
  }

  readNullableString(): string | null {
    const length = this.readLength('string');
    if (length === -1) return null;
    return length === 0 ? '' : this.decodeUtf8(length);
  }

  private decodeUtf8(length: number): string {
    const start = this.offset;
    this.offset = start + length;
    return decodeUtf8(this.bytes, start, start + length);
  }

  /**
   * A buffer as a view into the input (no copy): callers that keep it beyond the life of the
   * input bytes must copy it. Null (length −1) reads as NULL_BUFFER so it re-encodes as −1.
   */
  readBuffer(): Uint8Array {
    const length = this.readLength('buffer');
    if (length === -1) return NULL_BUFFER;
    const start = this.offset;
    this.offset = start + length;
    const bytes = this.bytes;
    // A view built from the ArrayBuffer is cheaper than subarray(), which looks up @@species.
    return new Uint8Array(bytes.buffer, bytes.byteOffset + start, length);
  }

  /**
   * A vector's count: −1 = null, else at most remaining / minElementSize so a forged count
   * cannot make us allocate more than the frame could hold.
   */
  readCount(minElementSize: number, what: string): number {
    const count = this.readInt();
    if (count < -1 || count * minElementSize > this.end - this.offset) {
      throw new ProtocolError(
        'invalid-length',
        `invalid ${what} count ${count} at offset ${this.offset - 4} (${this.end - this.offset} bytes left)`,
      );
    }
    return count;
  }

  /** vector<ustring>; a null vector reads as []. */
  readStringVector(what = 'vector<ustring>'): string[] {
    const count = this.readCount(4, what);
    const items: string[] = [];
    for (let i = 0; i < count; i++) items.push(this.readString());
    return items;
  }
}
