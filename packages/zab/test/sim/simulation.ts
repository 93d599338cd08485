import {
  counterOf,
  decodeZabMessage,
  encodeZabMessage,
  formatZxid,
  type PeerId,
  type ZabConfig,
  type ZabFaults,
  type ZabMessage,
  type ZabPeer,
} from '../../src/index';
import { encodeInput, readOutput, writeOutput } from './client-ops';
import { EventQueue } from './event-queue';
import type { HistoryOp, ZkHistory, ZkOutput, ZkSessionInput } from './history';
import { Invariants, InvariantViolation } from './invariants';
import { Random } from './random';
import { SimMember } from './sim-member';

export interface SimOptions {
  seed: number;
  /** Events to run (deliveries, ticks, flushes, client calls, faults). */
  steps?: number;
  /** Voting members (3 or 5); an observer joins on some seeds. */
  members?: number;
  faults?: ZabFaults;
  /** Check at each send that an ACK/ACKEPOCH/NEWLEADER-ack follows its durable write (default
   *  true); off, a broken rule is only found through its end effect (lost or diverging data). */
  checkSendOrder?: boolean;
  /** Lines of trace kept for a failure report. */
  traceLines?: number;
  /** Broken on purpose, to show the read-guarantee check bites: a client reconnects to any live
   *  member, even one behind the last zxid it has seen (ZooKeeper's client refuses those). */
  reconnectBehind?: boolean;
  /** Broken on purpose: a sync is answered at once, without waiting for the leader's commits. */
  syncWithoutWait?: boolean;
  /** Broken on purpose: a read is answered at once, ahead of the session's write in flight. */
  readAheadOfWrites?: boolean;
}

export interface SimResult {
  seed: number;
  violation: string | undefined;
  /** The last events before the end (or the violation). */
  trace: string[];
  /** Every client operation, for the linearizability checkers. Each client is a session held by
   *  one member: its reads are served there (sequentially consistent only, as in ZooKeeper) and a
   *  completed op's output carries its reply zxid. */
  history: ZkHistory;
  stats: {
    steps: number;
    committed: number;
    acknowledged: number;
    elections: number;
    crashes: number;
    time: number;
  };
}

type SimEvent =
  | { kind: 'deliver'; from: PeerId; to: PeerId; bytes: Uint8Array; gen: number | null }
  | { kind: 'tick'; member: PeerId }
  | { kind: 'flush'; member: PeerId }
  | { kind: 'disconnect'; member: PeerId; peer: PeerId }
  | { kind: 'client'; client: number }
  | { kind: 'syncAtLeader'; key: string }
  | { kind: 'fault' }
  | { kind: 'crash'; member: PeerId };

interface PendingOp {
  op: HistoryOp<ZkSessionInput, ZkOutput>;
  member: PeerId;
  cxid: number;
  deadline: number;
  /** A sync: answered once the member has applied up to this (null: not yet at the leader). */
  syncTarget?: number | null;
}

/** A client's session: the member it is connected to and the last zxid it has seen. */
interface Session {
  member: PeerId | null;
  lastZxid: number;
}

const TICK_MS = 100;
const PATHS = ['/a', '/b', '/c'];

/**
 * One seeded run of a whole ensemble: members with in-memory disks (unsynced appends lost on a
 * crash), a network where election notifications are datagrams (delay, loss, duplication,
 * reordering, one-way cuts) and quorum traffic rides FIFO links that break on loss or partition
 * (both ends are told, as a socket close would), crashes and restarts, skewed clocks, and
 * clients writing and reading. Invariants are checked as events happen.
 */
export function runSimulation(options: SimOptions): SimResult {
  return new Simulation(options).run();
}

class Simulation {
  readonly rng: Random;
  readonly steps: number;
  readonly members: SimMember[] = [];
  readonly invariants: Invariants;
  readonly queue = new EventQueue<SimEvent>();
  readonly trace: string[] = [];
  readonly traceLines: number;
  readonly history: ZkHistory = [];
  readonly pending = new Map<string, PendingOp>();
  readonly sessions = new Map<number, Session>();
  readonly skew = new Map<PeerId, { offset: number; rate: number }>();
  /** Directed cuts "a>b": datagrams from a to b are dropped, links between them break. */
  readonly cuts = new Set<string>();
  readonly linkGen = new Map<string, number>();
  readonly linkUp = new Set<string>();
  readonly linkLast = new Map<string, number>();
  readonly flushScheduled = new Set<PeerId>();
  time = 0;
  cxid = 0;
  elections = 0;
  crashes = 0;
  acknowledged = 0;

