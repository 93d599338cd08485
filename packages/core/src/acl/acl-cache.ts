import type { ACL } from '../types';

interface CachedAcl {
  key: string;
  acl: readonly ACL[];
  usage: number;
}

function keyOf(acl: readonly ACL[]): string {
  return JSON.stringify(acl.map((entry) => [entry.perms, entry.id.scheme, entry.id.id]));
}

function frozenCopy(acl: readonly ACL[]): readonly ACL[] {
  return Object.freeze(
    acl.map((entry) =>
      Object.freeze({ perms: entry.perms, id: Object.freeze({ scheme: entry.id.scheme, id: entry.id.id }) }),
    ),
  );
}

/**
 * Reference-counted store of ACL lists (ZooKeeper's ReferenceCountedACLCache): millions of znodes
 * share a handful of lists, so each node keeps a small integer ref and every distinct list (same
 * entries in the same order) is held once, frozen. A list is freed when its usage drops to 0.
 * Refs are never reused within one cache, so a stale ref fails loudly instead of aliasing.
 */
export class ACLCache {
  readonly #byRef = new Map<number, CachedAcl>();
  readonly #refByKey = new Map<string, number>();
  #nextRef = 1;

  /** The ref of `acl` (stored on first sight), with its usage incremented. */
  intern(acl: readonly ACL[]): number {
    const key = keyOf(acl);
    const existing = this.#refByKey.get(key);
    if (existing !== undefined) {
      this.#entry(existing).usage++;
      return existing;
    }
    const ref = this.#nextRef++;
    this.#byRef.set(ref, { key, acl: frozenCopy(acl), usage: 1 });
    this.#refByKey.set(key, ref);
    return ref;
  }

  /** The frozen list of `ref`; throws for a ref that is not (or no longer) stored. */
  get(ref: number): readonly ACL[] {
    return this.#entry(ref).acl;
  }

  /** The current usage count of `ref` (0 for refs not stored). */
  usage(ref: number): number {
    return this.#byRef.get(ref)?.usage ?? 0;
  }

  addUsage(ref: number): void {
    this.#entry(ref).usage++;
  }

  /** Decrements the usage of `ref`, freeing the list when it reaches 0. */
  removeUsage(ref: number): void {
    const entry = this.#entry(ref);
    entry.usage--;
    if (entry.usage <= 0) this.#free(ref, entry);
  }

  /** Frees every list whose usage is 0 (left by restore() of entries with usage 0). */
  purgeUnused(): void {
    for (const [ref, entry] of this.#byRef) if (entry.usage <= 0) this.#free(ref, entry);
  }

  /** Every stored list with its ref and usage, in insertion order (for snapshots). */
  *entries(): IterableIterator<[ref: number, acl: readonly ACL[], usage: number]> {
    for (const [ref, entry] of this.#byRef) yield [ref, entry.acl, entry.usage];
  }

  /**
   * Replaces the whole cache with snapshot entries, keeping their refs. Entries may carry usage 0
   * (to be counted up with addUsage as nodes load; then call purgeUnused). A fuzzy snapshot can
   * hold one list under two refs (freed and interned again while it was written): the later ref
   * becomes an alias of the first, and the returned map (alias → kept ref) lets the caller
   * repoint its nodes. Throws on a repeated ref.
   */
  restore(entries: Iterable<[number, readonly ACL[], number]>): Map<number, number> {
    this.#byRef.clear();
    this.#refByKey.clear();
    const aliases = new Map<number, number>();
    let maxRef = 0;
    for (const [ref, acl, usage] of entries) {
      if (!Number.isSafeInteger(ref) || ref < 1)
        throw new RangeError(`ACL cache restore: invalid ref ${ref}`);
      if (this.#byRef.has(ref) || aliases.has(ref)) throw new Error(`ACL cache restore: ref ${ref} repeated`);
      if (ref > maxRef) maxRef = ref;
      const key = keyOf(acl);
      const kept = this.#refByKey.get(key);
      if (kept !== undefined) {
        aliases.set(ref, kept);
        this.#entry(kept).usage += usage;
        continue;
      }
      this.#byRef.set(ref, { key, acl: frozenCopy(acl), usage });
      this.#refByKey.set(key, ref);
    }
    this.#nextRef = maxRef + 1;
    return aliases;
  }

  /** Number of distinct lists stored. */
  get size(): number {
    return this.#byRef.size;
  }

  #entry(ref: number): CachedAcl {
    const entry = this.#byRef.get(ref);
    if (!entry) throw new RangeError(`ACL cache: no list with ref ${ref} (freed or never interned)`);
    return entry;
  }

  #free(ref: number, entry: CachedAcl): void {
    this.#byRef.delete(ref);
    this.#refByKey.delete(entry.key);
  }
}
