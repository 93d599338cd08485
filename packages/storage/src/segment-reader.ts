import type { DiskFile } from './disk';
import {
  decodeRecordHeader,
  decodeSegmentHeader,
  RECORD_HEADER_SIZE,
  recordCrcMatches,
  SEGMENT_HEADER_SIZE,
} from './log-format';

const BLOCK_SIZE = 1 << 20;
/** Blocks read at once when checking a preallocated tail (libuv's thread pool has 4 threads). */
const PARALLEL_READS = 4;

/** One step of walking a segment's records. */
export type RecordStep =
  | { kind: 'entry'; offset: number; zxid: number; data: Uint8Array; next: number }
  /** A zero record header, or end of file exactly at a record boundary. */
  | { kind: 'end'; offset: number }
  /** Bytes that are neither a valid record nor the zero end marker. */
  | { kind: 'damaged'; offset: number; reason: string; claimedZxid: number | undefined };

/** Sequential, block-buffered reading of one segment file up to a fixed size. */
export class SegmentReader {
  private window = new Uint8Array(0);
  private windowStart = 0;

  constructor(
    readonly file: DiskFile,
    readonly size: number,
  ) {}

  async header(): Promise<{ baseZxid: number } | { problem: string }> {
    const bytes = await this.bytes(0, Math.min(SEGMENT_HEADER_SIZE, this.size));
    return decodeSegmentHeader(bytes);
  }

  /**
   * The record at `offset` if it lies entirely in the bytes already read, without waiting; undefined
   * when a read is needed (then call `step`). Keeps replay of a big log from paying an await per record.
   */
  stepBuffered(offset: number, previousZxid: number): RecordStep | undefined {
    if (offset >= this.size) return { kind: 'end', offset };
    const relative = offset - this.windowStart;
    if (relative < 0 || relative + RECORD_HEADER_SIZE > this.window.byteLength) return undefined;
    const header = decodeRecordHeader(this.window, relative);
    if (header.allZero || header.zxid === undefined || header.zxid <= previousZxid) return undefined;
    const next = offset + RECORD_HEADER_SIZE + header.length;
    if (next > this.size || next - this.windowStart > this.window.byteLength) return undefined;
    if (!recordCrcMatches(this.window, relative, header)) return undefined;
    const data = this.window.subarray(relative + RECORD_HEADER_SIZE, next - this.windowStart);
    return { kind: 'entry', offset, zxid: header.zxid, data, next };
  }

  /** Reads the record at `offset`, which must follow a record with zxid `previousZxid`. */
  async step(offset: number, previousZxid: number): Promise<RecordStep> {
    if (offset >= this.size) return { kind: 'end', offset };
    if (offset + RECORD_HEADER_SIZE > this.size) {
      const rest = await this.bytes(offset, this.size - offset);
      return rest.every((byte) => byte === 0)
        ? { kind: 'end', offset }
        : { kind: 'damaged', offset, reason: 'record header cut short', claimedZxid: undefined };
    }
    const head = await this.bytes(offset, RECORD_HEADER_SIZE);
    const header = decodeRecordHeader(head, 0);
    if (header.allZero) return { kind: 'end', offset };
    const claimedZxid = header.zxid;
    if (claimedZxid === undefined || claimedZxid <= previousZxid) {
      return { kind: 'damaged', offset, reason: 'zxid out of order or out of range', claimedZxid };
    }
    const next = offset + RECORD_HEADER_SIZE + header.length;
    if (next > this.size) {
      return { kind: 'damaged', offset, reason: 'record runs past the end of the file', claimedZxid };
    }
    const whole = await this.bytes(offset, next - offset);
    if (!recordCrcMatches(whole, 0, header)) {
      return { kind: 'damaged', offset, reason: 'CRC mismatch', claimedZxid };
    }
    return { kind: 'entry', offset, zxid: claimedZxid, data: whole.subarray(RECORD_HEADER_SIZE), next };
  }

