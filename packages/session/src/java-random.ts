/**
 * The linear congruential generator of `java.util.Random` (its published algorithm: a 48-bit
 * LCG with multiplier 0x5DEECE66D and addend 11, 32 output bits per step). It exists only so
 * that session passwords are byte-identical to the ones Apache ZooKeeper derives; it is not a
 * source of randomness for anything else.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK_48 = (1n << 48n) - 1n;

/** The bytes `new java.util.Random(seed).nextBytes(new byte[length])` produces. */
export function javaRandomBytes(seed: bigint, length: number): Uint8Array {
  let state = (seed ^ MULTIPLIER) & MASK_48;
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    state = (state * MULTIPLIER + ADDEND) & MASK_48;
    // nextInt(): the top 32 of the 48 state bits; nextBytes spends them low byte first.
    let word = Number(state >> 16n);
    for (let n = Math.min(length - filled, 4); n > 0; n--) {
      bytes[filled++] = word & 0xff;
      word >>>= 8;
    }
  }
  return bytes;
}
