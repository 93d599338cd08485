import type { Notification } from './messages';
import type { QuorumVerifier } from './quorum-verifier';
import type { Outbound } from './ready';
import type { PeerId, Role, Vote } from './types';
import { sameVote, voteBeats } from './vote';

export interface ElectionTiming {
  /** How long a quorum of agreeing votes must stand before deciding (ZooKeeper: 200 ms). */
  finalizeWaitMs: number;
  /** First re-send interval of notifications while LOOKING (200 ms), doubled on each re-send. */
  initialIntervalMs: number;
  /** Cap of that interval (ZooKeeper's maxNotificationInterval: 60 s). */
  maxIntervalMs: number;
  /**
   * Decide without the finalize wait once every voter we can still hear has voted for the
   * proposal (default true). The wait only gives a better vote time to arrive; a member whose
   * link broke cannot send one, so waiting for it buys nothing. Safety never rests on the wait:
   * the decision still needs a quorum of agreeing votes.
   */
  finalizeEarly?: boolean;
  /**
   * Answer a LOOKING vote of this round that our proposal beats with our proposal, at once
   * (default true). ZooKeeper only re-sends on its timer (200 ms at first): a member that was
   * still following when our vote arrived dropped it, and would otherwise wait that long.
   */
  answerBeatenVotes?: boolean;
}

export interface ElectionStep {
  send: Outbound[];
  decided?: Vote;
}

interface Seen {
  vote: Vote;
  state: Role;
}

/**
 * ZooKeeper's FastLeaderElection for one member while it is LOOKING: rounds (logical clocks),
 * notifications to every other member, a quorum of agreeing votes held for the finalize wait,
 * or joining an established leader reported by a quorum of FOLLOWING/LEADING members. Observers
 * run it too but never vote: they only learn the leader.
 */
export class FastLeaderElection {
  logicalClock = 0;
  #proposal: Vote = { leader: 0, zxid: 0, peerEpoch: 0 };
  #self: Vote = this.#proposal;
  readonly #received = new Map<PeerId, Seen>();
  readonly #outOfElection = new Map<PeerId, Seen>();
  /** Members whose link broke and that have sent nothing since: no vote can come from them. */
  readonly #unreachable = new Set<PeerId>();
  #interval = 0;
  #nextSendAt = 0;
  #finalizeAt: number | null = null;

  constructor(
    readonly id: PeerId,
    readonly others: readonly PeerId[],
    readonly quorum: QuorumVerifier,
    readonly timing: ElectionTiming,
  ) {}

  get proposal(): Vote {
    return this.#proposal;
  }

  /** A new round: vote for ourselves and tell everyone. */
  start(self: Vote, now: number): Outbound[] {
    this.logicalClock++;
    this.#self = self;
    this.#proposal = self;
    this.#received.clear();
    this.#outOfElection.clear();
    this.#finalizeAt = null;
    this.#interval = this.timing.initialIntervalMs;
    this.#nextSendAt = now + this.#interval;
    return this.#notifyAll();
  }

  /** A reply to a member whose notification shows it is behind or cannot vote. */
  notification(to: PeerId, state: Role, vote: Vote = this.#proposal): Outbound {
    const message: Notification = { type: 'NOTIFICATION', ...vote, electionEpoch: this.logicalClock, state };
    return { to, message };
  }