  /** Whether every byte from `offset` to the end is zero (the preallocated tail). */
  async zerosFrom(offset: number): Promise<boolean> {
    // A preallocated tail is tens of megabytes of zeros, never read before: a few blocks are read
    // at once (the first read of a sparse region costs the kernel more than the copy), each into
    // a scratch block kept for the whole check.
    const blockBytes = Math.min(BLOCK_SIZE, Math.max(0, this.size - offset));
    const scratch = Array.from({ length: PARALLEL_READS }, () => new Uint8Array(blockBytes));
    const zeros = async (block: Uint8Array, at: number): Promise<boolean> => {
      const length = Math.min(BLOCK_SIZE, this.size - at);
      const read = await this.file.read(block, length, at);
      if (read < length) throw new Error(`${this.file.path}: file shrank while reading at ${at}`);
      return isAllZero(block.subarray(0, length));
    };
    for (let at = offset; at < this.size; at += BLOCK_SIZE * PARALLEL_READS) {
      const starts = scratch.map((_, i) => at + i * BLOCK_SIZE).filter((start) => start < this.size);
      const results = await Promise.all(starts.map((start, i) => zeros(scratch[i]!, start)));
      if (results.includes(false)) return false;
    }
    return true;
  }

  /**
   * Whether a valid record with a zxid above `previousZxid` starts anywhere after `offset`. Used to
   * tell a torn tail (nothing valid follows) from damage in the middle of the log (valid records
   * follow, so acknowledged txns would be lost by cutting). Rare path: scans byte by byte.
   */
  async validRecordAfter(offset: number, previousZxid: number): Promise<number | undefined> {
    if (offset >= this.size) return undefined;
    const rest = (await this.bytes(offset, this.size - offset)).slice();
    const view = new DataView(rest.buffer);
    let nonZero = 1;
    for (let at = 1; at + RECORD_HEADER_SIZE <= rest.byteLength; at++) {
      // A record header is never all zeros: skip zero runs (the preallocated tail) quickly.
      if (nonZero < at) nonZero = at;
      while (nonZero < rest.byteLength && rest[nonZero] === 0) nonZero++;
      if (nonZero >= at + RECORD_HEADER_SIZE) {
        at = nonZero - RECORD_HEADER_SIZE;
        continue;
      }
      // Cheap plausibility first: zxid above the last good one and within 2^53, length in bounds.
      const hi = view.getUint32(at + 8);
      if (hi >= 2 ** 21) continue;
      const zxid = hi * 2 ** 32 + view.getUint32(at + 12);
      if (zxid <= previousZxid) continue;
      const length = view.getUint32(at + 4);
      if (at + RECORD_HEADER_SIZE + length > rest.byteLength) continue;
      if (recordCrcMatches(rest, at, decodeRecordHeader(rest, at))) return offset + at;
    }
    return undefined;
  }

  /** A view of `length` bytes at `offset`, valid until the next call. */
  private async bytes(offset: number, length: number): Promise<Uint8Array> {
    const relative = offset - this.windowStart;
    if (relative >= 0 && relative + length <= this.window.byteLength) {
      return this.window.subarray(relative, relative + length);
    }
    const wanted = Math.min(Math.max(BLOCK_SIZE, length), this.size - offset);
    const buffer = new Uint8Array(wanted);
    const read = await this.file.read(buffer, wanted, offset);
    this.window = buffer.subarray(0, read);
    this.windowStart = offset;
    if (read < length) throw new Error(`${this.file.path}: file shrank while reading at ${offset}`);
    return this.window.subarray(0, length);
  }
}

const zeroBlock = Buffer.alloc(BLOCK_SIZE);

function isAllZero(bytes: Uint8Array): boolean {
  // Blocks are at most BLOCK_SIZE long; a native compare beats a byte loop on megabytes of zeros.
  return Buffer.compare(bytes, zeroBlock.subarray(0, bytes.byteLength)) === 0;
}
