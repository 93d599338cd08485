import type { ACL } from '../types';

/**
 * Big-endian binary writer/reader shared by the txn codec and the snapshot format.
 * Integers follow jute's layout (int = 4 bytes, long = 8 bytes); 64-bit values that zkts keeps as
 * `number` (zxids, times) are exact below 2^53.
 */

/**
 * The one empty buffer that stands for jute's null buffer (length −1): a znode created with null
 * data answers getData with null. The txn codec and snapshots keep the distinction by writing −1
 * for this instance; the wire codec should use the same instance (see docs/core.md).
 */
export const NULL_DATA: Uint8Array = new Uint8Array(0);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const TWO_32 = 4294967296;

/**
 * Copies `source[start, start + length)` into `target` at `at`. Up to 64 bytes byte by byte,
 * without the view `subarray` allocates; above that the view plus `set` costs less than the
 * loop (measured on a 1M-znode snapshot and on the server's setData path).
 * @internal
 */
export function copyBytes(
  source: Uint8Array,
  start: number,
  length: number,
  target: Uint8Array,
  at: number,
): void {
  if (length > 64) target.set(source.subarray(start, start + length), at);
  else for (let i = 0; i < length; i++) target[at + i] = source[start + i] as number;
}

const SLAB_BYTES = 64 * 1024;

/**
 * Small copies handed out as views of a shared 64 KiB slab rather than a buffer each: every
 * buffer over 64 bytes is an off-heap allocation that each V8 scavenge must sweep, which at tens
 * of thousands of txns a second costs more than the txns' encoding. A slab is freed once no view
 * of it is left; a copy over 8 KiB gets a buffer of its own.
 * @internal
 */
export class ByteSlab {
  #slab = new Uint8Array(0);
  #used = 0;

  copyOf(source: Uint8Array, length: number): Uint8Array {
    if (length > SLAB_BYTES / 8) return source.slice(0, length);
    if (this.#used + length > this.#slab.length) {
      this.#slab = new Uint8Array(SLAB_BYTES);
      this.#used = 0;
    }
    const at = this.#used;
    copyBytes(source, 0, length, this.#slab, at);
    this.#used += length;
    return this.#slab.subarray(at, at + length);
  }
}

export class BinaryWriter {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  int(value: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buffer[this.length++] = value ? 1 : 0;
  }

  /** A 64-bit signed integer held in a number (must be a safe integer). */
  long(value: number): void {
    this.ensure(8);
    const high = Math.floor(value / TWO_32);
    this.view.setInt32(this.length, high);
    this.view.setUint32(this.length + 4, value - high * TWO_32);
    this.length += 8;
  }

  bigLong(value: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, BigInt.asIntN(64, value));
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    if (value === NULL_DATA) {
      this.int(-1);
      return;
    }
    this.ensure(4 + value.length);
    this.view.setInt32(this.length, value.length);
    this.buffer.set(value, this.length + 4);
    this.length += 4 + value.length;
  }

  /** One unsigned byte. */
  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** A length-prefixed byte field copied from `source[start, start + length)` (see copyBytes). */
  bytesFrom(source: Uint8Array, start: number, length: number): void {
    this.ensure(4 + length);
    this.view.setInt32(this.length, length);
    const at = this.length + 4;
    copyBytes(source, start, length, this.buffer, at);
    this.length = at + length;
  }

  /** Raw bytes without a length prefix. */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  string(value: string): void {
    const max = value.length * 3;
    this.ensure(4 + max);
    const start = this.length + 4;
    let written: number;
    // ASCII fast path: most znode paths are plain ASCII.
    let i = 0;
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f) break;
      this.buffer[start + i] = c;
    }
    if (i === value.length) {
      written = i;
    } else {
      written = encoder.encodeInto(value, this.buffer.subarray(start)).written;
    }
    this.view.setInt32(this.length, written);
    this.length = start + written;
  }

  /** The bytes written so far (a copy, so the writer may be reused). */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** The written bytes as a view of `slab` (see ByteSlab). */
  toSlab(slab: ByteSlab): Uint8Array {
    return slab.copyOf(this.buffer, this.length);
  }

  /** Hands out the written bytes and starts over with an empty buffer. */
  take(): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

