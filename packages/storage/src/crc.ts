import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, initial?: number) => number;

// zlib.crc32 (CRC-32/ISO-HDLC, native) exists from Node 20.15 / 22.2; the package requires it.
const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `initial` (the previous result) when checksumming in pieces. */
export function crc32(data: Uint8Array, initial = 0): number {
  if (native === undefined) {
    throw new Error('@zkts/storage needs zlib.crc32: run it on Node.js >= 20.15 or >= 22.2');
  }
  return native(data, initial);
}
