import type { EnsembleConfig } from '../config/ensemble-config';

/** What a member is doing: ZooKeeper's ServerState, as its 4lw and mntr name it. */
export type EnsembleRole = 'leader' | 'follower' | 'observer' | 'looking';

/** Zab's phase (ZooKeeper's ZabState), the second half of mntr's zk_peer_state. */
export type ZabPhase = 'election' | 'discovery' | 'synchronization' | 'broadcast';

/** Figures only a leader has (mntr's leader block, srvr's "Proposal sizes"). */
export interface LeaderFigures {
  /** Followers and observers connected to this leader. */
  learners: number;
  /** Voting followers in sync (zk_synced_followers). */
  syncedFollowers: number;
  /** Followers in sync that do not vote (zk_synced_non_voting_followers). */
  syncedNonVotingFollowers: number;
  syncedObservers: number;
  /** Proposals made while leading (zk_proposal_count). */
  proposalCount: number;
  /** Learner syncs sent as DIFF (or TRUNC + DIFF) and as SNAP since the member started. */
  diffCount: number;
  snapCount: number;
  /** Learners waiting for a sync (zk_pending_syncs). */
  pendingSyncs: number;
  /** Clock ms at which this member started leading (zk_leader_uptime). */
  leadingSince: number;
  /** Bytes of the last, smallest and largest proposal; −1 = none yet. */
  proposalSizes: { last: number; min: number; max: number };
}

/**
 * How an ensemble member describes itself to 4lw commands and metrics; the host of @zkts/zab
 * keeps it current. Standalone servers have none (and print what ZooKeeper's standalone does).
 */
export interface EnsembleView {
  readonly config: EnsembleConfig;
  readonly role: EnsembleRole;
  readonly phase: ZabPhase;
  /** The current epoch (the high 32 bits of the zxids this leader issues). */
  readonly epoch: number;
  /** Present while leading. */
  readonly leader: LeaderFigures | undefined;
}

/** `zk_server_state` / srvr's `Mode:` of a member (a looking member is not serving). */
export function serverState(view: EnsembleView | undefined): string {
  return view === undefined ? 'standalone' : view.role;
}

/** `zk_peer_state`, e.g. `leading - broadcast` (ZooKeeper's QuorumPeer.getDetailedPeerState). */
export function peerState(view: EnsembleView): string {
  const state = { leader: 'leading', follower: 'following', observer: 'observing', looking: 'looking' }[
    view.role
  ];
  return `${state} - ${view.phase}`;
}
