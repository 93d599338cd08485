import { CommittedLog } from './committed-log';
import type { DurableState, ZabConfig, ZabFaults } from './config';
import { FastLeaderElection } from './fast-leader-election';
import type { LearnerInfo, Notification, Ping, Revalidate, SessionTouch, Sync, ZabMessage } from './messages';
import { highestQuorumAck } from './quorum-ack';
import { MajorityQuorum, type QuorumVerifier } from './quorum-verifier';
import { type EpochName, emptyReady, type PeerStatus, type Ready } from './ready';
import { syncMessages } from './sync-plan';
import type { LogEntry, PeerId, Role, TxnHeader, Vote } from './types';
import { counterOf, epochOf, MAX_COUNTER, makeZxid } from './zxid';

type LearnerPhase = 'info' | 'ackedEpoch' | 'syncing' | 'synced' | 'active';

/** The leader's view of one connected learner (ZooKeeper's LearnerHandler). */
interface Learner {
  id: PeerId;
  observer: boolean;
  acceptedEpoch: number;
  phase: LearnerPhase;
  currentEpoch: number;
  lastZxid: number;
  acked: number;
  lastHeard: number;
  /** Messages held back while the host prepares this learner's sync (snapshot or log read). */
  held: ZabMessage[] | null;
}

type FollowerPhase = 'discovery' | 'epoch' | 'sync' | 'newleader' | 'synced' | 'active';

/**
 * One Zab member as a pure state machine: election, discovery, sync and broadcast. Inputs are
 * method calls (messages, time, completions of host work); outputs accumulate in a `Ready`
 * batch the host drains with `ready()`. No I/O, no clock, no randomness.
 */
export class ZabPeer {
  readonly id: PeerId;
  readonly quorum: QuorumVerifier;
  readonly #config: ZabConfig;
  readonly #faults: ZabFaults;
  readonly #others: PeerId[];
  readonly #observers: ReadonlySet<PeerId>;
  readonly #election: FastLeaderElection;
  #out: Ready = emptyReady();
  #now: number;

  // durable state as last reported by the host
  #acceptedEpoch: number;
  #currentEpoch: number;
  #lastLogged: number;
  #durable: number;
  /** Logged but not yet applied, in zxid order. */
  #pending: LogEntry[] = [];
  /** The in-memory tail of the log a leader DIFFs from. */
  readonly #log: CommittedLog;
  #epochWrites = new Set<EpochName>();

  #role: Role = 'LOOKING';
  #leader: PeerId | null = null;
  #vote: Vote;
  #established = false;
  #lastStatus = '';

  // follower / observer
  #phase: FollowerPhase = 'discovery';
  #lastHeardLeader = 0;
  #newLeaderZxid = 0;
  /** Last zxid logged when NEWLEADER arrived: the synced history that must be durable before its ACK. */
  #syncedUpTo = 0;
  #acked = 0;
  #touches: SessionTouch[] = [];
  #blockedInbox: ZabMessage[] | null = null;

  // leader
  readonly #learners = new Map<PeerId, Learner>();
  #newEpoch: number | null = null;
  #leadingSince = 0;
  #historyEnd = 0;
  #outstanding: LogEntry[] = [];
  /** The first zxid proposed at each time, kept until every follower acked past it: spots one falling behind. */
  #proposedAt: Array<{ zxid: number; at: number }> = [];
  #lastProposed = 0;
  #lastCommitted = 0;
  #nextPingAt = 0;
  /**
   * FOLLOWERINFO/OBSERVERINFO that arrived while this member was still electing: a learner may
   * decide a moment before its leader does (ZooKeeper's learner retries its connection instead).
   * Replayed if this member then leads; forgotten with each new election.
   */
  #earlyLearners = new Map<PeerId, LearnerInfo>();
  /** Learners' syncs waiting for the commit of what was proposed when they arrived, in order. */
  #syncs: Array<{ from: PeerId; token: number; upTo: number }> = [];

  readonly #syncsSent = { diff: 0, snap: 0 };

