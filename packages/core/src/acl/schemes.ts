import { isValidDigestId } from './digest';
import { type IpRangeOptions, parseIpRange } from './ip-address';

/**
 * The authentication schemes a stock ZooKeeper 3.8 server registers (ProviderRegistry: `ip` and
 * `digest`) plus the two pseudo-schemes of ACLs, `world` (only `world:anyone`) and `auth`
 * (replaced by the creator's ids). Anything else — `super`, `x509`, `sasl` — is an unknown
 * scheme in an ACL unless its provider is configured, which zkts does not support yet.
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
export function isAuthenticatedScheme(scheme: string): boolean {
  return scheme === DIGEST_SCHEME;
}

/** Whether `id` is valid for a provider-backed `scheme`; undefined when the scheme is unknown. */
export function isValidSchemeId(
  scheme: string,
  id: string,
  options: IpRangeOptions = {},
): boolean | undefined {
  switch (scheme) {
    case DIGEST_SCHEME:
      return isValidDigestId(id);
    case IP_SCHEME:
      return parseIpRange(id, options) !== undefined;
    default:
      return undefined;
  }
}
