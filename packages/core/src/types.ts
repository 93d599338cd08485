/**
 * 64-bit values: zxids and times are `number` (exact while below 2^53, i.e. epochs below 2^21,
 * which keeps the hot path free of BigInt); session ids and `ephemeralOwner` are `bigint`
 * because the server id sits in their top byte.
 */
export type Zxid = number;
export type SessionId = bigint;

/** The client-visible Stat, in wire order (68 bytes on the wire). */
export interface Stat {
  czxid: Zxid;
  mzxid: Zxid;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: Zxid;
}

/** An identity in an ACL or an authenticated connection: `world:anyone`, `digest:user:hash`, `ip:10.0.0.0/8`. */
export interface Id {
  scheme: string;
  id: string;
}

export interface ACL {
  perms: number;
  id: Id;
}

export const ANYONE_ID_UNSAFE: Id = Object.freeze({ scheme: 'world', id: 'anyone' });
export const AUTH_IDS: Id = Object.freeze({ scheme: 'auth', id: '' });

/** ZooDefs.Ids.OPEN_ACL_UNSAFE: everyone may do everything. */
export const OPEN_ACL_UNSAFE: readonly ACL[] = Object.freeze([
  Object.freeze({ perms: 31, id: ANYONE_ID_UNSAFE }),
]);
/** ZooDefs.Ids.CREATOR_ALL_ACL: all permissions for the creator's authenticated ids. */
export const CREATOR_ALL_ACL: readonly ACL[] = Object.freeze([Object.freeze({ perms: 31, id: AUTH_IDS })]);
/** ZooDefs.Ids.READ_ACL_UNSAFE: everyone may read. */
export const READ_ACL_UNSAFE: readonly ACL[] = Object.freeze([
  Object.freeze({ perms: 1, id: ANYONE_ID_UNSAFE }),
]);