  constructor(readonly options: SimOptions) {
    this.rng = new Random(options.seed);
    this.steps = options.steps ?? 3000;
    this.traceLines = options.traceLines ?? 60;
    const voters = options.members ?? 3;
    const ids = Array.from({ length: voters }, (_, i) => i + 1);
    const observers = this.rng.chance(0.3) ? [voters + 1] : [];
    for (const id of [...ids, ...observers]) {
      const config: ZabConfig = {
        id,
        voters: ids,
        observers,
        tickMs: TICK_MS,
        initLimit: 10,
        syncLimit: 5,
        committedLogWindow: this.rng.pick([2, 5, 500]),
        maxNotificationIntervalMs: 1600,
        ...(options.faults ? { faults: options.faults } : {}),
      };
      const member = new SimMember(id, config, this.#memberEvents());
      member.checkSendOrder = options.checkSendOrder ?? true;
      this.members.push(member);
      this.skew.set(id, { offset: this.rng.int(0, 10_000), rate: 1 + (this.rng.next() - 0.5) / 10 });
    }
    this.invariants = new Invariants(this.members, Math.floor(voters / 2) + 1);
  }

  run(): SimResult {
    let violation: string | undefined;
    let step = 0;
    try {
      for (const m of this.members) this.#start(m);
      for (let c = 1; c <= 3; c++) this.queue.push(this.rng.int(0, 200), { kind: 'client', client: c });
      this.queue.push(this.rng.int(300, 1500), { kind: 'fault' });
      for (; step < this.steps; step++) {
        const next = this.queue.pop();
        if (!next) break;
        this.time = Math.max(this.time, next.at);
        this.#handle(next.item);
        this.#answerQueued();
        this.invariants.checkDigests();
      }
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      violation = error.message;
      this.#log(`VIOLATION ${error.message}`);
    }
    for (const p of this.pending.values()) this.history.push(p.op);
    return {
      seed: this.options.seed,
      violation,
      trace: this.trace,
      history: this.history,
      stats: {
        steps: step,
        committed: this.invariants.committedCount,
        acknowledged: this.acknowledged,
        elections: this.elections,
        crashes: this.crashes,
        time: this.time,
      },
    };
  }

  // ---------------------------------------------------------------- events

  #handle(event: SimEvent): void {
    switch (event.kind) {
      case 'deliver': {
        this.#deliver(event.from, event.to, event.bytes, event.gen);
        return;
      }
      case 'tick': {
        const m = this.#member(event.member);
        if (!m.peer) return;
        m.now = this.#clock(m.id);
        m.peer.tick(m.now);
        m.drain();
        this.queue.push(this.time + 25, event);
        return;
      }
      case 'flush': {
        this.flushScheduled.delete(event.member);
        const m = this.#member(event.member);
        m.now = this.#clock(m.id);
        if (m.unsynced.length > 0) this.#log(`${m.id} fsync up to ${formatZxid(m.lastLogged())}`);
        m.flush();
        return;
      }
      case 'disconnect': {
        const m = this.#member(event.member);
        if (!m.peer) return;
        m.now = this.#clock(m.id);
        m.peer.disconnected(event.peer);
        m.drain();
        return;
      }
      case 'client': {
        this.#client(event.client);
        return;
      }
      case 'syncAtLeader': {
        this.#syncAtLeader(event.key);
        return;
      }
      case 'crash': {
        const m = this.#member(event.member);
        if (m.alive) this.#crash(m);
        return;
      }
      case 'fault':
        this.#fault();
        this.queue.push(this.time + this.rng.int(200, 1500), { kind: 'fault' });
        return;
    }
  }

