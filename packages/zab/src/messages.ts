import type { LogEntry, Role, TxnHeader, Vote } from './types';

/**
 * Every record peers exchange. Election notifications travel as datagrams (loss, duplication and
 * reordering are tolerated); every other record travels on a FIFO link between a learner and its
 * leader, and the host reports a broken link with `ZabPeer.disconnected`. Names follow
 * ZooKeeper's `Leader.java` packet types.
 */
export type ZabMessage =
  | Notification
  | LearnerInfo
  | { type: 'LEADERINFO'; epoch: number }
  | { type: 'ACKEPOCH'; currentEpoch: number; lastZxid: number }
  | { type: 'DIFF'; zxid: number }
  | { type: 'TRUNC'; zxid: number }
  | { type: 'SNAP'; zxid: number; snapshot: Uint8Array }
  | { type: 'NEWLEADER'; zxid: number }
  | { type: 'UPTODATE'; zxid: number }
  | { type: 'PROPOSAL'; entry: LogEntry }
  | { type: 'ACK'; zxid: number }
  | { type: 'COMMIT'; zxid: number }
  | { type: 'INFORM'; entry: LogEntry }
  | Ping
  | { type: 'REQUEST'; header: TxnHeader; payload: Uint8Array }
  | Revalidate
  | Sync;

export type ZabMessageType = ZabMessage['type'];

/** FastLeaderElection's notification: the sender's vote, its round and its state. */
export interface Notification extends Vote {
  type: 'NOTIFICATION';
  electionEpoch: number;
  state: Role;
}

/** FOLLOWERINFO / OBSERVERINFO: a learner's accepted epoch and last logged zxid. */
export interface LearnerInfo {
  type: 'FOLLOWERINFO' | 'OBSERVERINFO';
  acceptedEpoch: number;
  lastZxid: number;
}

/** Leader → learner: a heartbeat. Learner → leader: the reply, with the sessions it saw touched. */
export interface Ping {
  type: 'PING';
  zxid: number;
  touches: SessionTouch[];
}

export interface SessionTouch {
  sessionId: bigint;
  timeout: number;
}

/** A session reconnecting through a learner: the question (valid null) and the leader's answer. */
export interface Revalidate {
  type: 'REVALIDATE';
  sessionId: bigint;
  timeout: number;
  valid: boolean | null;
}

/**
 * A client's sync through a learner: the question goes to the leader, which sends it back once
 * everything it had proposed when it saw the question is committed. The link is FIFO, so the
 * answer arrives after those COMMITs: the learner has applied them when it answers its client.
 */
export interface Sync {
  type: 'SYNC';
  /** The learner's own number for the question, echoed back. */
  token: number;
}
