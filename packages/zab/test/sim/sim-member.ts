import {
  type ApplyResult,
  DataTree,
  decodeTxn,
  encodeTxn,
  errorTxn,
  readSnapshot,
  snapshotBytes,
  type WriteContext,
} from '@zkts/core';
import {
  type ApplyTxn,
  counterOf,
  epochOf,
  formatZxid,
  type HostRequest,
  type LogEntry,
  type PeerId,
  type PeerStatus,
  readyIsEmpty,
  type TxnHeader,
  type ZabConfig,
  type ZabMessage,
  ZabPeer,
} from '../../src/index';
import { decodeInput, writeRequest } from './client-ops';
import { InvariantViolation } from './invariants';

/** What survives a crash: the epoch files, the last snapshot and the fsynced log. */
export interface Disk {
  acceptedEpoch: number;
  currentEpoch: number;
  base: { zxid: number; snapshot: Uint8Array };
  log: LogEntry[];
}

/** How a member tells the simulation what it did, so invariants are checked as it happens. */
export interface MemberEvents {
  send(from: PeerId, to: PeerId, message: ZabMessage): void;
  status(member: SimMember, status: PeerStatus): void;
  logged(member: SimMember, entry: LogEntry): void;
  applied(member: SimMember, txn: ApplyTxn, result: ApplyResult): void;
  /** The tree was rebuilt from disk up to `zxid` (start, TRUNC, SNAP). */
  rebuilt(member: SimMember, zxid: number): void;
  /** Durable state shrank (crash, TRUNC, SNAP): acknowledged writes must still be on a quorum. */
  lostDurable(member: SimMember): void;
  flushWanted(member: SimMember): void;
  /** Close the quorum link between two members. */
  disconnect(a: PeerId, b: PeerId): void;
}

/**
 * A member's host for the simulation: the same duties a real server has toward `ZabPeer`
 * (see `Ready`), over an in-memory disk where appended entries stay unsynced, and are lost by a
 * crash, until `flush`.
 */
export class SimMember {
  peer: ZabPeer | null = null;
  tree: DataTree = new DataTree();
  unsynced: LogEntry[] = [];
  lastApplied = 0;
  /** Check each ACK/ACKEPOCH against the disk as it leaves (off: only end-to-end effects count). */
  checkSendOrder = true;
  /** The member's own clock (skewed), set by the simulation before each input. */
  now = 0;
  readonly disk: Disk;

  constructor(
    readonly id: PeerId,
    readonly config: ZabConfig,
    readonly events: MemberEvents,
  ) {
    this.disk = {
      acceptedEpoch: 0,
      currentEpoch: 0,
      base: { zxid: 0, snapshot: snapshotBytes(new DataTree()) },
      log: [],
    };
  }

  get alive(): boolean {
    return this.peer !== null;
  }

  lastLogged(): number {
    const all = this.unsynced.length > 0 ? this.unsynced : this.disk.log;
    return all.length > 0 ? (all[all.length - 1] as LogEntry).zxid : this.disk.base.zxid;
  }

