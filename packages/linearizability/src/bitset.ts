/**
 * The set of ops linearized so far, with an incrementally maintained Zobrist hash (a fixed
 * random word per op, XORed in and out), so hashing a search node costs O(1) instead of O(n).
 */
export class LinearizedSet {
  readonly words: Uint32Array;
  #hash = 0;
  readonly #keys: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
    this.#keys = zobristKeys(size);
  }

  get hash(): number {
    return this.#hash;
  }

  add(index: number): void {
    const word = index >>> 5;
    this.words[word] = (this.words[word] ?? 0) | (1 << (index & 31));
    this.#hash = (this.#hash ^ (this.#keys[index] ?? 0)) >>> 0;
  }

  remove(index: number): void {
    const word = index >>> 5;
    this.words[word] = (this.words[word] ?? 0) & ~(1 << (index & 31));
    this.#hash = (this.#hash ^ (this.#keys[index] ?? 0)) >>> 0;
  }

  /**
   * A compact copy: ops are mostly linearized in call order, so the set is a run of full words,
   * a short window, then zeros; only the window is stored.
   */
  snapshot(): LinearizedSnapshot {
    const words = this.words;
    let low = 0;
    while (low < words.length && words[low] === 0xffffffff) low++;
    let high = words.length;
    while (high > low && words[high - 1] === 0) high--;
    return { low, window: words.slice(low, high) };
  }

  /** A full copy, for small sets compared by inclusion. */
  copy(): Uint32Array {
    return this.words.slice();
  }

  /** Whether every member of `subset` (a `copy()` of a set of the same size) is in this set. */
  includes(subset: Uint32Array): boolean {
    const words = this.words;
    for (let i = 0; i < subset.length; i++) if (((subset[i] ?? 0) & ~(words[i] ?? 0)) !== 0) return false;
    return true;
  }

  equals(snapshot: LinearizedSnapshot): boolean {
    const words = this.words;
    for (let i = 0; i < snapshot.low; i++) if (words[i] !== 0xffffffff) return false;
    const window = snapshot.window;
    for (let i = 0; i < window.length; i++) if (words[snapshot.low + i] !== window[i]) return false;
    for (let i = snapshot.low + window.length; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }
}

export interface LinearizedSnapshot {
  readonly low: number;
  readonly window: Uint32Array;
}

/** Deterministic keys (mulberry32 from a fixed seed), so a search replays identically. */
function zobristKeys(size: number): Uint32Array {
  const keys = new Uint32Array(size);
  let seed = 0x2545f491;
  for (let i = 0; i < size; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    keys[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return keys;
}
