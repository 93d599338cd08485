import { randomBytes } from 'node:crypto';
import { type AclScheme, authenticate, ErrorCode, exactIdScheme, type Id, SUPER_SCHEME } from '@zkts/core';
import { DigestMd5Exchange } from '../sasl/digest-md5-exchange';
import type { AuthConnectionInfo, AuthProvider } from './auth-provider';

export const SASL_SCHEME = 'sasl';
export const X509_SCHEME = 'x509';

/** Names an auth provider cannot take: ACL pseudo-schemes and the superuser id. */
const RESERVED_SCHEMES = new Set(['world', 'auth', 'super']);

export interface ServerAuthOptions {
  /** Users' own schemes (ZooKeeper's authProvider.N). */
  providers?: readonly AuthProvider[];
  /** DIGEST-MD5 users (name → password) from the JAAS file's Server section; undefined: no SASL. */
  saslUsers?: ReadonlyMap<string, string> | undefined;
  /** The x509 scheme exists (a TLS port is configured). */
  x509?: boolean;
  /** `zookeeper.superUser`: this SASL user also gets the `super` id. */
  saslSuperUser?: string | undefined;
}

/**
 * How the server authenticates connections beyond their address: addauth (digest, ip, and the
 * users' providers), SASL DIGEST-MD5, and the ACL schemes all of them bring (x509, sasl, the
 * providers' own) for the tree's checks.
 */
export class ServerAuth {
  /** Given to the tree: every scheme beyond world/auth/digest/ip that ACLs may name. */
  readonly aclSchemes = new Map<string, AclScheme>();
  private readonly providers = new Map<string, AuthProvider>();
  private readonly saslUsers: ReadonlyMap<string, string> | undefined;
  private readonly saslSuperUser: string | undefined;

  constructor(options: ServerAuthOptions = {}) {
    this.saslUsers = options.saslUsers;
    this.saslSuperUser = options.saslSuperUser;
    if (options.x509) this.aclSchemes.set(X509_SCHEME, exactIdScheme);
    if (options.saslUsers !== undefined) this.aclSchemes.set(SASL_SCHEME, exactIdScheme);
    for (const provider of options.providers ?? []) {
      const scheme = provider.scheme;
      if (typeof scheme !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(scheme) || RESERVED_SCHEMES.has(scheme)) {
        throw new TypeError(`authProviders: ${JSON.stringify(scheme)} cannot be a scheme name`);
      }
      if (this.providers.has(scheme)) throw new TypeError(`authProviders: scheme ${scheme} given twice`);
      this.providers.set(scheme, provider);
      this.aclSchemes.set(scheme, {
        isValid: (id) => (provider.isValid ? provider.isValid(id) : id.length > 0),
        matches: (id, aclExpression) =>
          provider.matches ? provider.matches(id, aclExpression) : id === aclExpression,
        isAuthenticated: provider.isAuthenticated ?? true,
      });
    }
  }

  /** Whether SASL is offered (the JAAS file has a Server section). */
  get saslEnabled(): boolean {
    return this.saslUsers !== undefined;
  }

  /**
   * addAuth (xid −4): adds the id the scheme grants to the connection's ids (once), or returns
   * AUTHFAILED for credentials or a scheme ZooKeeper would refuse; the caller then answers and closes.
   */
  addAuth(
    authIds: Id[],
    scheme: string,
    auth: Uint8Array,
    connection: AuthConnectionInfo,
  ): 0 | typeof ErrorCode.AUTHFAILED {
    const provider = this.providers.get(scheme);
    let id: Id | ErrorCode;
    if (provider === undefined) {
      id = authenticate(scheme, auth, connection.remoteAddress);
    } else {
      let granted: string | Error;
      try {
        granted = provider.authenticate(auth, connection);
      } catch (error) {
        granted = error instanceof Error ? error : new Error(String(error));
      }
      id = typeof granted === 'string' ? { scheme, id: granted } : ErrorCode.AUTHFAILED;
    }
    if (typeof id === 'number') return ErrorCode.AUTHFAILED;
    if (!authIds.some((known) => known.scheme === id.scheme && known.id === id.id)) authIds.push(id);
    return 0;
  }

  /** The ids a connection gains when SASL authenticates `user` (ZooKeeperServer.processSasl). */
  saslIds(user: string): Id[] {
    const ids: Id[] = [{ scheme: SASL_SCHEME, id: user }];
    if (user === this.saslSuperUser) ids.push({ scheme: SUPER_SCHEME, id: '' });
    return ids;
  }

  /** A new DIGEST-MD5 exchange for one connection, or undefined when SASL is not offered. */
  saslExchange(): DigestMd5Exchange | undefined {
    if (this.saslUsers === undefined) return undefined;
    return new DigestMd5Exchange(this.saslUsers, randomBytes(24).toString('base64'));
  }
}
