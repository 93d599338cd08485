import type { AclSchemes } from './acl-scheme';
import { isValidDigestId } from './digest';
import { type IpRangeOptions, parseIpRange } from './ip-address';

/**
 * The authentication schemes a stock ZooKeeper 3.8 server registers (ProviderRegistry: `ip` and
 * `digest`) plus the two pseudo-schemes of ACLs, `world` (only `world:anyone`) and `auth`
 * (replaced by the creator's ids). Anything else — `super`, `x509`, `sasl` — is an unknown
 * scheme in an ACL unless the tree is given it as an `AclScheme` (the server does for x509 with
 * TLS, sasl with SASL users, and the schemes of its `authProviders`).
 */
export const WORLD_SCHEME = 'world';
export const AUTH_SCHEME = 'auth';
export const DIGEST_SCHEME = 'digest';
export const IP_SCHEME = 'ip';
/** The id the server adds to a connection authenticated with the super digest. */
export const SUPER_SCHEME = 'super';

/**
 * Whether ids of `scheme` stand for an authenticated identity, which is what an `auth` ACL entry
 * expands to (ServerAuthenticationProvider.isAuthenticated: true for digest, false for ip; the
 * `super` id has no provider and is never expanded — checked on the real server).
 */
export function isAuthenticatedScheme(scheme: string, schemes?: AclSchemes): boolean {
  return scheme === DIGEST_SCHEME || schemes?.get(scheme)?.isAuthenticated === true;
}

/** Whether `id` is valid for a provider-backed `scheme`; undefined when the scheme is unknown. */
export function isValidSchemeId(
  scheme: string,
  id: string,
  options: IpRangeOptions & { schemes?: AclSchemes | undefined } = {},
): boolean | undefined {
  switch (scheme) {
    case DIGEST_SCHEME:
      return isValidDigestId(id);
    case IP_SCHEME:
      return parseIpRange(id, options) !== undefined;
    default:
      return options.schemes?.get(scheme)?.isValid(id);
  }
}
