// biome-ignore lint/style/noRestrictedImports: SHA-1 hashing is deterministic, no I/O
import { createHash } from 'node:crypto';

/**
 * The digest scheme's id for a user and password: `user:base64(sha1("user:password"))`
 * (DigestAuthenticationProvider, with its default SHA-1 algorithm).
 */
export function digestId(user: string, password: string): string {
  return digestIdFromCredentials(`${user}:${password}`);
}

/**
 * The id a digest `addAuth` yields for its raw `user:password` text. The real 3.8.0 server accepts
 * any text here, even without a colon: the user is the text before the first colon (or all of it)
 * and the hash covers the whole text, e.g. `nocolon` → `nocolon:Ra+cHr2ZoHvBjtNArFGNGlVie4g=`.
 */
export function digestIdFromCredentials(credentials: string): string {
  const colon = credentials.indexOf(':');
  const user = colon < 0 ? credentials : credentials.slice(0, colon);
  const hash = createHash('sha1').update(credentials, 'utf8').digest('base64');
  return `${user}:${hash}`;
}

/**
 * Whether `id` is a well-formed digest ACL id. ZooKeeper splits on ':' with Java's rule that drops
 * trailing empty parts and wants exactly two parts, so `alice:` and `a:b:c` are invalid while
 * `:hash` and `a:b:` are valid (all checked on the real 3.8.0 server). The hash is not decoded.
 */
export function isValidDigestId(id: string): boolean {
  const parts = id.split(':');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 2;
}

/** How getACL hides a digest hash from a reader without ADMIN: `alice:hash` → `alice:x`. */
export function maskDigestId(id: string): string {
  return id.replace(/:.*/g, ':x');
}
