import { type ApplyResult, ErrorCode, errorTxn } from '@zkts/core';
import type { ConnectRequest } from '@zkts/protocol';
import type { SessionTracker } from '@zkts/session';
import type { ClientConnection } from '../connection/client-connection';
import type { Logger } from '../logger';
import { type PendingWrite, type WatchTarget, waiterOf } from '../pipeline/pending-write';

/**
 * Read-only mode (ZooKeeper's ReadOnlyZooKeeperServer), for a member cut off from its quorum
 * with readonlymode.enabled: only clients that accept a read-only server get in, and their
 * sessions live on this member alone until it rejoins the quorum.
 */
export function readOnlyHandshake(
  sessions: SessionTracker<ClientConnection>,
  connection: ClientConnection,
  request: ConnectRequest,
  now: number,
  logger: Logger,
): void {
  if (!request.readOnly) {
    logger.info(`refusing ${connection.remote}: read-only mode and the client does not accept it`);
    connection.destroy();
    return;
  }
  let sessionId = request.sessionId;
  if (sessionId === 0n) {
    sessionId = sessions.createSession(request.timeOut, now).sessionId;
  } else if (!sessions.checkPassword(sessionId, request.passwd)) {
    connection.rejectHandshake();
    return;
  } else if (!sessions.touch(sessionId, now)) {
    // known from the ensemble but overdue here (only the leader kept it alive): alive again locally
    sessions.closeSession(sessionId);
    sessions.addSession(sessionId, sessions.negotiateTimeout(request.timeOut), now);
  }
  sessions.attach(sessionId, connection)?.destroy();
  connection.beginSession(sessionId, sessions.get(sessionId)?.timeout ?? request.timeOut);
  connection.sessionReady();
}

/** Read-only mode: a write is answered NotReadOnly, in its place in the session's order. */
export function refuseWrite(write: PendingWrite, lastZxid: number, now: number): void {
  const waiter = waiterOf(write);
  if (waiter === undefined) return;
  const { sessionId, cxid } = write;
  const txn = errorTxn({ sessionId, cxid, zxid: lastZxid, time: now, authIds: [] }, ErrorCode.NOTREADONLY);
  const result: ApplyResult<WatchTarget> = {
    zxid: lastZxid,
    sessionId,
    cxid,
    err: ErrorCode.NOTREADONLY,
    response: null,
    events: [],
  };
  waiter.writeApplied(Object.assign(write, { txn }), result);
}
