import {
  formatZxid,
  type LogEntry,
  makeZxid,
  type PeerId,
  type Ready,
  readyIsEmpty,
  type ZabConfig,
  type ZabMessage,
  ZabPeer,
} from '../src/index';

const text = new TextEncoder();

export function parseZxid(s: string): number {
  const [epoch = '0', counter = '0'] = s.split('.');
  return makeZxid(Number.parseInt(epoch, 16), Number.parseInt(counter, 16));
}

export function entryAt(zxid: number, origin: PeerId = 0): LogEntry {
  return { zxid, header: { origin, sessionId: 0n, cxid: 0 }, payload: text.encode(formatZxid(zxid)) };
}

/** A member for trace tests: its disk, and what it applied, with epoch writes completed at once. */
interface TraceMember {
  peer: ZabPeer | null;
  config: ZabConfig;
  accepted: number;
  current: number;
  snapshotZxid: number;
  durable: LogEntry[];
  unsynced: LogEntry[];
  applied: number[];
}

interface InFlight {
  from: PeerId;
  to: PeerId;
  message: ZabMessage;
}

/**
 * Drives pure peers by hand for the testdata traces: the script decides when messages are
 * delivered, when disks fsync and when time passes; every output of every peer is printed.
 */
export class TraceEnsemble {
  readonly members = new Map<PeerId, TraceMember>();
  readonly network: InFlight[] = [];
  now = 0;

  constructor(
    readonly voters: PeerId[],
    readonly observers: PeerId[],
    readonly window: number,
    readonly autoPersist: boolean,
    readonly counterLimit: number | undefined,
    /** zkts's faster election (early finalize, beaten votes answered); off unless a trace asks:
     *  most traces show ZooKeeper's own rules. */
    readonly fastElection = false,
  ) {}