  constructor(config: ZabConfig, durable: DurableState, now: number) {
    this.#config = config;
    this.id = config.id;
    this.#faults = config.faults ?? {};
    this.quorum = config.quorum ?? new MajorityQuorum(config.voters);
    this.#observers = new Set(config.observers);
    this.#others = [...config.voters, ...config.observers].filter((p) => p !== config.id);
    this.#election = new FastLeaderElection(this.id, this.#others, this.quorum, {
      finalizeWaitMs: config.finalizeWaitMs ?? 200,
      initialIntervalMs: 200,
      maxIntervalMs: config.maxNotificationIntervalMs ?? 60_000,
      finalizeEarly: config.finalizeEarly ?? true,
      answerBeatenVotes: config.answerBeatenVotes ?? true,
    });
    this.#now = now;
    this.#acceptedEpoch = durable.acceptedEpoch;
    this.#currentEpoch = durable.currentEpoch;
    this.#lastLogged = durable.lastLoggedZxid;
    this.#durable = durable.lastLoggedZxid;
    this.#log = new CommittedLog(durable.lastLoggedZxid, config.committedLogWindow ?? 500);
    this.#vote = this.#selfVote();
    this.#goLooking();
  }

  // ------------------------------------------------------------------ observation

  get role(): Role {
    return this.#role;
  }
  get leader(): PeerId | null {
    return this.#leader;
  }
  get established(): boolean {
    return this.#established;
  }
  get status(): PeerStatus {
    return {
      role: this.#role,
      leader: this.#leader,
      epoch: this.#epochInForce(),
      established: this.#established,
    };
  }
  get lastLoggedZxid(): number {
    return this.#lastLogged;
  }
  get lastCommittedZxid(): number {
    return this.#lastCommitted;
  }
  get acceptedEpoch(): number {
    return this.#acceptedEpoch;
  }
  /** Leader: its learners by phase (mntr's zk_followers, zk_synced_followers, zk_pending_syncs). */
  /** Learner syncs this member sent while leading, by kind (since it started). */
  get syncsSent(): { readonly diff: number; readonly snap: number } {
    return { ...this.#syncsSent };
  }

  get learnerCounts(): {
    learners: number;
    syncedFollowers: number;
    syncedObservers: number;
    syncing: number;
  } {
    const counts = { learners: 0, syncedFollowers: 0, syncedObservers: 0, syncing: 0 };
    if (this.#role !== 'LEADING') return counts;
    for (const l of this.#learners.values()) {
      counts.learners++;
      if (l.phase === 'active' || l.phase === 'synced') {
        if (l.observer) counts.syncedObservers++;
        else counts.syncedFollowers++;
      } else {
        counts.syncing++;
      }
    }
    return counts;
  }
  get currentEpoch(): number {
    return this.#currentEpoch;
  }

  /** Takes the batch of work accumulated since the last call (see `Ready` for the host's duties). */
  ready(): Ready {
    const out = this.#out;
    this.#out = emptyReady();
    return out;
  }

  // ------------------------------------------------------------------ inputs

  tick(now: number): void {
    this.#now = now;
    if (this.#role === 'LOOKING') {
      const step = this.#election.tick(now);
      this.#out.messages.push(...step.send);
      if (step.decided) this.#decided(step.decided);
      return;
    }
    if (this.#role === 'LEADING') {
      this.#leaderTick(now);
      return;
    }
    const limit = this.#phase === 'active' ? this.#config.syncLimit : this.#config.initLimit;
    if (now - this.#lastHeardLeader > limit * this.#config.tickMs) this.#goLooking();
  }

  /** The host's link to `peer` broke (its FIFO stream is gone). */
  disconnected(peer: PeerId): void {
    const step = this.#election.linkLost(peer);
    if (this.#role === 'LOOKING') {
      if (step.decided) this.#decided(step.decided);
      return;
    }
    if ((this.#role === 'FOLLOWING' || this.#role === 'OBSERVING') && peer === this.#leader)
      this.#goLooking();
    else if (this.#role === 'LEADING') this.#dropLearner(peer);
  }

  receive(from: PeerId, message: ZabMessage): void {
    if (message.type === 'NOTIFICATION') {
      this.#onNotification(from, message);
      return;
    }
    if (this.#role === 'LEADING') {
      this.#leaderReceive(from, message);
      return;
    }
    if (this.#role === 'LOOKING' && (message.type === 'FOLLOWERINFO' || message.type === 'OBSERVERINFO')) {
      this.#earlyLearners.set(from, message);
      return;
    }
    if ((this.#role === 'FOLLOWING' || this.#role === 'OBSERVING') && from === this.#leader) {
      this.#lastHeardLeader = this.#now;
      if (this.#blockedInbox !== null) this.#blockedInbox.push(message);
      else this.#learnerReceive(message);
    }
  }

  persisted(zxid: number): void {
    if (zxid <= this.#durable) return;
    this.#durable = Math.min(zxid, this.#lastLogged);
    if (this.#role === 'LEADING') {
      if (!this.#established) this.#maybeStartSync();
      this.#maybeSelfAckNewLeader();
      this.#tryCommit();
    } else if (this.#role === 'FOLLOWING' || this.#role === 'OBSERVING') {
      if (this.#phase === 'newleader') this.#maybeAckNewLeader();
      else if (this.#phase === 'synced' || this.#phase === 'active') this.#ackDurable();
    }
  }

  epochStored(name: EpochName, epoch: number): void {
    this.#epochWrites.delete(name);
    if (name === 'acceptedEpoch') {
      this.#acceptedEpoch = Math.max(this.#acceptedEpoch, epoch);
      if (this.#role === 'LEADING' && epoch === this.#newEpoch) this.#sendLeaderInfos();
      else if (this.#phase === 'epoch' && this.#role !== 'LEADING' && this.#role !== 'LOOKING')
        this.#ackEpoch();
      return;
    }
    this.#currentEpoch = Math.max(this.#currentEpoch, epoch);
    if (this.#role === 'LEADING' && epoch === this.#newEpoch) {
      for (const learner of this.#learners.values())
        if (learner.phase === 'ackedEpoch') this.#syncLearner(learner);
      this.#maybeSelfAckNewLeader();
    } else if (this.#phase === 'newleader' && this.#role !== 'LEADING' && this.#role !== 'LOOKING') {
      this.#maybeAckNewLeader();
    }
  }

  truncated(zxid: number): void {
    this.#lastLogged = zxid;
    this.#durable = Math.min(this.#durable, zxid);
    this.#pending = []; // the host rebuilt its tree from the remaining log
    this.#log.truncate(zxid);
    this.#unblock();
  }

  snapshotInstalled(zxid: number): void {
    this.#lastLogged = zxid;
    this.#durable = zxid;
    this.#pending = [];
    this.#log.reset(zxid);
    this.#unblock();
  }

  /** Leader: the snapshot asked for by a `takeSnapshot` request. */
  snapshotTaken(learnerId: PeerId, zxid: number, snapshot: Uint8Array): void {
    const learner = this.#learners.get(learnerId);
    if (!learner || learner.held === null) return;
    this.#release(learner, [{ type: 'SNAP', zxid, snapshot }]);
  }

  /**
   * Leader: the answer to `readLog(for, after)`: `base` is the largest logged zxid ≤ `after` and
   * `entries` every logged entry above it, in order; undefined when the log no longer reaches
   * back that far (then the learner gets a SNAP).
   */
  logRead(learnerId: PeerId, read: { base: number; entries: LogEntry[] } | undefined): void {
    const learner = this.#learners.get(learnerId);
    if (!learner || learner.held === null) return;
    if (read === undefined) {
      this.#out.hostRequests.push({ kind: 'takeSnapshot', for: learnerId, zxid: this.#syncPoint() });
      return;
    }
    this.#release(
      learner,
      syncMessages(learner.lastZxid, read.base, read.entries, this.#syncPoint(), this.#faults.skipTrunc),
    );
  }

  /** Leader, established: the zxid the next `propose` will get (the host preps the txn with it). */
  nextZxid(): number | null {
    return this.#role === 'LEADING' && this.#established ? this.#lastProposed + 1 : null;
  }

  /** Leader, established: a new txn. Returns its zxid, or null when this member cannot propose now. */
  propose(header: TxnHeader, payload: Uint8Array): number | null {
    if (this.#role !== 'LEADING' || !this.#established) return null;
    const zxid = this.#lastProposed + 1;
    if (counterOf(zxid) >= (this.#config.counterLimit ?? MAX_COUNTER)) {
      // ZooKeeper: "zxid lower 32 bits have rolled over, forcing re-election"
      this.#goLooking();
      return null;
    }
    const entry: LogEntry = { zxid, header, payload };
    this.#lastProposed = zxid;
    this.#lastLogged = zxid;
    this.#outstanding.push(entry);
    if (this.#proposedAt.at(-1)?.at !== this.#now) this.#proposedAt.push({ zxid, at: this.#now });
    this.#log.append(entry);
    this.#out.entries.push(entry);
    for (const learner of this.#learners.values()) {
      if (!learner.observer && this.#forwarding(learner)) this.#sendTo(learner, { type: 'PROPOSAL', entry });
    }
    if (this.#faults.commitWithoutQuorum) this.#tryCommit();
    return zxid;
  }

  /** Learner: hand a client write to the leader. False when no leader is being followed. */
  forward(header: TxnHeader, payload: Uint8Array): boolean {
    if (this.#role === 'LEADING') {
      this.#out.hostRequests.push({ kind: 'request', from: this.id, header, payload });
      return true;
    }
    if (this.#leader === null || this.#phase !== 'active' || this.#role === 'LOOKING') return false;
    this.#out.messages.push({ to: this.#leader, message: { type: 'REQUEST', header, payload } });
    return true;
  }

  /** Learner: a client of this session was heard; the leader learns it with the next PING. */
  touchSession(sessionId: bigint, timeout: number): void {
    this.#touches.push({ sessionId, timeout });
  }

  /** Learner: ask the leader whether a reconnecting session is still valid. */
  revalidate(sessionId: bigint, timeout: number): boolean {
    if (this.#leader === null || this.#role === 'LOOKING' || this.#role === 'LEADING') return false;
    this.#out.messages.push({
      to: this.#leader,
      message: { type: 'REVALIDATE', sessionId, timeout, valid: null },
    });
    return true;
  }

  /**
   * Learner: a client's sync. The leader answers once everything it had proposed by then is
   * committed; the host then gets `synced { token }`. False when no established leader is followed.
   */
  sync(token: number): boolean {
    if (
      this.#leader === null ||
      this.#phase !== 'active' ||
      this.#role === 'LOOKING' ||
      this.#role === 'LEADING'
    )
      return false;
    this.#sendLeader({ type: 'SYNC', token });
    return true;
  }

  /** Leader: the answer to a `revalidate` host request. */
  revalidated(to: PeerId, sessionId: bigint, timeout: number, valid: boolean): void {
    const learner = this.#learners.get(to);
    if (learner) this.#sendTo(learner, { type: 'REVALIDATE', sessionId, timeout, valid });
  }

  // ------------------------------------------------------------------ election

  #selfVote(): Vote {
    return { leader: this.id, zxid: this.#lastLogged, peerEpoch: this.#currentEpoch };
  }

  #goLooking(): void {
    // Like ZooKeeper's fastForwardDataBase: every logged txn is applied before electing; a new
    // leader that never had them TRUNCs them and the host rebuilds its tree.
    for (const entry of this.#role === 'LEADING' ? this.#outstanding : this.#pending)
      this.#out.apply.push({ entry, committed: false });
    this.#pending = [];
    this.#role = 'LOOKING';
    this.#leader = null;
    this.#established = false;
    this.#learners.clear();
    this.#outstanding = [];
    this.#proposedAt = [];
    this.#syncs = [];
    this.#earlyLearners.clear();
    this.#newEpoch = null;
    this.#blockedInbox = null;
    this.#touches = [];
    this.#vote = this.#selfVote();
    this.#out.messages.push(...this.#election.start(this.#vote, this.#now));
    this.#statusChanged();
  }

  #onNotification(from: PeerId, n: Notification): void {
    if (this.#role !== 'LOOKING') {
      if (n.state === 'LOOKING')
        this.#out.messages.push(this.#election.notification(from, this.#role, this.#vote));
      return;
    }
    const step = this.#election.receive(from, n, this.#now);
    this.#out.messages.push(...step.send);
    if (step.decided) this.#decided(step.decided);
  }

  #decided(vote: Vote): void {
    this.#vote = vote;
    this.#leader = vote.leader;
    if (vote.leader === this.id) {
      this.#startLeading();
      return;
    }
    this.#earlyLearners.clear();
    this.#role = this.#observers.has(this.id) ? 'OBSERVING' : 'FOLLOWING';
    this.#phase = 'discovery';
    this.#lastHeardLeader = this.#now;
    this.#acked = 0;
    this.#newLeaderZxid = 0;
    const info: LearnerInfo = {
      type: this.#role === 'OBSERVING' ? 'OBSERVERINFO' : 'FOLLOWERINFO',
      acceptedEpoch: this.#acceptedEpoch,
      lastZxid: this.#lastLogged,
    };
    this.#out.messages.push({ to: vote.leader, message: info });
    this.#statusChanged();
  }

  // ------------------------------------------------------------------ learner side

  #learnerReceive(m: ZabMessage): void {
    // before ACKEPOCH only LEADERINFO is meaningful: anything else is a stale stream
    if ((this.#phase === 'discovery' || this.#phase === 'epoch') && m.type !== 'LEADERINFO') return;
    switch (m.type) {
      case 'LEADERINFO':
        if (this.#phase !== 'discovery') return;
        if (m.epoch < this.#acceptedEpoch) {
          this.#goLooking();
          return;
        }
        if (m.epoch > this.#acceptedEpoch) {
          this.#phase = 'epoch';
          this.#persistEpoch('acceptedEpoch', m.epoch);
        } else {
          this.#ackEpoch();
        }
        return;
      case 'DIFF':
        return;
      case 'TRUNC':
        this.#out.truncate = m.zxid;
        this.#blockedInbox = [];
        return;
      case 'SNAP':
        this.#out.installSnapshot = { zxid: m.zxid, snapshot: m.snapshot };
        this.#blockedInbox = [];
        return;
      case 'PROPOSAL':
        this.#logEntry(m.entry);
        if (this.#faults.ackBeforePersist && (this.#phase === 'synced' || this.#phase === 'active'))
          this.#sendLeader({ type: 'ACK', zxid: m.entry.zxid });
        return;
      case 'COMMIT': {
        this.#applyUpTo(m.zxid);
        return;
      }
      case 'INFORM':
        this.#logEntry(m.entry);
        {
          this.#applyUpTo(m.entry.zxid);
          return;
        }
      case 'NEWLEADER':
        if (this.#phase !== 'sync') return;
        this.#newLeaderZxid = m.zxid;
        this.#syncedUpTo = this.#lastLogged;
        this.#phase = 'newleader';
        if (this.#faults.ackNewLeaderEarly) {
          this.#persistEpoch('currentEpoch', epochOf(m.zxid));
          this.#currentEpoch = epochOf(m.zxid);
          this.#sendLeader({ type: 'ACK', zxid: m.zxid });
          this.#phase = 'synced';
          return;
        }
        {
          this.#maybeAckNewLeader();
          return;
        }
      case 'UPTODATE':
        if (this.#phase !== 'synced') return;
        this.#phase = 'active';
        this.#established = true;
        this.#statusChanged();
        return;
      case 'PING':
        this.#sendLeader({ type: 'PING', zxid: this.#lastLogged, touches: this.#touches });
        this.#touches = [];
        return;
      case 'SYNC':
        this.#out.hostRequests.push({ kind: 'synced', token: m.token });
        return;
      case 'REVALIDATE':
        if (m.valid !== null)
          this.#out.hostRequests.push({
            kind: 'revalidated',
            sessionId: m.sessionId,
            timeout: m.timeout,
            valid: m.valid,
          });
        return;
      default:
        return;
    }
  }

  /** Reads the field afresh: handling a message may have blocked again. */
  #blocked(): ZabMessage[] | null {
    return this.#blockedInbox;
  }

  #sendLeader(message: ZabMessage): void {
    if (this.#leader !== null) this.#out.messages.push({ to: this.#leader, message });
  }

  #ackEpoch(): void {
    this.#phase = 'sync';
    this.#sendLeader({ type: 'ACKEPOCH', currentEpoch: this.#currentEpoch, lastZxid: this.#lastLogged });
  }

  /** ACK NEWLEADER only once every synced txn is durable and currentEpoch is stored (ZOOKEEPER-4646). */
  #maybeAckNewLeader(): void {
    if (this.#durable < this.#syncedUpTo) return;
    const epoch = epochOf(this.#newLeaderZxid);
    if (this.#currentEpoch < epoch) {
      if (!this.#epochWrites.has('currentEpoch')) this.#persistEpoch('currentEpoch', epoch);
      return;
    }
    this.#phase = 'synced';
    this.#sendLeader({ type: 'ACK', zxid: this.#newLeaderZxid });
    this.#acked = this.#newLeaderZxid;
    this.#ackDurable();
  }

  #ackDurable(): void {
    if (this.#role !== 'FOLLOWING' || this.#faults.ackBeforePersist) return;
    if (this.#durable > this.#acked && this.#durable > this.#newLeaderZxid) {
      this.#acked = this.#durable;
      this.#sendLeader({ type: 'ACK', zxid: this.#durable });
    }
  }

  #logEntry(entry: LogEntry): void {
    if (entry.zxid <= this.#lastLogged) return; // already have it (re-sent after a resync)
    this.#lastLogged = entry.zxid;
    this.#pending.push(entry);
    this.#log.append(entry);
    this.#out.entries.push(entry);
  }

  #applyUpTo(zxid: number): void {
    let n = 0;
    while (n < this.#pending.length && (this.#pending[n] as LogEntry).zxid <= zxid) n++;
    if (n === 0) return;
    const done = this.#pending.splice(0, n);
    // sync content (older epochs) is the leader's history, committed only once it is established
    const live = this.#newLeaderZxid > 0;
    for (const entry of done)
      this.#out.apply.push({ entry, committed: live && entry.zxid > this.#newLeaderZxid });
    if (zxid > this.#lastCommitted) this.#lastCommitted = zxid;
  }

  #unblock(): void {
    const inbox = this.#blockedInbox ?? [];
    this.#blockedInbox = null;
    // a replayed TRUNC/SNAP blocks again: keep the rest for after that one
    for (let i = 0; i < inbox.length; i++) {
      const again = this.#blocked();
      if (again !== null) {
        again.push(...inbox.slice(i));
        return;
      }
      this.#learnerReceive(inbox[i] as ZabMessage);
    }
  }

  // ------------------------------------------------------------------ leader side

  #startLeading(): void {
    this.#role = 'LEADING';
    this.#leadingSince = this.#now;
    this.#historyEnd = this.#lastLogged;
    this.#lastProposed = this.#lastLogged;
    this.#lastCommitted = this.#lastLogged;
    this.#nextPingAt = this.#now;
    this.#learners.clear();
    this.#outstanding = [];
    this.#proposedAt = [];
    this.#newEpoch = null;
    this.#statusChanged();
    const early = [...this.#earlyLearners];
    this.#earlyLearners.clear();
    for (const [from, info] of early) this.#leaderReceive(from, info);
    this.#maybeDecideEpoch();
  }

  #leaderReceive(from: PeerId, m: ZabMessage): void {
    if (m.type === 'FOLLOWERINFO' || m.type === 'OBSERVERINFO') {
      this.#dropLearner(from);
      const learner: Learner = {
        id: from,
        observer: this.#observers.has(from) || m.type === 'OBSERVERINFO',
        acceptedEpoch: m.acceptedEpoch,
        phase: 'info',
        currentEpoch: 0,
        lastZxid: m.lastZxid,
        acked: 0,
        lastHeard: this.#now,
        held: null,
      };
      this.#learners.set(from, learner);
      if (this.#newEpoch !== null && this.#acceptedEpoch === this.#newEpoch) this.#sendLeaderInfo(learner);
      else this.#maybeDecideEpoch();
      return;
    }
    const learner = this.#learners.get(from);
    if (!learner) return;
    learner.lastHeard = this.#now;
    switch (m.type) {
      case 'ACKEPOCH':
        if (learner.phase !== 'info') return;
        learner.phase = 'ackedEpoch';
        learner.currentEpoch = m.currentEpoch;
        learner.lastZxid = m.lastZxid;
        if (this.#currentEpoch === this.#newEpoch) {
          this.#syncLearner(learner);
          return;
        }
        {
          this.#maybeStartSync();
          return;
        }
      case 'ACK':
        if (learner.phase === 'syncing' && m.zxid === makeZxid(this.#newEpoch ?? 0, 0)) {
          learner.phase = 'synced';
          learner.acked = m.zxid;
          if (this.#established) this.#upToDate(learner);
          else this.#maybeEstablish();
          return;
        }
        if (learner.observer || (learner.phase !== 'synced' && learner.phase !== 'active')) return;
        if (m.zxid > learner.acked) learner.acked = m.zxid;
        {
          this.#tryCommit();
          return;
        }
      case 'PING':
        if (m.touches.length > 0)
          this.#out.hostRequests.push({ kind: 'touchSessions', from, touches: m.touches });
        return;
      case 'REQUEST':
        this.#out.hostRequests.push({ kind: 'request', from, header: m.header, payload: m.payload });
        return;
      case 'REVALIDATE': {
        this.#onRevalidate(from, m);
        return;
      }
      case 'SYNC': {
        this.#onSync(from, m);
        return;
      }
      default:
        return;
    }
  }

  /** ZooKeeper's Leader.processSync: answered at once when nothing is outstanding, else after its commit. */
  #onSync(from: PeerId, m: Sync): void {
    const learner = this.#learners.get(from);
    if (learner?.phase !== 'active') return;
    if (this.#outstanding.length === 0) this.#sendTo(learner, m);
    else this.#syncs.push({ from, token: m.token, upTo: this.#lastProposed });
  }

  #releaseSyncs(): void {
    let n = 0;
    while (n < this.#syncs.length && (this.#syncs[n]?.upTo ?? 0) <= this.#lastCommitted) n++;
    for (const sync of this.#syncs.splice(0, n)) {
      const learner = this.#learners.get(sync.from);
      if (learner) this.#sendTo(learner, { type: 'SYNC', token: sync.token });
    }
  }

  #onRevalidate(from: PeerId, m: Revalidate): void {
    if (m.valid === null)
      this.#out.hostRequests.push({ kind: 'revalidate', from, sessionId: m.sessionId, timeout: m.timeout });
  }

  /** Discovery: once a quorum reported FOLLOWERINFO, the new epoch tops every acceptedEpoch seen. */
  #maybeDecideEpoch(): void {
    if (this.#newEpoch !== null) return;
    const connected = [this.id, ...this.#learners.keys()];
    if (!this.quorum.containsQuorum(connected)) return;
    let max = this.#acceptedEpoch;
    for (const learner of this.#learners.values()) max = Math.max(max, learner.acceptedEpoch);
    this.#newEpoch = max + 1;
    this.#persistEpoch('acceptedEpoch', this.#newEpoch);
  }

  #sendLeaderInfos(): void {
    for (const learner of this.#learners.values())
      if (learner.phase === 'info') this.#sendLeaderInfo(learner);
  }

  #sendLeaderInfo(learner: Learner): void {
    if (this.#newEpoch !== null) this.#sendTo(learner, { type: 'LEADERINFO', epoch: this.#newEpoch });
  }

  /**
   * A quorum acked the epoch: unless one of them is ahead of us, store currentEpoch and sync
   * them. Only once our own log is durable: a stored currentEpoch makes our vote beat every
   * older epoch, so a crash must not leave it above a log that lost its unsynced tail (the
   * leader's side of ZOOKEEPER-4646).
   */
  #maybeStartSync(): void {
    if (this.#newEpoch === null || this.#epochWrites.has('currentEpoch')) return;
    if (this.#currentEpoch === this.#newEpoch || this.#durable < this.#lastLogged) return;
    const acked = [...this.#learners.values()].filter((l) => l.phase === 'ackedEpoch');
    if (!this.quorum.containsQuorum([this.id, ...acked.map((l) => l.id)])) return;
    for (const l of acked) {
      const ahead =
        l.currentEpoch > this.#currentEpoch ||
        (l.currentEpoch === this.#currentEpoch && l.lastZxid > this.#lastLogged);
      if (ahead && !l.observer) {
        this.#goLooking();
        return;
      }
    }
    this.#persistEpoch('currentEpoch', this.#newEpoch);
  }

  /** The zxid a learner is synced up to before it gets the outstanding proposals. */
  #syncPoint(): number {
    return this.#established ? this.#lastCommitted : this.#historyEnd;
  }

  #syncLearner(learner: Learner): void {
    learner.phase = 'syncing';
    const upTo = this.#syncPoint();
    const theirs = learner.lastZxid;
    const inMemory = this.#log.after(theirs, upTo);
    if (inMemory) {
      const plan = syncMessages(theirs, inMemory.base, inMemory.entries, upTo, this.#faults.skipTrunc);
      this.#countSync(plan);
      for (const m of plan) this.#sendTo(learner, m);
    } else {
      learner.held = [];
      this.#out.hostRequests.push({ kind: 'readLog', for: learner.id, after: theirs });
    }
    if (!learner.observer) {
      for (const entry of this.#outstanding) this.#sendTo(learner, { type: 'PROPOSAL', entry });
    }
    this.#sendTo(learner, { type: 'NEWLEADER', zxid: makeZxid(this.#newEpoch ?? 0, 0) });
  }

  /** zk_diff_count / zk_snap_count: a sync is a SNAP, or else a DIFF (TRUNC included, as ZooKeeper counts). */
  #countSync(first: readonly ZabMessage[]): void {
    if (first.some((m) => m.type === 'SNAP')) this.#syncsSent.snap++;
    else this.#syncsSent.diff++;
  }

  #release(learner: Learner, first: ZabMessage[]): void {
    this.#countSync(first);
    const held = learner.held ?? [];
    learner.held = null;
    for (const m of [...first, ...held]) this.#sendTo(learner, m);
  }

  #maybeSelfAckNewLeader(): void {
    if (this.#role === 'LEADING' && !this.#established) this.#maybeEstablish();
  }

  /** Established once a quorum (ourselves durable included) acked NEWLEADER. */
  #maybeEstablish(): void {
    if (this.#established || this.#newEpoch === null || this.#currentEpoch !== this.#newEpoch) return;
    if (this.#durable < this.#historyEnd) return;
    const acked = [this.id];
    for (const l of this.#learners.values()) if (l.phase === 'synced') acked.push(l.id);
    if (!this.quorum.containsQuorum(acked)) return;
    this.#established = true;
    this.#lastProposed = makeZxid(this.#newEpoch, 0);
    this.#lastCommitted = this.#historyEnd;
    this.#pending = [];
    for (const l of this.#learners.values()) if (l.phase === 'synced') this.#upToDate(l);
    this.#statusChanged();
  }

  #upToDate(learner: Learner): void {
    learner.phase = 'active';
    this.#sendTo(learner, { type: 'UPTODATE', zxid: this.#lastCommitted });
  }

  #forwarding(learner: Learner): boolean {
    return learner.phase === 'syncing' || learner.phase === 'synced' || learner.phase === 'active';
  }

  /** Commits, in zxid order, every outstanding proposal a quorum has durably logged. */
  #tryCommit(): void {
    const outstanding = this.#outstanding;
    if (outstanding.length === 0) return;
    const upTo = this.#quorumDurableZxid();
    let n = 0;
    while (n < outstanding.length && (outstanding[n] as LogEntry).zxid <= upTo) n++;
    if (n === 0) return;
    const done = outstanding.splice(0, n);
    const last = (done[n - 1] as LogEntry).zxid;
    this.#lastCommitted = last;
    for (const entry of done) this.#out.apply.push({ entry, committed: true });
    // COMMIT is cumulative (everything up to it); observers get each txn as INFORM
    for (const l of this.#learners.values()) {
      if (!this.#forwarding(l)) continue;
      if (l.observer) for (const entry of done) this.#sendTo(l, { type: 'INFORM', entry });
      else this.#sendTo(l, { type: 'COMMIT', zxid: last });
    }
    this.#releaseSyncs();
  }

  /** The highest zxid a quorum (ourselves included once durable) has acknowledged. */
  #quorumDurableZxid(): number {
    if (this.#faults.commitWithoutQuorum) return this.#durable;
    const acks: Array<[PeerId, number]> = [[this.id, this.#durable]];
    for (const l of this.#learners.values()) {
      if (!l.observer && (l.phase === 'synced' || l.phase === 'active')) acks.push([l.id, l.acked]);
    }
    return highestQuorumAck(this.quorum, acks);
  }

  #leaderTick(now: number): void {
    const tick = this.#config.tickMs;
    if (!this.#established) {
      if (now - this.#leadingSince > this.#config.initLimit * tick) this.#goLooking();
      return;
    }
    const limit = this.#config.syncLimit * tick;
    let everyoneAcked = this.#durable;
    for (const l of this.#learners.values())
      if (!l.observer && l.phase === 'active') everyoneAcked = Math.min(everyoneAcked, l.acked);
    const times = this.#proposedAt;
    let done = 0;
    while (done + 1 < times.length && (times[done + 1]?.zxid ?? 0) <= everyoneAcked + 1) done++;
    if (done > 0) times.splice(0, done);
    for (const l of [...this.#learners.values()]) {
      // a learner unheard for syncLimit, or that has not acked a proposal that old, is dropped;
      // it must reconnect and resync (ZooKeeper's LearnerHandler syncLimit check)
      let behind = false;
      if (!l.observer && l.phase === 'active' && l.acked < this.#lastProposed) {
        // when was its first unacked proposal (acked + 1: counters are consecutive) made?
        let at = now;
        for (const t of times) if (t.zxid <= l.acked + 1) at = t.at;
        behind = now - at > limit;
      }
      if (now - l.lastHeard > limit || behind) {
        this.#dropLearner(l.id);
        this.#out.hostRequests.push({ kind: 'disconnect', peer: l.id });
      }
    }
    const heard = [this.id];
    for (const l of this.#learners.values())
      if (l.phase === 'active' || l.phase === 'synced') heard.push(l.id);
    if (!this.quorum.containsQuorum(heard)) {
      this.#goLooking();
      return;
    }
    if (now >= this.#nextPingAt) {
      this.#nextPingAt = now + tick / 2;
      const ping: Ping = { type: 'PING', zxid: this.#lastCommitted, touches: [] };
      for (const l of this.#learners.values()) if (this.#forwarding(l)) this.#sendTo(l, ping);
    }
  }

  #dropLearner(id: PeerId): void {
    // its acks no longer count: after a resync it acks again what it really logged
    this.#learners.delete(id);
  }

  #sendTo(learner: Learner, message: ZabMessage): void {
    if (learner.held !== null) learner.held.push(message);
    else this.#out.messages.push({ to: learner.id, message });
  }

  // ------------------------------------------------------------------ shared

  #persistEpoch(name: EpochName, epoch: number): void {
    this.#epochWrites.add(name);
    this.#out.persistEpochs.push({ name, epoch });
  }

  #epochInForce(): number {
    if (this.#role === 'LEADING' && this.#newEpoch !== null) return this.#newEpoch;
    return this.#currentEpoch;
  }

  #statusChanged(): void {
    const s = this.status;
    const key = `${s.role}/${s.leader}/${s.epoch}/${s.established}`;
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.#out.state = s;
  }
}
