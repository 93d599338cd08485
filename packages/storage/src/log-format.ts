// Txn log segment file format (all integers big-endian):
//
//   segment  = header record* zero-padding
//   header   = magic "ZKTL" | u32 version (1) | u64 baseZxid | u32 reserved (0) | u32 crc32(bytes 0..20)
//   record   = u32 crc32(bytes 4..16+length) | u32 length | u64 zxid | data[length]
//
// A segment is named log.<hex baseZxid>, baseZxid being the zxid of its first record. Files are
// preallocated with zeros, so an all-zero record header marks the end of the log. zxid 0 is
// never a txn, which keeps a zero header distinguishable from any real record.
import { crc32 } from './crc';

export const SEGMENT_MAGIC = 0x5a4b544c; // "ZKTL"
export const SEGMENT_VERSION = 1;
export const SEGMENT_HEADER_SIZE = 24;
export const RECORD_HEADER_SIZE = 16;
const TWO_32 = 2 ** 32;

export function segmentFileName(baseZxid: number): string {
  return `log.${baseZxid.toString(16)}`;
}

/** The base zxid of a segment file name, or undefined if the name is not a segment's. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = /^log\.([0-9a-f]{1,14})$/.exec(name);
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}

export function encodeSegmentHeader(baseZxid: number): Uint8Array {
  const bytes = new Uint8Array(SEGMENT_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SEGMENT_MAGIC);
  view.setUint32(4, SEGMENT_VERSION);
  writeZxid(view, 8, baseZxid);
  view.setUint32(20, crc32(bytes.subarray(0, 20)));
  return bytes;
}

/** The base zxid recorded in a segment header, or a reason why the header is not valid. */
export function decodeSegmentHeader(bytes: Uint8Array): { baseZxid: number } | { problem: string } {
  if (bytes.byteLength < SEGMENT_HEADER_SIZE) return { problem: 'file shorter than the segment header' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, SEGMENT_HEADER_SIZE);
  if (view.getUint32(0) !== SEGMENT_MAGIC) return { problem: 'bad magic (not a zkts txn log segment)' };
  if (view.getUint32(20) !== crc32(bytes.subarray(0, 20))) return { problem: 'segment header CRC mismatch' };
  if (view.getUint32(4) !== SEGMENT_VERSION) {
    return { problem: `unsupported segment version ${view.getUint32(4)}` };
  }
  const baseZxid = readZxid(view, 8);
  return baseZxid === undefined ? { problem: 'segment header zxid out of range' } : { baseZxid };
}

export function recordSize(dataLength: number): number {
  return RECORD_HEADER_SIZE + dataLength;
}

/** Encodes one record into `target` at `offset`; `target` must have recordSize(data.length) bytes there. */
export function encodeRecord(target: Uint8Array, offset: number, zxid: number, data: Uint8Array): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, RECORD_HEADER_SIZE);
  view.setUint32(4, data.byteLength);
  writeZxid(view, 8, zxid);
  target.set(data, offset + RECORD_HEADER_SIZE);
  const end = offset + RECORD_HEADER_SIZE + data.byteLength;
  view.setUint32(0, crc32(target.subarray(offset + 4, end)));
}

export type RecordHeader = { crc: number; length: number; zxid: number | undefined; allZero: boolean };

export function decodeRecordHeader(bytes: Uint8Array, offset: number): RecordHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, RECORD_HEADER_SIZE);
  const crc = view.getUint32(0);
  const length = view.getUint32(4);
  const hi = view.getUint32(8);
  const lo = view.getUint32(12);
  return { crc, length, zxid: readZxid(view, 8), allZero: crc === 0 && length === 0 && hi === 0 && lo === 0 };
}

/** Whether a record whose header is at `offset` in `bytes` (data included) has a matching CRC. */
export function recordCrcMatches(bytes: Uint8Array, offset: number, header: RecordHeader): boolean {
  const end = offset + RECORD_HEADER_SIZE + header.length;
  return crc32(bytes.subarray(offset + 4, end)) === header.crc;
}

function writeZxid(view: DataView, at: number, zxid: number): void {
  view.setUint32(at, Math.floor(zxid / TWO_32));
  view.setUint32(at + 4, zxid >>> 0);
}

/** Zxids are kept as numbers, so only values up to 2^53 are representable; larger ones are damage. */
function readZxid(view: DataView, at: number): number | undefined {
  const hi = view.getUint32(at);
  if (hi >= 2 ** 21) return undefined;
  return hi * TWO_32 + view.getUint32(at + 4);
}