export type DecodeErrorKind =
  | 'truncated'
  | 'bad-length'
  | 'bad-utf8'
  | 'unknown-type'
  | 'trailing-bytes'
  | 'bad-magic'
  | 'bad-checksum'
  | 'bad-version'
  | 'inconsistent';

/** Raised by the txn and snapshot decoders; `kind` says what was wrong with the input. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly kind: DecodeErrorKind,
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

export class BinaryReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) {
      throw new DecodeError('truncated', `needed ${count} more bytes, ${this.remaining} left`, this.offset);
    }
  }

  int(): number {
    this.need(4);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  bool(): boolean {
    this.need(1);
    return this.bytes[this.offset++] !== 0;
  }

  long(): number {
    this.need(8);
    const high = this.view.getInt32(this.offset);
    const low = this.view.getUint32(this.offset + 4);
    this.offset += 8;
    return high * TWO_32 + low;
  }

  bigLong(): bigint {
    this.need(8);
    const value = this.view.getBigInt64(this.offset);
    this.offset += 8;
    return value;
  }

  length(): number {
    const at = this.offset;
    const n = this.int();
    if (n < 0 || n > this.remaining) throw new DecodeError('bad-length', `length ${n} out of range`, at);
    return n;
  }

  bytesField(): Uint8Array {
    if (this.remaining >= 4 && this.view.getInt32(this.offset) === -1) {
      this.offset += 4;
      return NULL_DATA;
    }
    const n = this.length();
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  raw(count: number): Uint8Array {
    this.need(count);
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  string(): string {
    const n = this.length();
    const start = this.offset;
    this.offset += n;
    let ascii = true;
    for (let i = start; i < start + n; i++) {
      if ((this.bytes[i] as number) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      // fromCharCode in slices keeps the argument list short for long strings
      let out = '';
      for (let i = start; i < start + n; i += 4096) {
        out += String.fromCharCode(...this.bytes.subarray(i, Math.min(start + n, i + 4096)));
      }
      return out;
    }
    try {
      return decoder.decode(this.bytes.subarray(start, start + n));
    } catch {
      throw new DecodeError('bad-utf8', 'invalid UTF-8 in a string', start);
    }
  }

  /** A count for a vector whose elements take at least `minElementSize` bytes. */
  count(minElementSize: number): number {
    const at = this.offset;
    const n = this.int();
    if (n < 0 || n * minElementSize > this.remaining) {
      throw new DecodeError('bad-length', `element count ${n} out of range`, at);
    }
    return n;
  }
}

/** Adler-32 (the checksum ZooKeeper uses for its log and snapshots), incremental. */
export function adler32(bytes: Uint8Array, previous = 1): number {
  let a = previous & 0xffff;
  let b = (previous >>> 16) & 0xffff;
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const end = Math.min(i + 3800, length); // keeps the sums below 2^31 between reductions
    for (; i < end; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** An ACL list as the txn codec and snapshots store it: count:int (perms:int scheme:ustring id:ustring)*. */
/** Inverse of writeAcl. */
export function readAcl(r: BinaryReader): ACL[] {
  const n = r.count(12);
  const acl: ACL[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const perms = r.int();
    const scheme = r.string();
    const id = r.string();
    acl[i] = { perms, id: { scheme, id } };
  }
  return acl;
}

export function writeAcl(w: BinaryWriter, acl: readonly ACL[]): void {
  w.int(acl.length);
  for (const entry of acl) {
    w.int(entry.perms);
    w.string(entry.id.scheme);
    w.string(entry.id.id);
  }
}
