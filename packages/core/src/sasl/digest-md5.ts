// biome-ignore lint/style/noRestrictedImports: MD5 hashing is deterministic, no I/O
import { createHash } from 'node:crypto';

/**
 * SASL DIGEST-MD5 (RFC 2831) as ZooKeeper uses it: `auth` quality of protection only (no
 * integrity or confidentiality layer), md5-sess, the server name `zk-sasl-md5` as realm and
 * digest-uri `zookeeper/zk-sasl-md5` (ZooKeeperSaslServer / ZooKeeperSaslClient). The pieces
 * both sides need: directive lists, and the response / rspauth values.
 */
export const ZOOKEEPER_SASL_REALM = 'zk-sasl-md5';
export const ZOOKEEPER_SASL_DIGEST_URI = 'zookeeper/zk-sasl-md5';

/**
 * Parses `name=value,name="quoted \" value",...` (RFC 2831 §7.1 lists, names lower-cased).
 * Undefined when malformed or a directive repeats (the RFC forbids both).
 */
export function parseDirectives(text: string): Map<string, string> | undefined {
  const directives = new Map<string, string>();
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /[\s,]/.test(text[at]!)) at++;
  };
  skipSpace();
  while (at < text.length) {
    const name = /^[A-Za-z0-9-]+/.exec(text.slice(at))?.[0];
    if (name === undefined) return undefined;
    at += name.length;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] !== '=') return undefined;
    at++;
    while (text[at] === ' ' || text[at] === '\t') at++;
    let value = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const char = text[at++];
        if (char === undefined) return undefined;
        if (char === '"') break;
        value += char === '\\' ? (text[at++] ?? '') : char;
      }
    } else {
      const end = text.indexOf(',', at);
      value = text.slice(at, end < 0 ? text.length : end).trim();
      at = end < 0 ? text.length : end;
    }
    const key = name.toLowerCase();
    if (directives.has(key)) return undefined;
    directives.set(key, value);
    skipSpace();
  }
  return directives;
}

/** `name="value"` with `"` and `\` escaped; `bare` names are written unquoted. */
export function formatDirectives(
  entries: ReadonlyArray<[string, string]>,
  bare: ReadonlySet<string>,
): string {
  return entries
    .map(([name, value]) =>
      bare.has(name) ? `${name}=${value}` : `${name}="${value.replace(/["\\]/g, '\\$&')}"`,
    )
    .join(',');
}

export interface DigestMd5Credentials {
  username: string;
  realm: string;
  password: string;
  nonce: string;
  cnonce: string;
  /** The nonce count as sent: 8 hex digits (`00000001`). */
  nc: string;
  qop: string;
  digestUri: string;
  authzid?: string | undefined;
}

function md5(...parts: Array<string | Buffer>): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * With charset=utf-8, user name, realm and password are hashed as ISO 8859-1 when every
 * character fits (RFC 2831 §2.1.2.1), else as UTF-8.
 */
function credentialBytes(text: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) return Buffer.from(text, 'utf8');
  }
  return Buffer.from(text, 'latin1');
}

/**
 * The `response` directive a client sends (`forServer` false), or the `rspauth` value the server
 * answers with (`forServer` true): RFC 2831 §2.1.2.1, md5-sess, qop auth.
 */
export function digestMd5Response(credentials: DigestMd5Credentials, forServer: boolean): string {
  const { username, realm, password, nonce, cnonce, nc, qop, digestUri, authzid } = credentials;
  const secret = md5(credentialBytes(username), ':', credentialBytes(realm), ':', credentialBytes(password));
  const a1 = md5(secret, `:${nonce}:${cnonce}`, authzid ? `:${authzid}` : '').toString('hex');
  const a2 = md5(`${forServer ? '' : 'AUTHENTICATE'}:${digestUri}`).toString('hex');
  return md5(`${a1}:${nonce}:${nc}:${cnonce}:${qop}:${a2}`).toString('hex');
}
