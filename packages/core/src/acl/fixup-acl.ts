import { ErrorCode } from '../errors';
import type { ACL, Id } from '../types';
import type { AclSchemes } from './acl-scheme';
import type { IpRangeOptions } from './ip-address';
import { AUTH_SCHEME, isAuthenticatedScheme, isValidSchemeId, WORLD_SCHEME } from './schemes';

export interface FixupOptions extends IpRangeOptions {
  /** Schemes beyond the built-in ones: valid per their `isValid`, `auth` expands to them if authenticated. */
  schemes?: AclSchemes | undefined;
}

function aclKey(entry: ACL): string {
  return `${entry.perms}\u0000${entry.id.scheme}\u0000${entry.id.id}`;
}

/**
 * Drops repeated entries (same perms, scheme and id), keeping the first of each in order
 * (ZOOKEEPER-1877). ZooKeeper does this BEFORE expanding `auth`, so an expansion may still repeat
 * an explicit entry: `[auth:, digest:alice:h]` by alice stores alice twice on the real server.
 */
export function removeDuplicateAcls(acl: readonly ACL[]): ACL[] {
  const seen = new Set<string>();
  const unique: ACL[] = [];
  for (const entry of acl) {
    const key = aclKey(entry);
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(entry);
    }
  }
  return unique;
}

/**
 * Validates the ACL of a create or setACL and expands its `auth` entries
 * (PrepRequestProcessor.fixupACL), returning the list to store or INVALIDACL. Rules, as the real
 * 3.8.0 server applies them:
 * - an empty list is invalid; duplicates are removed first (see removeDuplicateAcls);
 * - `world:anyone` is kept; any other `world` id is invalid (`world:Anyone` too);
 * - `auth:<anything>` becomes one entry with its perms for each of the caller's ids whose scheme is
 *   authenticated (digest and `options.schemes` that say so; not ip, not super), in the order of
 *   `authIds`; none → invalid;
 * - `digest` ids must be `user:hash`, `ip` ids an IPv4 address or CIDR with 0..32 bits (IPv6 only
 *   with `options.ipv6`: 3.8.0 rejects it); a scheme of `options.schemes` by its `isValid`; every
 *   other scheme is unknown, hence invalid;
 * - perms are not checked at all (0, 32 and −1 are stored as given).
 * `path` is only for symmetry with ZooKeeper's error, which names it.
 */
export function fixupACL(
  _path: string,
  authIds: readonly Id[],
  acl: readonly ACL[],
  options: FixupOptions = {},
): ACL[] | ErrorCode {
  if (!Array.isArray(acl)) return ErrorCode.INVALIDACL;
  const unique = removeDuplicateAcls(acl);
  if (unique.length === 0) return ErrorCode.INVALIDACL;
  const result: ACL[] = [];
  for (const entry of unique) {
    const id = entry?.id;
    if (typeof id?.scheme !== 'string' || typeof id.id !== 'string') return ErrorCode.INVALIDACL;
    if (id.scheme === WORLD_SCHEME && id.id === 'anyone') {
      result.push(entry);
    } else if (id.scheme === AUTH_SCHEME) {
      const before = result.length;
      for (const authId of authIds) {
        if (isAuthenticatedScheme(authId.scheme, options.schemes))
          result.push({ perms: entry.perms, id: { scheme: authId.scheme, id: authId.id } });
      }
      if (result.length === before) return ErrorCode.INVALIDACL;
    } else if (isValidSchemeId(id.scheme, id.id, options) === true) {
      result.push(entry);
    } else {
      return ErrorCode.INVALIDACL;
    }
  }
  return result;
}
