import { NULL_BUFFER } from '@zkts/protocol';

/** A copy with its own memory: for what is kept for good (a znode value in the tree). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.slice();
}

/**
 * A copy from Node's buffer pool (several times cheaper for small values than an ArrayBuffer
 * of its own, and no worse than a TCP reply, which is a view into its socket chunk): for
 * replies handed to a client. allocUnsafe is safe here: `set` overwrites every byte.
 */
export function pooledBytes(bytes: Uint8Array): Uint8Array {
  const copy = Buffer.allocUnsafe(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/**
 * A deep copy of a protocol record (plain objects, arrays, Uint8Arrays, primitives), for a
 * link that hands records over as objects: the tree keeps data buffers and may update a Stat
 * in place, and the other side may hold on to what it was given. The null-buffer marker keeps
 * its identity (it means "null", not "empty").
 */
export function cloneRecord<T>(value: T, copyBytes: (bytes: Uint8Array) => Uint8Array = ownBytes): T {
  return copy(value, copyBytes) as T;
}

function copy(value: unknown, copyBytes: (bytes: Uint8Array) => Uint8Array): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return value === NULL_BUFFER ? value : copyBytes(value);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], copyBytes);
    return out;
  }
  // a spread keeps the record's shape (fast); then only the nested fields need their own copy
  const out: Record<string, unknown> = { ...value };
  for (const key in out) {
    const field = out[key];
    if (typeof field === 'object' && field !== null) out[key] = copy(field, copyBytes);
  }
  return out;
}
