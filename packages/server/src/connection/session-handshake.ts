import { OpCode } from '@zkts/core';
import type { SessionTracker } from '@zkts/session';
import { hexId } from '../hex';
import type { Logger } from '../logger';
import type { PendingWrite } from '../pipeline/pending-write';
import type { ClientConnection } from './client-connection';

/**
 * The steps of a ConnectRequest every serving host takes the same way (standalone and ensemble
 * member); what differs between them — who decides whether a session is still alive — stays
 * in the host.
 */

/**
 * A client that has seen a newer zxid than this server applied must try another server, as
 * ZooKeeper makes it: the connection is closed. True when refused.
 */
export function refuseClientAhead(
  connection: ClientConnection,
  lastZxidSeen: number,
  lastZxid: number,
  logger: Logger,
): boolean {
  if (lastZxidSeen <= lastZxid) return false;
  logger.warn(
    `refusing session request from ${connection.remote}: it has seen zxid ${hexId(lastZxidSeen)}, our last zxid is ${hexId(lastZxid)}; the client must try another server`,
  );
  connection.destroy();
  return true;
}

/** A new session for `connection`: created, attached, begun, and its createSession txn submitted. */
export function beginNewSession(
  sessions: SessionTracker<ClientConnection>,
  connection: ClientConnection,
  requestedTimeout: number,
  now: number,
  submitWrite: (write: PendingWrite) => void,
): void {
  const created = sessions.createSession(requestedTimeout, now);
  sessions.attach(created.sessionId, connection);
  connection.beginSession(created.sessionId, created.timeout);
  submitWrite({
    origin: connection.origin,
    sessionId: created.sessionId,
    cxid: 0,
    request: { type: OpCode.createSession, timeOut: created.timeout },
    authIds: [],
    txn: undefined,
  });
}

/** `connection` takes `sessionId` over; the session's older connection, if any, is closed (it moved). */
export function takeOverSession(
  sessions: SessionTracker<ClientConnection>,
  sessionId: bigint,
  connection: ClientConnection,
  timeout: number,
  logger: Logger,
): void {
  const previous = sessions.attach(sessionId, connection);
  if (previous !== undefined) {
    logger.info(
      `session ${hexId(sessionId)} moved from ${previous.remote} to ${connection.remote}; closing the old connection`,
    );
    previous.destroy();
  }
  connection.beginSession(sessionId, timeout);
}
