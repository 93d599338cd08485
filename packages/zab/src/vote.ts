import type { Vote } from './types';

/**
 * FastLeaderElection.totalOrderPredicate: `a` beats `b` on a higher peerEpoch, then a higher
 * zxid, then a higher server id.
 */
export function voteBeats(a: Vote, b: Vote): boolean {
  if (a.peerEpoch !== b.peerEpoch) return a.peerEpoch > b.peerEpoch;
  if (a.zxid !== b.zxid) return a.zxid > b.zxid;
  return a.leader > b.leader;
}

export function sameVote(a: Vote, b: Vote): boolean {
  return a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;
}
