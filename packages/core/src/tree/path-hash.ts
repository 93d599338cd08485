/**
 * The path index's hash: FNV-1a over the path's UTF-16 code units, then murmur3's finalizer so
 * that the low bits (the table slot) depend on every character. Never 0-sensitive to length
 * alone: "/a" and "/a/" differ.
 */
export function hashPath(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
