/** What the index asks its owner: a slot's stored hash, and whether a candidate is the key. */
export interface PathIndexOwner {
  hashOf(id: number): number;
  /** Whether node `id` (whose stored hash matched) has path `path`. */
  isPath(id: number, path: string): boolean;
}

const MAX_LOAD = 0.75;
/** A slot of the previous table whose entry moved to the current one (or was removed). */
const MOVED = -1;
/** Previous-table slots moved per insert or remove: growth at 3/4 load leaves 3/4 of its size in changes to finish. */
const MIGRATE_PER_CHANGE = 8;

/**
 * Node ids by path hash: open addressing with linear probing over an Int32Array of `id + 1`
 * (0 = empty). Keys are not stored; the owner confirms a candidate (NodeStore compares the
 * path's segments with the names up to the root).
 *
 * Growing doubles the table incrementally: the previous table stays, and each insert or remove
 * moves a few of its slots over (a 10M-entry table rehashed at once stalls for seconds).
 * Lookups probe both. Moved and removed entries of the previous table become MOVED, so its
 * probe chains stay intact; its empty slots stay empty (at least a quarter), so every probe ends.
 */
export class PathIndex {
  private table = new Int32Array(64);
  private old: Int32Array | null = null;
  private migrated = 0;

  constructor(private readonly owner: PathIndexOwner) {}

  get byteLength(): number {
    return this.table.byteLength + (this.old === null ? 0 : this.old.byteLength);
  }

  clear(): void {
    this.table = new Int32Array(64);
    this.old = null;
    this.migrated = 0;
  }

  /** The id whose path is `path`, or -1. */
  find(hash: number, path: string): number {
    const found = this.probe(this.table, hash, path);
    if (found !== -1 || this.old === null) return found;
    return this.probe(this.old, hash, path);
  }

  private probe(table: Int32Array, hash: number, path: string): number {
    const mask = table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = table[at] as number;
      if (entry === 0) return -1;
      if (entry === MOVED) continue;
      const id = entry - 1;
      if (this.owner.hashOf(id) === hash && this.owner.isPath(id, path)) return id;
    }
  }

  /** Adds `id` (absent); `entries` is how many the index holds with it. */
  insert(id: number, hash: number, entries: number): void {
    this.migrate(MIGRATE_PER_CHANGE);
    if (entries / this.table.length > MAX_LOAD) {
      // (the previous growth is long done by now: it moves more slots per change than it has)
      this.migrate(Number.POSITIVE_INFINITY);
      this.old = this.table;
      this.migrated = 0;
      this.table = new Int32Array(this.table.length * 2);
    }
    place(this.table, id + 1, hash);
  }

  remove(id: number, hash: number): void {
    this.migrate(MIGRATE_PER_CHANGE);
    if (this.removeShifting(id + 1, hash)) return;
    const old = this.old;
    if (old === null) return;
    const mask = old.length - 1;
    for (let at = hash & mask; old[at] !== 0; at = (at + 1) & mask) {
      if (old[at] === id + 1) {
        old[at] = MOVED;
        return;
      }
    }
  }

  /** Moves up to `slots` slots of the previous table into the current one. */
  private migrate(slots: number): void {
    const old = this.old;
    if (old === null) return;
    const end = Math.min(old.length, this.migrated + slots);
    for (let at = this.migrated; at < end; at++) {
      const entry = old[at] as number;
      if (entry > 0) {
        place(this.table, entry, this.owner.hashOf(entry - 1));
        old[at] = MOVED;
      }
    }
    this.migrated = end;
    if (end === old.length) this.old = null;
  }

  /**
   * Linear probing's backward-shift delete from the current table (no tombstones there, so
   * probes stay short); false when `entry` is not in it.
   */
  private removeShifting(entry: number, hash: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    let hole = hash & mask;
    while (table[hole] !== entry) {
      if (table[hole] === 0) return false;
      hole = (hole + 1) & mask;
    }
    for (let at = (hole + 1) & mask; table[at] !== 0; at = (at + 1) & mask) {
      const home = this.owner.hashOf((table[at] as number) - 1) & mask;
      // the entry may fill the hole unless its home lies cyclically in (hole, at]
      const stays = hole <= at ? home > hole && home <= at : home > hole || home <= at;
      if (!stays) {
        table[hole] = table[at] as number;
        hole = at;
      }
    }
    table[hole] = 0;
    return true;
  }
}

/** Linear probing insert of `entry` (a current table has no MOVED slots). */
function place(table: Int32Array, entry: number, hash: number): void {
  const mask = table.length - 1;
  let at = hash & mask;
  while (table[at] !== 0) at = (at + 1) & mask;
  table[at] = entry;
}
