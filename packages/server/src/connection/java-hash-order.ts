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
  const n = children.length;
  if (n < 2) return children;
  let slots = 8;
  while (n > slots * 0.75) slots *= 2;
  // counting sort by bucket (stable), then creation order inside the few buckets holding several
  const bucketOf = new Int32Array(n);
  const starts = new Int32Array(slots + 1);
  for (let i = 0; i < n; i++) {
    const hash = javaStringHash(children[i] as string);
    const bucket = (hash ^ (hash >>> 16)) & (slots - 1);
    bucketOf[i] = bucket;
    starts[bucket + 1]!++;
  }
  for (let b = 0; b < slots; b++) starts[b + 1]! += starts[b]!;
  const order = new Array<string>(n);
  const next = starts.slice(0, slots);
  for (let i = 0; i < n; i++) order[next[bucketOf[i]!]!++] = children[i] as string;
  for (let b = 0; b < slots; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to - from > 1) sortRangeByCzxid(order, from, to, czxidOf);
  }
  for (let i = 0; i < n; i++) children[i] = order[i] as string;
  return children;
}

/** Insertion sort of a bucket's few names by czxid (stable for equal czxids, e.g. one multi). */
function sortRangeByCzxid(
  names: string[],
  from: number,
  to: number,
  czxidOf: (name: string) => number,
): void {
  const keys: number[] = [];
  for (let i = from; i < to; i++) keys.push(czxidOf(names[i] as string));
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as number;
    const name = names[from + i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > key) {
      keys[j + 1] = keys[j] as number;
      names[from + j + 1] = names[from + j] as string;
      j--;
    }
    keys[j + 1] = key;
    names[from + j + 1] = name;
  }
}
