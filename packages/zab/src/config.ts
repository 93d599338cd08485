import type { QuorumVerifier } from './quorum-verifier';
import type { PeerId } from './types';

export interface ZabConfig {
  id: PeerId;
  voters: readonly PeerId[];
  observers: readonly PeerId[];
  /** Milliseconds per tick (zoo.cfg tickTime); every timeout below is in ticks of this. */
  tickMs: number;
  /** Ticks a learner may take to connect and sync. */
  initLimit: number;
  /** Ticks a member may go unheard once in broadcast. */
  syncLimit: number;
  /** Committed txns the leader keeps in memory for DIFFs (ZooKeeper's commitLogCount: 500). */
  committedLogWindow?: number;
  /** Defaults to a majority of `voters`. */
  quorum?: QuorumVerifier;
  finalizeWaitMs?: number;
  /** Skip the finalize wait once every reachable voter agrees (default true; see ElectionTiming). */
  finalizeEarly?: boolean;
  /** Answer a beaten LOOKING vote with ours at once (default true; see ElectionTiming). */
  answerBeatenVotes?: boolean;
  maxNotificationIntervalMs?: number;
  /** The zxid counter at which the leader stops proposing and forces an election (ZooKeeper:
   *  0xffffffff). Only tests lower it, to reach the rollover without 4 billion txns. */
  counterLimit?: number;
  /** Deliberate protocol bugs, for tests proving the simulation catches them. Never set in production. */
  faults?: ZabFaults;
}

/** Each flag breaks one rule. */
export interface ZabFaults {
  /** A follower ACKs a proposal on receipt, before the host reported it durable. */
  ackBeforePersist?: boolean;
  /** The leader commits a proposal as soon as it logged it itself. */
  commitWithoutQuorum?: boolean;
  /** The leader DIFFs a follower that has txns it never had instead of TRUNCating it first. */
  skipTrunc?: boolean;
  /** A follower ACKs NEWLEADER on receipt: before the synced txns and currentEpoch are durable. */
  ackNewLeaderEarly?: boolean;
}

/** What the member had on disk at start (storage's EpochStore and the txn log). */
export interface DurableState {
  acceptedEpoch: number;
  currentEpoch: number;
  /** Last zxid in the log; the host has applied every logged txn to its tree at start. */
  lastLoggedZxid: number;
}
