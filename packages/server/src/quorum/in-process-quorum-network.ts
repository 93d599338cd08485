import { type Logger, silentLogger } from '../logger';
import { PeerSendQueue } from './peer-send-queue';
import {
  DEFAULT_SEND_QUEUE_LIMITS,
  type QuorumTransport,
  type QuorumTransportEvents,
  type SendQueueLimits,
} from './quorum-transport';
import { TransportListeners } from './transport-listeners';

/** Fault injection points of one direction of a link (from → to). */
export interface LinkFaults {
  /** Chance in [0, 1] that a message is lost (decided with the network's random). */
  dropProbability?: number;
  /** Delivery delay in ms; order is kept (a message never overtakes an earlier one). */
  delayMs?: number;
}

export interface InProcessQuorumNetworkOptions {
  /** Uniform in [0, 1): drop decisions. Inject a seeded one to replay a run. */
  random?: () => number;
  logger?: Logger;
  queue?: Partial<SendQueueLimits>;
}

type LinkKey = `${number}>${number}`;

/**
 * Ensemble members in one process, connected by in-memory links with the QuorumTransport
 * interface: messages are handed over on a later turn (setImmediate, or a timer when delayed),
 * never synchronously, so a member never re-enters itself. Links can be cut (partitions), made
 * lossy or slow per direction, and members can leave and rejoin (a crash and restart).
 *
 * As over TCP: a link is up when both members have joined and no partition separates them;
 * messages sent while it is down wait in the bounded send queue; messages in flight when it
 * goes down are lost; every change is a `disconnected`/`connected` event on both sides.
 */
export class InProcessQuorumNetwork {
  private readonly members = new Map<number, InProcessQuorumTransport>();
  private readonly faults = new Map<LinkKey, LinkFaults>();
  /** Groups that can talk among themselves; undefined = no partition. */
  private groups: ReadonlyArray<ReadonlySet<number>> | undefined;
  /** Bumped when a link goes down: deliveries scheduled before on that link are lost. */
  private readonly generations = new Map<LinkKey, number>();
  /** When the last message scheduled on each link is delivered (keeps delayed links FIFO). */
  /**
   * Messages of a delayed link, in send order, each with its due time: one timer at a time
   * drains the head, so they arrive in order (a timer per message would not keep it: Node
   * fires timers by their libuv start time plus duration, not in scheduling order).
   */
  private readonly delayed = new Map<LinkKey, Array<{ at: number; deliver: () => void }>>();
  readonly random: () => number;
  private readonly logger: Logger;
  private readonly limits: SendQueueLimits;

  constructor(options: InProcessQuorumNetworkOptions = {}) {
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.limits = { ...DEFAULT_SEND_QUEUE_LIMITS, ...options.queue };
  }

  /**
   * Adds member `me` (its peers are `members`, the whole ensemble). Throws if `me` is already
   * joined (close its transport first).
   */
  join(me: number, members: readonly number[]): InProcessQuorumTransport {
    if (this.members.has(me)) throw new Error(`member ${me} already joined the network`);
    const transport = new InProcessQuorumTransport(this, me, members, this.logger, this.limits);
    const before = this.connectivity();
    this.members.set(me, transport);
    this.announce(before);
    return transport;
  }

  /** Splits the members into groups that only reach each other (members not listed are alone). */
  partition(...groups: ReadonlyArray<readonly number[]>): void {
    const before = this.connectivity();
    this.groups = groups.map((group) => new Set(group));
    this.announce(before);
  }

  /** Every member reaches every other again. */
  heal(): void {
    const before = this.connectivity();
    this.groups = undefined;
    this.announce(before);
  }

  /** Sets (or with `undefined` clears) the faults of the link from → to. */
  setFaults(from: number, to: number, faults: LinkFaults | undefined): void {
    if (faults === undefined) this.faults.delete(`${from}>${to}`);
    else this.faults.set(`${from}>${to}`, faults);
  }

  /** Whether `a` and `b` are both joined and on the same side of any partition. */
  linked(a: number, b: number): boolean {
    if (a === b || !this.members.has(a) || !this.members.has(b)) return false;
    return this.groups === undefined || this.groups.some((group) => group.has(a) && group.has(b));
  }

  // ------------------------------------------------------------------ used by the transports

  /** @internal */
  leave(transport: InProcessQuorumTransport): void {
    if (this.members.get(transport.me) !== transport) return;
    const before = this.connectivity();
    this.members.delete(transport.me);
    this.announce(before);
  }

  /** @internal Hands `bytes` from → to on a later turn, unless lost to a fault or a link change. */
  carry(from: number, to: number, bytes: Uint8Array): void {
    const key: LinkKey = `${from}>${to}`;
    const faults = this.faults.get(key);
    if (faults?.dropProbability !== undefined && this.random() < faults.dropProbability) return;
    const generation = this.generations.get(key) ?? 0;
    const deliver = () => {
      if ((this.generations.get(key) ?? 0) !== generation) return;
      this.members.get(to)?.deliver(from, bytes);
    };
    const delay = faults?.delayMs ?? 0;
    const queue = this.delayed.get(key);
    if (delay <= 0 && queue === undefined) {
      setImmediate(deliver);
      return;
    }
    const entry = { at: performance.now() + delay, deliver };
    if (queue !== undefined) {
      queue.push(entry);
      return;
    }
    this.delayed.set(key, [entry]);
    this.drainDelayed(key);
  }

