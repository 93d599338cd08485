import type { QuorumVerifier } from './quorum-verifier';
import type { PeerId } from './types';

/**
 * The highest zxid a quorum has durably logged, given each member's highest acknowledged zxid
 * (acks are cumulative: a member's log is a prefix of the leader's). 0 when no quorum acked.
 */
export function highestQuorumAck(quorum: QuorumVerifier, acks: Array<[PeerId, number]>): number {
  acks.sort((x, y) => y[1] - x[1]);
  const ids: PeerId[] = [];
  for (const [id, zxid] of acks) {
    ids.push(id);
    if (quorum.containsQuorum(ids)) return zxid;
  }
  return 0;
}