  /** True when `zxid` would survive a crash now. */
  holdsDurably(zxid: number): boolean {
    if (this.disk.base.zxid >= zxid) return true;
    const log = this.disk.log;
    let lo = 0;
    let hi = log.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const z = (log[mid] as LogEntry).zxid;
      if (z === zxid) return true;
      if (z < zxid) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  start(now: number): void {
    this.unsynced = [];
    this.#rebuild(Number.POSITIVE_INFINITY);
    this.peer = new ZabPeer(
      this.config,
      {
        acceptedEpoch: this.disk.acceptedEpoch,
        currentEpoch: this.disk.currentEpoch,
        lastLoggedZxid: this.lastLogged(),
      },
      now,
    );
    this.drain();
  }

  crash(): void {
    this.peer = null;
    this.unsynced = [];
    this.events.lostDurable(this);
  }

  flush(): void {
    const peer = this.peer;
    if (!peer || this.unsynced.length === 0) return;
    const last = (this.unsynced[this.unsynced.length - 1] as LogEntry).zxid;
    this.disk.log.push(...this.unsynced);
    this.unsynced = [];
    peer.persisted(last);
    this.drain();
  }

  /** A client write arriving at this member: proposed here when leading, else forwarded. */
  submit(header: TxnHeader, payload: Uint8Array): boolean {
    const peer = this.peer;
    if (!peer) return false;
    const ok =
      peer.role === 'LEADING' ? this.#prepAndPropose(header, payload) : peer.forward(header, payload);
    this.drain();
    return ok;
  }

  /** Processes every batch the peer has, in the order `Ready` prescribes, until it has none. */
  drain(): void {
    for (;;) {
      const peer = this.peer;
      if (!peer) return;
      const ready = peer.ready();
      if (readyIsEmpty(ready)) return;
      if (ready.state) this.events.status(this, ready.state);
      for (const write of ready.persistEpochs) {
        this.disk[write.name] = write.epoch;
        peer.epochStored(write.name, write.epoch);
      }
      if (ready.truncate !== undefined) {
        const zxid = ready.truncate;
        this.disk.log = this.disk.log.filter((e) => e.zxid <= zxid);
        this.unsynced = this.unsynced.filter((e) => e.zxid <= zxid);
        this.#rebuild(zxid);
        this.events.lostDurable(this);
        peer.truncated(zxid);
      }
      if (ready.installSnapshot) {
        const { zxid, snapshot } = ready.installSnapshot;
        this.disk.base = { zxid, snapshot };
        this.disk.log = [];
        this.unsynced = [];
        this.#rebuild(zxid);
        this.events.lostDurable(this);
        peer.snapshotInstalled(zxid);
      }
      if (ready.entries.length > 0) {
        for (const entry of ready.entries) {
          this.events.logged(this, entry);
          this.unsynced.push(entry);
        }
        this.events.flushWanted(this);
      }
      for (const txn of ready.apply) {
        const result = this.tree.apply(decodeTxn(txn.entry.payload));
        this.events.applied(this, txn, result);
        this.lastApplied = txn.entry.zxid;
      }
      for (const out of ready.messages) {
        if (this.checkSendOrder) this.#checkDurableBeforeSend(peer, out.message);
        this.events.send(this.id, out.to, out.message);
      }
      for (const request of ready.hostRequests) this.#serve(peer, request);
    }
  }

  /** An ACK, ACKEPOCH or NEWLEADER-ack must only leave once what it vouches for is on disk. */
  #checkDurableBeforeSend(peer: ZabPeer, message: ZabMessage): void {
    if (message.type === 'ACKEPOCH' && this.disk.acceptedEpoch < peer.acceptedEpoch)
      throw new InvariantViolation(
        `member ${this.id} sent ACKEPOCH before storing acceptedEpoch ${peer.acceptedEpoch}`,
      );
    if (message.type !== 'ACK') return;
    if (counterOf(message.zxid) === 0) {
      if (this.disk.currentEpoch < epochOf(message.zxid))
        throw new InvariantViolation(`member ${this.id} acked NEWLEADER before storing currentEpoch`);
      const unsynced = this.unsynced.find((e) => e.zxid < message.zxid);
      if (unsynced)
        throw new InvariantViolation(
          `member ${this.id} acked NEWLEADER with synced txn ${formatZxid(unsynced.zxid)} not yet durable`,
        );
    } else if (!this.holdsDurably(message.zxid)) {
      throw new InvariantViolation(
        `member ${this.id} acked ${formatZxid(message.zxid)} before it was durable`,
      );
    }
  }

  #serve(peer: ZabPeer, request: HostRequest): void {
    switch (request.kind) {
      case 'takeSnapshot':
        if (this.lastApplied !== request.zxid)
          throw new Error(
            `member ${this.id}: snapshot asked at ${request.zxid}, tree at ${this.lastApplied}`,
          );
        peer.snapshotTaken(request.for, request.zxid, snapshotBytes(this.tree));
        return;
      case 'readLog': {
        const log = [...this.disk.log, ...this.unsynced];
        if (this.disk.base.zxid > request.after) {
          peer.logRead(request.for, undefined);
          return;
        }
        let base = this.disk.base.zxid;
        const entries: LogEntry[] = [];
        for (const e of log) {
          if (e.zxid <= request.after) base = e.zxid;
          else entries.push(e);
        }
        peer.logRead(request.for, { base, entries });
        return;
      }
      case 'request':
        this.#prepAndPropose(request.header, request.payload);
        return;
      case 'revalidate': {
        peer.revalidated(request.from, request.sessionId, request.timeout, true);
        return;
      }
      case 'disconnect':
        this.events.disconnect(this.id, request.peer);
        return;
      case 'touchSessions':
      case 'revalidated':
      case 'synced':
        return;
    }
  }

  #prepAndPropose(header: TxnHeader, payload: Uint8Array): boolean {
    const peer = this.peer;
    const zxid = peer?.nextZxid() ?? null;
    if (!peer || zxid === null) return false;
    const input = decodeInput(payload);
    if (input.kind === 'read') return false;
    const ctx: WriteContext = {
      sessionId: header.sessionId,
      cxid: header.cxid,
      zxid,
      time: this.now,
      authIds: [],
    };
    const prepped = this.tree.prep(writeRequest(input), ctx);
    const txn = prepped.ok ? prepped.txn : errorTxn(ctx, prepped.err);
    return peer.propose(header, encodeTxn(txn)) !== null;
  }

  #rebuild(upTo: number): void {
    this.tree = readSnapshot(this.disk.base.snapshot);
    let last = this.disk.base.zxid;
    for (const e of [...this.disk.log, ...this.unsynced]) {
      if (e.zxid > upTo) break;
      this.tree.apply(decodeTxn(e.payload));
      last = e.zxid;
    }
    this.lastApplied = last;
    this.events.rebuilt(this, last);
  }
}