  /** The host lost its link to `peer` (kept across rounds until `peer` is heard again). */
  linkLost(peer: PeerId): ElectionStep {
    this.#unreachable.add(peer);
    if (
      this.#finalizeAt !== null &&
      this.#agree(this.#received, this.#proposal) &&
      this.#everyoneReachableAgrees()
    ) {
      this.#finalizeAt = null;
      return { send: [], decided: this.#proposal };
    }
    return { send: [] };
  }

  receive(from: PeerId, n: Notification, now: number): ElectionStep {
    this.#unreachable.delete(from);
    const vote: Vote = { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch };
    if (!this.quorum.isVoter(from)) {
      return { send: n.state === 'LOOKING' ? [this.notification(from, 'LOOKING')] : [] };
    }
    const iVote = this.quorum.isVoter(this.id);
    if (n.state === 'LOOKING') {
      let send: Outbound[] = [];
      if (n.electionEpoch > this.logicalClock) {
        this.logicalClock = n.electionEpoch;
        this.#received.clear();
        this.#proposal = iVote && voteBeats(this.#self, vote) ? this.#self : vote;
        this.#finalizeAt = null;
        send = this.#notifyAll();
      } else if (n.electionEpoch < this.logicalClock) {
        return { send: [this.notification(from, 'LOOKING')] };
      } else if (voteBeats(vote, this.#proposal)) {
        this.#proposal = vote;
        this.#finalizeAt = null;
        send = this.#notifyAll();
      } else if (this.timing.answerBeatenVotes !== false && voteBeats(this.#proposal, vote)) {
        send = [this.notification(from, 'LOOKING')];
      }
      this.#received.set(from, { vote, state: n.state });
      if (!iVote) return { send };
      this.#received.set(this.id, { vote: this.#proposal, state: 'LOOKING' });
      if (this.#agree(this.#received, this.#proposal)) {
        if (this.#everyoneReachableAgrees()) {
          this.#finalizeAt = null;
          return { send, decided: this.#proposal };
        }
        this.#finalizeAt ??= now + this.timing.finalizeWaitMs;
      } else {
        this.#finalizeAt = null;
      }
      return { send };
    }
    // The sender follows or leads: join it if a quorum says so and the leader itself confirms.
    if (n.electionEpoch === this.logicalClock) {
      this.#received.set(from, { vote, state: n.state });
      if (
        this.#agree(this.#received, vote) &&
        this.#leaderConfirms(this.#received, vote.leader, n.electionEpoch)
      ) {
        return { send: [], decided: vote };
      }
    }
    this.#outOfElection.set(from, { vote, state: n.state });
    if (
      this.#agree(this.#outOfElection, vote) &&
      this.#leaderConfirms(this.#outOfElection, vote.leader, n.electionEpoch)
    ) {
      this.logicalClock = n.electionEpoch;
      return { send: [], decided: vote };
    }
    return { send: [] };
  }

  tick(now: number): ElectionStep {
    if (this.#finalizeAt !== null && now >= this.#finalizeAt) {
      this.#finalizeAt = null;
      if (this.#agree(this.#received, this.#proposal)) return { send: [], decided: this.#proposal };
    }
    if (now >= this.#nextSendAt) {
      // nothing decided yet: re-send, backing off exponentially like ZooKeeper
      this.#interval = Math.min(this.#interval * 2, this.timing.maxIntervalMs);
      this.#nextSendAt = now + this.#interval;
      return { send: this.#notifyAll() };
    }
    return { send: [] };
  }

  #notifyAll(): Outbound[] {
    return this.others.map((to) => this.notification(to, 'LOOKING'));
  }

  #agree(seen: ReadonlyMap<PeerId, Seen>, vote: Vote): boolean {
    const agreeing: PeerId[] = [];
    for (const [id, s] of seen) if (sameVote(s.vote, vote)) agreeing.push(id);
    return this.quorum.containsQuorum(agreeing);
  }

  /** Every voter but us has voted for our proposal in this round or is unreachable. */
  #everyoneReachableAgrees(): boolean {
    if (this.timing.finalizeEarly === false) return false;
    for (const peer of this.others) {
      if (!this.quorum.isVoter(peer) || this.#unreachable.has(peer)) continue;
      const seen = this.#received.get(peer);
      if (seen === undefined || !sameVote(seen.vote, this.#proposal)) return false;
    }
    return true;
  }

  /** ZooKeeper's checkLeader: the leader must say LEADING itself, or be us in this very round. */
  #leaderConfirms(seen: ReadonlyMap<PeerId, Seen>, leader: PeerId, electionEpoch: number): boolean {
    if (leader === this.id) return this.logicalClock === electionEpoch;
    return seen.get(leader)?.state === 'LEADING';
  }
}
