import { NULL_BUFFER } from '@zkts/protocol';

/**
 * A deep copy of a protocol record (plain objects, arrays, Uint8Arrays, primitives), for a
 * link that hands records over as objects: the tree keeps data buffers and may update a Stat
 * in place, and the other side may hold on to what it was given. The null-buffer marker keeps
 * its identity (it means "null", not "empty").
 */
export function cloneRecord<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return value === NULL_BUFFER ? value : value.slice();
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copy((value as Record<string, unknown>)[key]);
  return out;
}
