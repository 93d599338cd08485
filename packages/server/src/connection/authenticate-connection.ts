import { authenticate, ErrorCode, type Id } from '@zkts/core';

/**
 * addAuth (xid −4): adds the id the scheme grants to the connection's ids (once), or returns
 * AUTHFAILED for a scheme ZooKeeper would refuse; the caller then answers and closes.
 */
export function authenticateConnection(
  authIds: Id[],
  scheme: string,
  auth: Uint8Array,
  remoteAddress: string,
): 0 | typeof ErrorCode.AUTHFAILED {
  const id = authenticate(scheme, auth, remoteAddress);
  if (typeof id === 'number') return ErrorCode.AUTHFAILED;
  if (!authIds.some((known) => known.scheme === id.scheme && known.id === id.id)) authIds.push(id);
  return 0;
}
