/**
 * What a znode's `ephemeralOwner` says about it (ZooKeeper's EphemeralType): 0 = ordinary,
 * Long.MIN_VALUE = container, high byte 0xFF with extended type 0 = TTL (ttl in the low 40 bits),
 * anything else = the owning session id. Kept as bigint because the top byte matters.
 */
export const NO_OWNER = 0n;
export const CONTAINER_OWNER = -0x8000000000000000n;
/** Largest TTL in ms (2^40 − 1). */
export const MAX_TTL = 2 ** 40 - 1;
const TTL_MASK = 0xff00000000000000n;
const TTL_TAG = -0x100000000000000n; // 0xFF00_0000_0000_0000 as a signed 64-bit value

export const EphemeralKind = {
  normal: 0,
  session: 1,
  container: 2,
  ttl: 3,
} as const;
export type EphemeralKind = (typeof EphemeralKind)[keyof typeof EphemeralKind];

/** The signed 64-bit owner of a TTL node (ttl must already be validated). */
export function ttlOwner(ttl: number): bigint {
  return TTL_TAG | BigInt(ttl);
}

export function ephemeralKind(owner: bigint): EphemeralKind {
  if (owner === 0n) return EphemeralKind.normal;
  if (owner === CONTAINER_OWNER) return EphemeralKind.container;
  // extended types (high byte 0xFF); only TTL (extended type 0) exists
  if ((BigInt.asUintN(64, owner) & TTL_MASK) === TTL_MASK) return EphemeralKind.ttl;
  return EphemeralKind.session;
}

/** The TTL in ms of a TTL node's owner. */
export function ttlOf(owner: bigint): number {
  return Number(BigInt.asUintN(40, owner));
}

export function isValidTtl(ttl: number): boolean {
  return Number.isInteger(ttl) && ttl > 0 && ttl <= MAX_TTL;
}