  /** Delivers a delayed link's due messages in order when its head is due, then waits for the next. */
  private drainDelayed(key: LinkKey): void {
    const queue = this.delayed.get(key);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return;
    setTimeout(
      () => {
        while (queue.length > 0 && queue[0]!.at <= performance.now() + 1) queue.shift()!.deliver();
        if (this.delayed.get(key) !== queue) return;
        if (queue.length === 0) this.delayed.delete(key);
        else this.drainDelayed(key);
      },
      Math.max(0, head.at - performance.now()),
    );
  }

  private connectivity(): Set<LinkKey> {
    const up = new Set<LinkKey>();
    for (const a of this.members.keys()) {
      for (const b of this.members.keys()) if (this.linked(a, b)) up.add(`${a}>${b}`);
    }
    return up;
  }

  /** Tells each member which of its links went down or came up (on a later turn, as TCP would). */
  private announce(before: Set<LinkKey>): void {
    const after = this.connectivity();
    const changes: Array<{ member: number; peer: number; up: boolean }> = [];
    for (const key of before) if (!after.has(key)) changes.push({ ...parseKey(key), up: false });
    for (const key of after) if (!before.has(key)) changes.push({ ...parseKey(key), up: true });
    for (const change of changes) {
      if (!change.up) this.cut(`${change.member}>${change.peer}`);
      // a member that just left hears nothing more
      this.members.get(change.member)?.linkChanged(change.peer, change.up);
    }
  }

  /** @internal A send queue overflowed: the link between a and b drops and comes back, as TCP's would. */
  bounce(a: number, b: number): void {
    if (!this.linked(a, b)) return;
    for (const [member, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      this.cut(`${member}>${peer}`);
      this.members.get(member)?.linkChanged(peer, false);
      this.members.get(member)?.linkChanged(peer, true);
    }
  }

  private cut(key: LinkKey): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    // what waits on the delayed link is lost with it (the pending timer finds a stale queue)
    this.delayed.delete(key);
  }
}

function parseKey(key: LinkKey): { member: number; peer: number } {
  const [member, peer] = key.split('>').map(Number);
  return { member: member!, peer: peer! };
}

/** One member's end of an InProcessQuorumNetwork. */
export class InProcessQuorumTransport implements QuorumTransport {
  private readonly listeners: TransportListeners;
  private readonly queues = new Map<number, PeerSendQueue>();
  private readonly up = new Set<number>();
  private closed = false;

  constructor(
    private readonly network: InProcessQuorumNetwork,
    readonly me: number,
    members: readonly number[],
    logger: Logger,
    limits: SendQueueLimits,
  ) {
    this.listeners = new TransportListeners(logger);
    for (const member of members) if (member !== me) this.queues.set(member, new PeerSendQueue(limits));
  }

  send(peerId: number, bytes: Uint8Array): void {
    const queue = this.queueOf(peerId);
    if (this.closed) return;
    if (queue.push(bytes) === 'overflow') {
      this.network.bounce(this.me, peerId);
      return;
    }
    this.flush(peerId);
  }

  drop(peerId: number): void {
    this.queueOf(peerId).clear();
    this.network.bounce(this.me, peerId);
  }

  isConnected(peerId: number): boolean {
    this.queueOf(peerId);
    return this.up.has(peerId);
  }

  queued(peerId: number): { messages: number; bytes: number } {
    const queue = this.queueOf(peerId);
    return { messages: queue.length, bytes: queue.bytes };
  }

  on<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners.on(event, listener);
  }

  off<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners.off(event, listener);
  }

  /** Leaves the network: the peers see this member disconnect (a crash, as they can tell). */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.listeners.silenced = true;
      this.network.leave(this);
    }
    return Promise.resolve();
  }

  /** @internal */
  deliver(from: number, bytes: Uint8Array): void {
    if (!this.closed && this.up.has(from)) this.listeners.message(from, bytes);
  }

  /** @internal */
  linkChanged(peerId: number, up: boolean): void {
    if (!this.queues.has(peerId)) return;
    if (up) this.up.add(peerId);
    else this.up.delete(peerId);
    setImmediate(() => {
      // report only what still holds: a link cut and restored in one turn reports both
      if (up) {
        this.listeners.connected(peerId);
        this.flush(peerId);
      } else {
        this.listeners.disconnected(peerId);
      }
    });
  }

  private flush(peerId: number): void {
    if (!this.up.has(peerId) || this.closed) return;
    const queue = this.queueOf(peerId);
    for (let message = queue.shift(); message !== undefined; message = queue.shift()) {
      this.network.carry(this.me, peerId, message);
    }
  }

  private queueOf(peerId: number): PeerSendQueue {
    const queue = this.queues.get(peerId);
    if (queue === undefined) throw new RangeError(`member ${peerId} is not a peer of member ${this.me}`);
    return queue;
  }
}
