/**
 * Decoded values are views into the socket chunk they arrived in; a small value that keeps a
 * whole 64 KB chunk alive would be a leak for a cache of many nodes, so those are copied.
 */
export function detach(data: Uint8Array): Uint8Array {
  return data.buffer.byteLength > data.byteLength * 2 + 1024 ? data.slice() : data;
}
