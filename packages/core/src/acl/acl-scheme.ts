/**
 * An authentication scheme beyond the built-in `world`, `auth`, `digest` and `ip`, as ACLs see
 * it (ZooKeeper's ServerAuthenticationProvider minus the handshake, which the server does):
 * `x509` and `sasl` when the server offers them, and users' own schemes.
 */
export interface AclScheme {
  /** Whether `id` may stand in an ACL entry of this scheme (create / setACL; else INVALIDACL). */
  isValid(id: string): boolean;
  /** Whether a caller holding `id` of this scheme is named by the ACL entry id `aclExpression`. */
  matches(id: string, aclExpression: string): boolean;
  /** Whether ids of this scheme are identities an `auth` ACL entry expands to (digest: yes, ip: no). */
  readonly isAuthenticated: boolean;
}

/** Schemes by name, as a tree and the ACL checks take them. */
export type AclSchemes = ReadonlyMap<string, AclScheme>;

/**
 * A scheme whose ids are matched exactly and every non-empty id is valid: ZooKeeper's
 * X509AuthenticationProvider (the subject DN) and SASLAuthenticationProvider (the user name)
 * without their superuser and Kerberos-realm options.
 */
export const exactIdScheme: AclScheme = {
  isValid: (id) => id.length > 0,
  matches: (id, aclExpression) => id === aclExpression,
  isAuthenticated: true,
};
