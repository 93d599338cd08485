import type { ACL, Id } from '../types';
import type { AclSchemes } from './acl-scheme';
import { ipMatches } from './ip-address';
import { DIGEST_SCHEME, IP_SCHEME, SUPER_SCHEME, WORLD_SCHEME } from './schemes';

export interface PermissionOptions {
  /** `zookeeper.DigestAuthenticationProvider.superDigest`: the digest id (`super:hash`) of the superuser. */
  superDigest?: string | undefined;
  /** Schemes beyond the built-in ones (x509, sasl, users' own): their `matches` decides. */
  schemes?: AclSchemes | undefined;
}

/** Whether the caller is the superuser: a `super` id, or a digest id equal to the configured super digest. */
export function isSuperUser(authIds: readonly Id[], options: PermissionOptions = {}): boolean {
  for (const authId of authIds) {
    if (authId.scheme === SUPER_SCHEME) return true;
    if (
      options.superDigest !== undefined &&
      authId.scheme === DIGEST_SCHEME &&
      authId.id === options.superDigest
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Whether a caller holding `authIds` may do `perm` on a node with `acl` (PrepRequestProcessor.checkACL):
 * an empty ACL allows everything; the superuser is always allowed; otherwise some entry must carry
 * one of the `perm` bits (perms are never validated: the real 3.8.0 server stores 0, 32 or −1 as
 * given and tests bits) and name the caller — `world:anyone` names everyone, `ip` entries match the
 * caller's ip id by address or CIDR, a scheme in `options.schemes` by its `matches`, `digest` and
 * any other scheme by exact id.
 */
export function checkPermission(
  acl: readonly ACL[],
  perm: number,
  authIds: readonly Id[],
  options: PermissionOptions = {},
): boolean {
  if (acl.length === 0) return true;
  if (isSuperUser(authIds, options)) return true;
  for (const entry of acl) {
    if ((entry.perms & perm) === 0) continue;
    const { scheme, id } = entry.id;
    if (scheme === WORLD_SCHEME && id === 'anyone') return true;
    for (const authId of authIds) {
      if (authId.scheme !== scheme) continue;
      if (idMatches(scheme, authId.id, id, options)) return true;
    }
  }
  return false;
}

function idMatches(scheme: string, callerId: string, aclId: string, options: PermissionOptions): boolean {
  if (scheme === IP_SCHEME) return ipMatches(aclId, callerId);
  const custom = options.schemes?.get(scheme);
  return custom === undefined ? callerId === aclId : custom.matches(callerId, aclId);
}
