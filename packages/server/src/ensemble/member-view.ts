import type { PeerStatus } from '@zkts/zab';
import type { EnsembleConfig } from '../config/index';
import type { EnsembleRole, EnsembleView, LeaderFigures, ZabPhase } from './ensemble-view';

export const ROLES: Record<PeerStatus['role'], EnsembleRole> = {
  LOOKING: 'looking',
  LEADING: 'leader',
  FOLLOWING: 'follower',
  OBSERVING: 'observer',
};

/** Proposals a leader made (mntr's zk_proposal_count and srvr's proposal sizes). */
export class ProposalStats {
  count = 0;
  readonly sizes = { last: -1, min: -1, max: -1 };

  record(size: number): void {
    this.count++;
    const sizes = this.sizes;
    sizes.last = size;
    sizes.min = sizes.min < 0 ? size : Math.min(sizes.min, size);
    sizes.max = Math.max(sizes.max, size);
  }
}

/** What a member tells 4lw commands and metrics, read live from its peer's status. */
export function memberView(
  config: EnsembleConfig,
  status: () => PeerStatus,
  leaderFigures: () => LeaderFigures,
): EnsembleView {
  return {
    config,
    get role() {
      return ROLES[status().role];
    },
    get phase(): ZabPhase {
      const s = status();
      if (s.role === 'LOOKING') return 'election';
      return s.established ? 'broadcast' : 'synchronization';
    },
    get epoch() {
      return status().epoch;
    },
    get leader() {
      return status().role === 'LEADING' ? leaderFigures() : undefined;
    },
  };
}
