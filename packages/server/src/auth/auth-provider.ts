import type { Id } from '@zkts/core';

/** What an auth provider knows of the connection that sent addauth. */
export interface AuthConnectionInfo {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The ids the connection holds already (ip, x509, sasl, earlier addauth ids). */
  readonly ids: readonly Id[];
}

/**
 * A user-defined authentication scheme: ZooKeeper's `authProvider.N=<class>` as a typed value
 * (`createServer({ authProviders: [...] })`). `addauth <scheme> <credentials>` asks
 * `authenticate`; ACL entries of the scheme are checked with `matches`.
 */
export interface AuthProvider {
  readonly scheme: string;
  /**
   * The id these credentials prove, or an Error: the client then gets AUTHFAILED and the
   * connection is closed, as ZooKeeper does. Must not throw (a throw counts as a failure).
   */
  authenticate(credentials: Uint8Array, connection: AuthConnectionInfo): string | Error;
  /** Whether a caller holding `id` is named by the ACL entry id `aclExpression`; default: equal. */
  matches?(id: string, aclExpression: string): boolean;
  /** Whether `id` may stand in an ACL entry (else INVALIDACL); default: non-empty. */
  isValid?(id: string): boolean;
  /** Whether an `auth` ACL entry expands to this scheme's ids; default true (an identity). */
  readonly isAuthenticated?: boolean;
}