  member(id: PeerId): TraceMember {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  /** `snap`: the log starts after a snapshot at that zxid (older txns are only in the snapshot). */
  start(
    id: PeerId,
    accepted: number,
    current: number,
    log: number[],
    snap: number,
    at: number,
    out: string[],
  ): void {
    this.now = at;
    const existing = this.members.get(id);
    const m: TraceMember = existing ?? {
      peer: null,
      config: {
        id,
        voters: this.voters,
        observers: this.observers,
        tickMs: 100,
        initLimit: 10,
        syncLimit: 5,
        committedLogWindow: this.window,
        ...(this.counterLimit === undefined ? {} : { counterLimit: this.counterLimit }),
        finalizeEarly: this.fastElection,
        answerBeatenVotes: this.fastElection,
      },
      accepted,
      current,
      snapshotZxid: snap,
      durable: log.map((z) => entryAt(z)),
      unsynced: [],
      applied: [...log],
    };
    m.unsynced = [];
    const last = m.durable.at(-1)?.zxid ?? m.snapshotZxid;
    m.applied = [...(m.snapshotZxid > 0 ? [m.snapshotZxid] : []), ...m.durable.map((e) => e.zxid)];
    m.peer = new ZabPeer(
      m.config,
      { acceptedEpoch: m.accepted, currentEpoch: m.current, lastLoggedZxid: last },
      at,
    );
    this.members.set(id, m);
    this.drain(id, out);
  }

  crash(id: PeerId, out: string[]): void {
    const m = this.member(id);
    m.peer = null;
    if (m.unsynced.length > 0)
      out.push(`${id}: crash loses ${m.unsynced.map((e) => formatZxid(e.zxid)).join(' ')}`);
    m.unsynced = [];
    // what a restart will rebuild
    m.applied = [...(m.snapshotZxid > 0 ? [m.snapshotZxid] : []), ...m.durable.map((e) => e.zxid)];
    for (let i = this.network.length - 1; i >= 0; i--) {
      const f = this.network[i] as InFlight;
      if (f.from === id || f.to === id) this.network.splice(i, 1);
    }
  }

  persist(id: PeerId, out: string[]): void {
    const m = this.member(id);
    const last = m.unsynced.at(-1);
    if (!m.peer || !last) return;
    m.durable.push(...m.unsynced);
    m.unsynced = [];
    out.push(`${id}: fsync up to ${formatZxid(last.zxid)}`);
    m.peer.persisted(last.zxid);
    this.drain(id, out);
  }

  /** Delivers the oldest matching message; false when none matches. */
  deliverOne(filter: (f: InFlight) => boolean, out: string[]): boolean {
    const i = this.network.findIndex(filter);
    if (i < 0) return false;
    const [f] = this.network.splice(i, 1) as [InFlight];
    const m = this.members.get(f.to);
    if (!m?.peer) return true;
    m.peer.receive(f.from, f.message);
    this.drain(f.to, out);
    return true;
  }

  drain(id: PeerId, out: string[]): void {
    const m = this.member(id);
    for (let round = 0; round < 1000; round++) {
      const peer = m.peer;
      if (!peer) return;
      const ready = peer.ready();
      if (readyIsEmpty(ready)) return;
      this.#handle(id, m, peer, ready, out);
    }
    throw new Error(`member ${id} never went quiet`);
  }

  #handle(id: PeerId, m: TraceMember, peer: ZabPeer, ready: Ready, out: string[]): void {
    const s = ready.state;
    if (s)
      out.push(
        `${id}: ${s.role}${s.leader === null ? '' : ` leader=${s.leader}`} epoch=${s.epoch}${s.established ? ' established' : ''}`,
      );
    for (const w of ready.persistEpochs) {
      out.push(`${id}: store ${w.name}=${w.epoch}`);
      if (w.name === 'acceptedEpoch') m.accepted = w.epoch;
      else m.current = w.epoch;
      peer.epochStored(w.name, w.epoch);
    }
    if (ready.truncate !== undefined) {
      const z = ready.truncate;
      out.push(`${id}: truncate to ${formatZxid(z)}`);
      m.durable = m.durable.filter((e) => e.zxid <= z);
      m.unsynced = m.unsynced.filter((e) => e.zxid <= z);
      m.applied = [...m.durable, ...m.unsynced].map((e) => e.zxid);
      peer.truncated(z);
    }
    if (ready.installSnapshot) {
      const z = ready.installSnapshot.zxid;
      out.push(`${id}: install snapshot at ${formatZxid(z)}`);
      m.snapshotZxid = z;
      m.durable = [];
      m.unsynced = [];
      m.applied = [z];
      peer.snapshotInstalled(z);
    }
    if (ready.entries.length > 0) {
      out.push(`${id}: log ${ready.entries.map((e) => formatZxid(e.zxid)).join(' ')}`);
      m.unsynced.push(...ready.entries);
    }
    if (ready.apply.length > 0) {
      const words = ready.apply.map((a) =>
        a.committed ? formatZxid(a.entry.zxid) : `(${formatZxid(a.entry.zxid)})`,
      );
      out.push(`${id}: apply ${words.join(' ')}`);
      m.applied.push(...ready.apply.map((a) => a.entry.zxid));
    }
    for (const o of ready.messages) {
      out.push(`${id}->${o.to} ${describeMessage(o.message)}`);
      this.network.push({ from: id, to: o.to, message: o.message });
    }
    for (const r of ready.hostRequests) {
      switch (r.kind) {
        case 'takeSnapshot':
          out.push(`${id}: host snapshot for ${r.for} at ${formatZxid(r.zxid)}`);
          peer.snapshotTaken(r.for, r.zxid, text.encode(`snapshot@${formatZxid(r.zxid)}`));
          break;
        case 'readLog': {
          const log = [...m.durable, ...m.unsynced];
          if (m.snapshotZxid > r.after) {
            out.push(`${id}: host log read for ${r.for} after ${formatZxid(r.after)}: not in log`);
            peer.logRead(r.for, undefined);
            break;
          }
          let base = m.snapshotZxid;
          const entries: LogEntry[] = [];
          for (const e of log) {
            if (e.zxid <= r.after) base = e.zxid;
            else entries.push(e);
          }
          out.push(
            `${id}: host log read for ${r.for} after ${formatZxid(r.after)}: base ${formatZxid(base)}, ${entries.length} entries`,
          );
          peer.logRead(r.for, { base, entries });
          break;
        }
        case 'request':
          out.push(`${id}: host request from ${r.from} session=${r.header.sessionId} cxid=${r.header.cxid}`);
          break;
        case 'touchSessions':
          out.push(
            `${id}: host touch from ${r.from}: ${r.touches.map((t) => `${t.sessionId}/${t.timeout}`).join(' ')}`,
          );
          break;
        case 'revalidate':
          out.push(`${id}: host revalidate session=${r.sessionId} for ${r.from}: valid`);
          peer.revalidated(r.from, r.sessionId, r.timeout, true);
          break;
        case 'revalidated':
          out.push(`${id}: host session=${r.sessionId} valid=${r.valid}`);
          break;
        case 'synced':
          out.push(`${id}: host synced ${r.token}`);
          break;
        case 'disconnect':
          out.push(`${id}: host closes the link to ${r.peer}`);
          break;
      }
    }
    if (this.autoPersist && m.unsynced.length > 0) this.persist(id, out);
  }
}

export function describeMessage(m: ZabMessage): string {
  switch (m.type) {
    case 'NOTIFICATION':
      return `NOTIFICATION vote=(${m.leader}, ${formatZxid(m.zxid)}, ${m.peerEpoch}) round=${m.electionEpoch} ${m.state}`;
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
      return `SNAP ${formatZxid(m.zxid)}`;
    case 'PING':
      return `PING ${formatZxid(m.zxid)}${m.touches.length > 0 ? ` touches=${m.touches.length}` : ''}`;
    case 'REQUEST':
      return 'REQUEST';
    case 'REVALIDATE':
      return `REVALIDATE session=${m.sessionId} valid=${m.valid}`;
    case 'SYNC':
      return `SYNC ${m.token}`;
    default:
      return `${m.type} ${formatZxid(m.zxid)}`;
  }
}
