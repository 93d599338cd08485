import { Perms } from '../constants';
import { ErrorCode } from '../errors';
import type { ACL, Id } from '../types';
import { checkPermission, type PermissionOptions } from './check-permission';
import { maskDigestId } from './digest';
import { DIGEST_SCHEME } from './schemes';

/**
 * The ACL as a getACL caller may see it: the list itself when the caller has ADMIN on the node,
 * else the list with every digest id's hash replaced by `x` (`digest:alice:x`). Checked on the real
 * 3.8.0 server: a reader with only READ (even the digest user herself) sees `alice:x`, a caller
 * with ADMIN (or the superuser) sees the hashes; ip and world ids are never masked.
 */
export function maskDigestForRead(
  acl: readonly ACL[],
  authIds: readonly Id[],
  options: PermissionOptions = {},
): readonly ACL[] {
  if (checkPermission(acl, Perms.ADMIN, authIds, options)) return acl;
  return acl.map((entry) =>
    entry.id.scheme === DIGEST_SCHEME
      ? { perms: entry.perms, id: { scheme: DIGEST_SCHEME, id: maskDigestId(entry.id.id) } }
      : entry,
  );
}

/**
 * What getACL answers (FinalRequestProcessor): NOAUTH unless the caller has READ or ADMIN on the
 * node (real 3.8.0: an ACL granting the caller only WRITE, or perms 0, gives −102), else the ACL
 * masked as by maskDigestForRead.
 */
export function aclForGetACL(
  acl: readonly ACL[],
  authIds: readonly Id[],
  options: PermissionOptions = {},
): readonly ACL[] | ErrorCode {
  if (!checkPermission(acl, Perms.READ | Perms.ADMIN, authIds, options)) return ErrorCode.NOAUTH;
  return maskDigestForRead(acl, authIds, options);
}
