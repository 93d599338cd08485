import { ErrorCode } from '../errors';
import { NULL_DATA } from '../tree/binary';
import type { Id } from '../types';
import { digestIdFromCredentials } from './digest';
import { normalizeClientAddress } from './ip-address';
import { DIGEST_SCHEME, IP_SCHEME } from './schemes';

const utf8 = new TextDecoder('utf-8');

/**
 * The id an `addAuth` packet (AuthPacket{scheme, auth}) grants, or AUTHFAILED — after which the
 * server replies with err −115 and closes the connection (real 3.8.0 server). `digest` accepts any
 * bytes (`user:password`, even without a colon: see digestIdFromCredentials); `ip` ignores the bytes
 * and yields the client's address; every other scheme (`super`, `world`, unknown ones) fails.
 * A connection authenticated with the super digest is also the superuser: pass `superDigest` to
 * checkPermission, or add `{scheme: 'super', id: ''}` to its ids as ZooKeeper does.
 */
export function authenticate(scheme: string, auth: Uint8Array, clientAddress: string): Id | ErrorCode {
  switch (scheme) {
    case DIGEST_SCHEME:
      // a null auth (length −1, what `addauth digest` without credentials sends) fails in
      // ZooKeeper 3.8's digest provider; an empty one is taken as the empty user
      if (auth === NULL_DATA) return ErrorCode.AUTHFAILED;
      return { scheme: DIGEST_SCHEME, id: digestIdFromCredentials(utf8.decode(auth)) };
    case IP_SCHEME:
      return ipId(clientAddress);
    default:
      return ErrorCode.AUTHFAILED;
  }
}

/** The `ip` id every connection holds from the start: its remote address, IPv4-mapped IPv6 unwrapped. */
export function ipId(clientAddress: string): Id {
  return { scheme: IP_SCHEME, id: normalizeClientAddress(clientAddress) };
}
