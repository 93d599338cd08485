import type { Id } from '@zkts/core';

/** Java's String.hashCode over UTF-16 code units, with int overflow. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The jute-generated Id.hashCode: 37 × (37 × 17 + scheme.hashCode()) + id.hashCode(). */
function idHash(id: Id): number {
  const first = (Math.imul(37, 17) + javaStringHash(id.scheme)) | 0;
  return (Math.imul(37, first) + javaStringHash(id.id)) | 0;
}

/**
 * The ids in the order a Java hash set of them iterates (ZooKeeper keeps a connection's auth
 * ids in one, and whoAmI lists them in that order): by bucket of the spread hash in a table of
 * 16 slots, doubled while more than 3/4 full, and in insertion order within a bucket.
 */
export function inJavaHashSetOrder(ids: readonly Id[]): Id[] {
  let slots = 16;
  while (ids.length > slots * 0.75) slots *= 2;
  const keyed = ids.map((id, index) => {
    const hash = idHash(id);
    return { id, index, bucket: (hash ^ (hash >>> 16)) & (slots - 1) };
  });
  keyed.sort((a, b) => a.bucket - b.bucket || a.index - b.index);
  return keyed.map((entry) => entry.id);
}

/**
 * Child names in the order ZooKeeper's getChildren lists them: the iteration order of the
 * parent's `HashSet<String>(8)`, i.e. by bucket of the spread String hash in a table of 8 slots
 * doubled while more than 3/4 full, then by insertion (creation, `czxid`) order within a bucket.
 * Exact while a node's children were only ever added; after removals ZooKeeper's table may be
 * larger than the current count implies, and the order can differ (clients must not rely on it).
 */
export function inJavaChildOrder(children: string[], czxidOf: (name: string) => number): string[] {
  if (children.length < 2) return children;
  let slots = 8;
  while (children.length > slots * 0.75) slots *= 2;
  const keyed = children.map((name) => {
    const hash = javaStringHash(name);
    return { name, bucket: (hash ^ (hash >>> 16)) & (slots - 1), czxid: -1 };
  });
  keyed.sort((a, b) => {
    if (a.bucket !== b.bucket) return a.bucket - b.bucket;
    if (a.czxid === -1) a.czxid = czxidOf(a.name);
    if (b.czxid === -1) b.czxid = czxidOf(b.name);
    return a.czxid - b.czxid;
  });
  for (let i = 0; i < keyed.length; i++) children[i] = (keyed[i] as { name: string }).name;
  return children;
}
