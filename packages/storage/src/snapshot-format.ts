// Snapshot file format (integers big-endian):
//
//   snapshot = header frame* trailer
//   header   = magic "ZKTS" | u32 version (1) | u64 zxid | u32 reserved (0) | u32 crc32(bytes 0..20)
//   frame    = u32 length (< 0xFFFFFFFF) | chunk[length]
//   trailer  = u32 0xFFFFFFFF | u32 reserved (0) | u64 chunkCount | u64 chunkBytes
//              | u32 crc32(every byte of the file before this field)
//
// Named snapshot.<hex zxid>; written as snapshot.<hex zxid>.tmp-<n> and renamed when complete,
// so a file with the final name is whole unless the disk damaged it, which the trailer catches.
import { crc32 } from './crc';

export const SNAPSHOT_MAGIC = 0x5a4b5453; // "ZKTS"
export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_HEADER_SIZE = 24;
export const END_OF_FRAMES = 0xffffffff;
/** Trailer bytes after the END_OF_FRAMES marker, checksum included. */
export const TRAILER_REST_SIZE = 24;
const TWO_32 = 2 ** 32;

export function snapshotFileName(zxid: number): string {
  return `snapshot.${zxid.toString(16)}`;
}

export function parseSnapshotFileName(name: string): number | undefined {
  const match = /^snapshot\.([0-9a-f]{1,14})$/.exec(name);
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}

export function isSnapshotTempName(name: string): boolean {
  return /^snapshot\.[0-9a-f]{1,14}\.tmp-\d+$/.test(name);
}

export function encodeSnapshotHeader(zxid: number): Uint8Array {
  const bytes = new Uint8Array(SNAPSHOT_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SNAPSHOT_MAGIC);
  view.setUint32(4, SNAPSHOT_VERSION);
  setU64(view, 8, zxid);
  view.setUint32(20, crc32(bytes.subarray(0, 20)));
  return bytes;
}

export function decodeSnapshotHeader(bytes: Uint8Array): { zxid: number } | { problem: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== SNAPSHOT_MAGIC) return { problem: 'bad magic (not a zkts snapshot)' };
  if (view.getUint32(20) !== crc32(bytes.subarray(0, 20))) return { problem: 'header CRC mismatch' };
  if (view.getUint32(4) !== SNAPSHOT_VERSION) return { problem: `unsupported version ${view.getUint32(4)}` };
  return { zxid: getU64(view, 8) };
}

/** The trailer without its final checksum field (which covers these bytes too). */
export function encodeTrailerFields(chunkCount: number, chunkBytes: number): Uint8Array {
  const bytes = new Uint8Array(4 + TRAILER_REST_SIZE - 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, END_OF_FRAMES);
  setU64(view, 8, chunkCount);
  setU64(view, 16, chunkBytes);
  return bytes;
}

export function encodeU32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

export function readU32(bytes: Uint8Array, at = 0): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);
}

export function readU64(bytes: Uint8Array, at: number): number {
  return getU64(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at);
}

function setU64(view: DataView, at: number, value: number): void {
  view.setUint32(at, Math.floor(value / TWO_32));
  view.setUint32(at + 4, value >>> 0);
}

function getU64(view: DataView, at: number): number {
  return view.getUint32(at) * TWO_32 + view.getUint32(at + 4);
}