  #deliver(from: PeerId, to: PeerId, bytes: Uint8Array, gen: number | null): void {
    const m = this.#member(to);
    if (!m.peer) return;
    if (gen !== null && gen !== (this.linkGen.get(this.#pair(from, to)) ?? 0)) return;
    const message = decodeZabMessage(bytes);
    if (message.type !== 'NOTIFICATION' && message.type !== 'PING')
      this.#log(`${from}→${to} ${describe(message)}`);
    m.now = this.#clock(to);
    m.peer.receive(from, message);
    m.drain();
  }

  #send(from: PeerId, to: PeerId, message: ZabMessage): void {
    const bytes = encodeZabMessage(message);
    if (message.type === 'ACK' && counterOf(message.zxid) === 0 && this.rng.chance(0.2)) {
      // buggify: the NEWLEADER handshake is where ZooKeeper lost data; crash right after it,
      // the follower before its disk catches up, or the leader once it relied on this ACK
      const victim = this.rng.chance(0.5) ? from : to;
      this.queue.push(this.time + this.rng.int(0, 40), { kind: 'crash', member: victim });
    }
    const target = this.#member(to);
    if (message.type === 'NOTIFICATION') {
      if (!target.alive || this.cuts.has(`${from}>${to}`) || this.rng.chance(0.05)) return;
      const copies = this.rng.chance(0.03) ? 2 : 1;
      for (let i = 0; i < copies; i++)
        this.queue.push(this.time + this.rng.int(1, 40), { kind: 'deliver', from, to, bytes, gen: null });
      return;
    }
    const pair = this.#pair(from, to);
    if (
      !target.alive ||
      this.cuts.has(`${from}>${to}`) ||
      this.cuts.has(`${to}>${from}`) ||
      this.rng.chance(0.002)
    ) {
      this.#breakLink(from, to);
      return;
    }
    // a connection is opened by the learner (FOLLOWERINFO/OBSERVERINFO); nothing else revives it
    if (!this.linkUp.has(pair)) {
      if (message.type !== 'FOLLOWERINFO' && message.type !== 'OBSERVERINFO') return;
      this.linkUp.add(pair);
    }
    const direction = `${from}>${to}`;
    const at = Math.max(this.time + this.rng.int(1, 20), this.linkLast.get(direction) ?? 0);
    this.linkLast.set(direction, at);
    this.queue.push(at, { kind: 'deliver', from, to, bytes, gen: this.linkGen.get(pair) ?? 0 });
  }

  /** A broken connection: what is in flight is lost and both ends learn it, like a socket close. */
  #breakLink(a: PeerId, b: PeerId): void {
    const pair = this.#pair(a, b);
    this.linkGen.set(pair, (this.linkGen.get(pair) ?? 0) + 1);
    if (!this.linkUp.delete(pair)) return;
    this.#log(`link ${pair} broken`);
    for (const [member, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      if (this.#member(member).alive) this.queue.push(this.time + 1, { kind: 'disconnect', member, peer });
    }
  }

  #fault(): void {
    const r = this.rng.next();
    const alive = this.members.filter((m) => m.alive);
    const dead = this.members.filter((m) => !m.alive);
    if (r < 0.3 && alive.length > 0) {
      this.#crash(this.rng.pick(alive));
    } else if (r < 0.6 && dead.length > 0) {
      const m = this.rng.pick(dead);
      this.#log(`RESTART ${m.id}`);
      this.#start(m);
    } else if (r < 0.75) {
      const ids = this.members.map((m) => m.id);
      const side = new Set(ids.filter(() => this.rng.chance(0.5)));
      for (const a of ids) for (const b of ids) if (side.has(a) !== side.has(b)) this.cuts.add(`${a}>${b}`);
      this.#log(`PARTITION {${[...side].join(',')}} | rest`);
      this.#breakCut();
    } else if (r < 0.85) {
      const a = this.rng.pick(this.members).id;
      const b = this.rng.pick(this.members).id;
      if (a !== b) {
        this.cuts.add(`${a}>${b}`);
        this.#log(`CUT one way ${a}>${b}`);
        this.#breakCut();
      }
    } else {
      this.cuts.clear();
      this.#log('HEAL');
    }
  }

  #crash(m: SimMember): void {
    this.#log(`CRASH ${m.id} (loses ${m.unsynced.length} unsynced entries)`);
    this.crashes++;
    m.crash();
    for (const other of this.members) if (other !== m) this.#breakLink(m.id, other.id);
    this.invariants.recheckAcknowledged();
    for (const [key, p] of this.pending) if (p.member === m.id) this.#giveUp(key, p);
    this.#dropSessions(m.id);
  }

