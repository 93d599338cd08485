import type { PeerId } from './types';

/** Decides whether a set of members is a quorum (ZooKeeper's QuorumVerifier). */
export interface QuorumVerifier {
  readonly voters: readonly PeerId[];
  isVoter(id: PeerId): boolean;
  /** True when the voters among `ids` form a quorum. */
  containsQuorum(ids: Iterable<PeerId>): boolean;
}

/** More than half of the voters (QuorumMaj). */
export class MajorityQuorum implements QuorumVerifier {
  readonly #voters: ReadonlySet<PeerId>;
  readonly #needed: number;
  constructor(readonly voters: readonly PeerId[]) {
    this.#voters = new Set(voters);
    this.#needed = Math.floor(this.#voters.size / 2) + 1;
  }
  isVoter(id: PeerId): boolean {
    return this.#voters.has(id);
  }
  containsQuorum(ids: Iterable<PeerId>): boolean {
    let count = 0;
    const seen = new Set<PeerId>();
    for (const id of ids) {
      if (this.#voters.has(id) && !seen.has(id)) {
        seen.add(id);
        if (++count >= this.#needed) return true;
      }
    }
    return false;
  }
}
