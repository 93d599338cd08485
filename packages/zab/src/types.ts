export type PeerId = number;

export type Role = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';

/**
 * What the host needs to match a committed txn to the client write waiting for it: the member
 * that took the request, the session and its cxid. Zab never looks inside.
 */
export interface TxnHeader {
  origin: PeerId;
  sessionId: bigint;
  cxid: number;
}

/** One txn of the replicated log. The payload is opaque (the host uses core's `encodeTxn`). */
export interface LogEntry {
  zxid: number;
  header: TxnHeader;
  payload: Uint8Array;
}

/** A leader-election vote (FastLeaderElection's (leader, zxid, peerEpoch)). */
export interface Vote {
  leader: PeerId;
  zxid: number;
  peerEpoch: number;
}