  #breakCut(): void {
    for (const cut of this.cuts) {
      const [a, b] = cut.split('>').map(Number) as [number, number];
      this.#breakLink(a, b);
    }
  }

  #start(m: SimMember): void {
    m.now = this.#clock(m.id);
    m.start(m.now);
    this.queue.push(this.time + this.rng.int(1, 25), { kind: 'tick', member: m.id });
  }

  // ---------------------------------------------------------------- clients

  #client(client: number): void {
    this.queue.push(this.time + this.rng.int(5, 120), { kind: 'client', client });
    for (const [key, p] of this.pending) if (p.deadline <= this.time) this.#giveUp(key, p);
    const inFlight = [...this.pending.values()].filter((p) => p.op.client === client);
    let m: SimMember | undefined;
    let pipelined = false;
    if (inFlight.length === 0) {
      // now and then a client moves on its own (as a rebalancing ZooKeeper client does), so
      // reconnects also happen while some members lag behind the session
      if (this.rng.chance(0.2)) this.#session(client).member = null;
      m = this.#connected(client);
    } else {
      // a read may be pipelined behind the session's one update in flight, on the same member
      const only = inFlight.length === 1 ? inFlight[0] : undefined;
      if (!only || !isUpdate(only.op.input) || !this.rng.chance(0.5)) return;
      m = this.#member(only.member);
      pipelined = true;
    }
    if (!m) return;
    const session = this.#session(client);
    const path = this.rng.pick(PATHS);
    const value = `v${this.cxid + 1}`;
    const input: ZkSessionInput = pipelined
      ? { kind: 'read', path }
      : this.rng.pick<ZkSessionInput>([
          { kind: 'read', path },
          { kind: 'read', path },
          { kind: 'sync', path },
          { kind: 'write', path, value },
          { kind: 'write', path, value },
          { kind: 'cas', path, version: this.rng.int(0, 3), value },
          { kind: 'create', path, value },
          { kind: 'delete', path },
        ]);
    if (input.kind === 'read' && (!pipelined || this.options.readAheadOfWrites)) {
      const output = readOutput(m.tree, path, m.lastApplied);
      const ret = output === undefined ? Number.POSITIVE_INFINITY : this.time;
      this.history.push({ client, input, output, call: this.time, ret });
      session.lastZxid = Math.max(session.lastZxid, m.lastApplied);
      return;
    }
    const cxid = ++this.cxid;
    const op: HistoryOp<ZkSessionInput, ZkOutput> = {
      client,
      input,
      output: undefined,
      call: this.time,
      ret: Number.POSITIVE_INFINITY,
    };
    const key = `${client}/${cxid}`;
    const deadline = this.time + 3000;
    if (input.kind === 'read') {
      // ZooKeeper's FIFO client order: answered once the session's earlier update completed here
      this.pending.set(key, { op, member: m.id, cxid, deadline });
      return;
    }
    if (input.kind === 'sync') {
      const syncTarget = this.options.syncWithoutWait ? m.lastApplied : null;
      this.pending.set(key, { op, member: m.id, cxid, deadline, syncTarget });
      if (syncTarget === null)
        this.queue.push(this.time + this.rng.int(1, 20), { kind: 'syncAtLeader', key });
      return;
    }
    m.now = this.#clock(m.id);
    if (!m.submit({ origin: m.id, sessionId: BigInt(client), cxid }, encodeInput(input))) return;
    this.pending.set(key, { op, member: m.id, cxid, deadline });
  }

  #session(client: number): Session {
    let session = this.sessions.get(client);
    if (!session) {
      session = { member: null, lastZxid: 0 };
      this.sessions.set(client, session);
    }
    return session;
  }

  /** The member serving the client, reconnecting first when its member is gone: only to a
   *  serving member whose last applied zxid is not behind what the session has seen. */
  #connected(client: number): SimMember | undefined {
    const session = this.#session(client);
    const current = session.member === null ? undefined : this.#member(session.member);
    if (current && this.#serving(current)) return current;
    const candidates = this.members.filter(
      (m) => this.#serving(m) && (this.options.reconnectBehind || m.lastApplied >= session.lastZxid),
    );
    if (candidates.length === 0) {
      session.member = null;
      return undefined;
    }
    const m = this.rng.pick(candidates);
    session.member = m.id;
    this.#log(`client ${client} connects to ${m.id} (seen ${formatZxid(session.lastZxid)})`);
    return m;
  }

  /** ZooKeeper serves clients only once synced with an established leader (UPTODATE). */
  #serving(m: SimMember): boolean {
    return m.peer !== null && m.peer.role !== 'LOOKING' && m.peer.established;
  }

  /** Closes the sessions held by `member` (crash, role change), as ZooKeeper closes connections. */
  #dropSessions(member: PeerId): void {
    for (const session of this.sessions.values()) if (session.member === member) session.member = null;
  }

  /** The sync reached the leader: it will be answered once the member applied what that leader had
   *  committed. The simulation asks the established leader of the newest epoch directly, standing
   *  in for the forwarding path the peer does not model. */
  #syncAtLeader(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    let leader: ZabPeer | undefined;
    for (const m of this.members) {
      const peer = m.peer;
      if (peer?.role !== 'LEADING' || !peer.established) continue;
      if (!leader || peer.currentEpoch > leader.currentEpoch) leader = peer;
    }
    if (!leader) {
      // no leader yet: the sync waits, as a forwarded request does, until the op's deadline
      this.queue.push(this.time + this.rng.int(20, 100), { kind: 'syncAtLeader', key });
      return;
    }
    p.syncTarget = leader.lastCommittedZxid;
  }

  /** Answers the queued reads and syncs that are due: nothing earlier of their session is still
   *  in flight, and for a sync, the member has applied what the leader had committed. */
  #answerQueued(): void {
    for (const [key, p] of this.pending) {
      const kind = p.op.input.kind;
      if (kind !== 'read' && kind !== 'sync') continue;
      if (kind === 'sync' && (p.syncTarget === undefined || p.syncTarget === null)) continue;
      const m = this.#member(p.member);
      if (!m.alive || (kind === 'sync' && m.lastApplied < (p.syncTarget ?? 0))) continue;
      if ([...this.pending.values()].some((q) => q.op.client === p.op.client && q.cxid < p.cxid)) continue;
      this.pending.delete(key);
      const synced: ZkOutput = { ok: true, zxid: m.lastApplied };
      const output = p.op.input.kind === 'read' ? readOutput(m.tree, p.op.input.path, m.lastApplied) : synced;
      this.history.push({
        ...p.op,
        output,
        ret: output === undefined ? Number.POSITIVE_INFINITY : this.time,
      });
      const session = this.#session(p.op.client);
      session.lastZxid = Math.max(session.lastZxid, m.lastApplied);
    }
  }

  /** The op's outcome is lost, and with it the connection: the session's other ops are lost too,
   *  and the client reconnects before its next op. */
  #giveUp(key: string, p: PendingOp): void {
    if (!this.pending.delete(key)) return;
    this.history.push(p.op);
    this.#session(p.op.client).member = null;
    for (const [other, q] of this.pending) if (q.op.client === p.op.client) this.#giveUp(other, q);
  }

  // ---------------------------------------------------------------- member hooks

  #memberEvents() {
    return {
      send: (from: PeerId, to: PeerId, message: ZabMessage) => this.#send(from, to, message),
      status: (
        m: SimMember,
        s: { role: string; leader: PeerId | null; epoch: number; established: boolean },
      ) => {
        this.#log(
          `${m.id} is ${s.role}${s.leader === null ? '' : ` leader=${s.leader}`} epoch=${s.epoch}${s.established ? ' established' : ''}`,
        );
        if (s.role === 'LOOKING') {
          // like ZooKeeper closing client connections when the server leaves its role
          this.elections++;
          for (const [key, p] of this.pending) if (p.member === m.id) this.#giveUp(key, p);
          this.#dropSessions(m.id);
          // leaving a role closes its quorum connections, as ZooKeeper's shutdown does
          for (const other of this.members) if (other !== m) this.#breakLink(m.id, other.id);
        }
        if (s.role === 'LEADING' && s.established) this.invariants.established(m, s.epoch);
        // buggify: role changes are where recovery bugs hide, so crash someone right there now and then
        if (this.rng.chance(0.15)) {
          const victim = this.rng.pick(this.members);
          this.queue.push(this.time + this.rng.int(0, 30), { kind: 'crash', member: victim.id });
        }
      },
      logged: (m: SimMember, entry: Parameters<Invariants['logged']>[1]) => this.invariants.logged(m, entry),
      applied: (
        m: SimMember,
        txn: { entry: Parameters<Invariants['logged']>[1]; committed: boolean },
        result: Parameters<typeof writeOutput>[0],
      ) => {
        this.invariants.applied(m, txn.entry, txn.committed);
        if (!txn.committed || txn.entry.header.origin !== m.id) return;
        const key = `${txn.entry.header.sessionId}/${txn.entry.header.cxid}`;
        const p = this.pending.get(key);
        if (!p) return;
        this.pending.delete(key);
        const output = writeOutput(result);
        this.history.push({
          ...p.op,
          output,
          ret: output === undefined ? Number.POSITIVE_INFINITY : this.time,
        });
        this.acknowledged++;
        if (output !== undefined) {
          const session = this.#session(p.op.client);
          session.lastZxid = Math.max(session.lastZxid, txn.entry.zxid);
        }
        this.#log(
          `ack client ${p.op.client} ${p.op.input.kind} ${p.op.input.path} at ${formatZxid(txn.entry.zxid)}`,
        );
        this.invariants.acknowledged(txn.entry.zxid);
      },
      rebuilt: (m: SimMember, zxid: number) => this.invariants.rebuilt(m, zxid),
      disconnect: (a: PeerId, b: PeerId) => this.#breakLink(a, b),
      lostDurable: () => this.invariants.recheckAcknowledged(),
      flushWanted: (m: SimMember) => {
        if (this.flushScheduled.has(m.id)) return;
        this.flushScheduled.add(m.id);
        // mostly a quick group commit, sometimes a slow disk
        const delay = this.rng.chance(0.1) ? this.rng.int(50, 300) : this.rng.int(0, 15);
        this.queue.push(this.time + delay, { kind: 'flush', member: m.id });
      },
    };
  }

  // ---------------------------------------------------------------- helpers

  #member(id: PeerId): SimMember {
    const m = this.members.find((x) => x.id === id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  #clock(id: PeerId): number {
    const s = this.skew.get(id) ?? { offset: 0, rate: 1 };
    return Math.floor(s.offset + this.time * s.rate);
  }

  #pair(a: PeerId, b: PeerId): string {
    return a < b ? `${a}-${b}` : `${b}-${a}`;
  }

  #log(line: string): void {
    this.trace.push(`t=${this.time} ${line}`);
    if (this.trace.length > this.traceLines * 2) this.trace.splice(0, this.trace.length - this.traceLines);
  }
}

function describe(m: ZabMessage): string {
  switch (m.type) {
    case 'PROPOSAL':
    case 'INFORM':
      return `${m.type} ${formatZxid(m.entry.zxid)}`;
    case 'LEADERINFO':
      return `LEADERINFO epoch=${m.epoch}`;
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      return `${m.type} accepted=${m.acceptedEpoch} last=${formatZxid(m.lastZxid)}`;
    case 'ACKEPOCH':
      return `ACKEPOCH current=${m.currentEpoch} last=${formatZxid(m.lastZxid)}`;
    case 'SNAP':
      return `SNAP ${formatZxid(m.zxid)} (${m.snapshot.length} bytes)`;
    case 'DIFF':
    case 'TRUNC':
    case 'NEWLEADER':
    case 'UPTODATE':
    case 'ACK':
    case 'COMMIT':
      return `${m.type} ${formatZxid(m.zxid)}`;
    default:
      return m.type;
  }
}

function isUpdate(input: ZkSessionInput): boolean {
  return input.kind !== 'read' && input.kind !== 'sync';
}
