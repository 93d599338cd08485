import { connect, createServer, type Server, type Socket } from 'node:net';
import { connect as connectTls, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from '../logger';
import { PeerSendQueue } from './peer-send-queue';
import {
  DEFAULT_MAX_FRAME_BYTES,
  decodeHandshake,
  encodeHandshake,
  frameHeader,
  HANDSHAKE_BYTES,
  QuorumFrameReader,
} from './quorum-frames';
import {
  DEFAULT_SEND_QUEUE_LIMITS,
  type QuorumTransport,
  type QuorumTransportEvents,
  type SendQueueLimits,
} from './quorum-transport';
import { ReconnectBackoff } from './reconnect-backoff';
import { TransportListeners } from './transport-listeners';

export interface QuorumPeerAddress {
  id: number;
  host: string;
  port: number;
}

export interface TcpQuorumTransportOptions {
  me: number;
  /** Where this member listens (its quorum or election address); port 0 = a free port. */
  listen: { host: string; port: number };
  /** The other members and where they listen; an entry for `me` is ignored. */
  peers: readonly QuorumPeerAddress[];
  logger: Logger;
  /** Uniform in [0, 1): reconnect jitter. */
  random: () => number;
  /** Names the port in log lines, e.g. 'election' or 'quorum'. */
  name?: string;
  maxFrameBytes?: number;
  queue?: Partial<SendQueueLimits>;
  /** Reconnect delays double from initialMs to maxMs; default 100 ms → 5 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** A dial must connect, and an accepted connection send its handshake, within this; default 5 s. */
  handshakeTimeoutMs?: number;
  /**
   * Binding the port again after a failure (an old process still holding it): attempts in all,
   * 0 = forever (ZooKeeper's electionPortBindRetry, default 3), `delayMs` apart. Default: once.
   */
  bindRetry?: { attempts: number; delayMs: number };
  /**
   * TLS on every link (ZooKeeper's sslQuorum): each member presents `key`/`cert` (or `pfx`) and
   * accepts only peers whose certificate `ca` vouches for, both ways; a dialling member also
   * checks the certificate names the host it dialled. Undefined: plain TCP.
   */
  tls?: QuorumTlsOptions;
}

/** Key material for TLS between members (node:tls formats: PEM strings or buffers, PKCS#12). */
export interface QuorumTlsOptions {
  key?: string | Buffer;
  cert?: string | Buffer;
  pfx?: Buffer;
  passphrase?: string;
  /** The CAs peers' certificates must chain to (ZooKeeper's ssl.quorum.trustStore). */
  ca: string | Buffer;
}

interface Connection {
  readonly socket: Socket;
  readonly direction: 'inbound' | 'outbound';
  waitingForDrain: boolean;
}

interface Peer {
  readonly address: QuorumPeerAddress;
  readonly queue: PeerSendQueue;
  readonly backoff: ReconnectBackoff;
  connection: Connection | undefined;
  dialing: boolean;
  retry: NodeJS.Timeout | undefined;
  pumpScheduled: boolean;
}

/**
 * The quorum transport over TCP: a listener on this member's port and one connection per peer.
 *
 * ZooKeeper's rule (QuorumCnxManager) keeps at most one connection between two members: a
 * connection survives only if the higher id opened it. A member dials each lower id and keeps
 * that connection; to a higher id it sends its handshake and hangs up, which tells the higher
 * id to dial back (and a higher id receiving a connection from a lower one closes it and dials
 * back). So simultaneous connects settle on one connection per pair. Failed attempts are
 * retried after a capped, jittered exponential backoff, forever, until `close`.
 */
export class TcpQuorumTransport implements QuorumTransport {
  readonly me: number;
  private readonly peers = new Map<number, Peer>();
  private readonly listeners: TransportListeners;
  private readonly logger: Logger;
  private readonly label: string;
  private readonly maxFrameBytes: number;
  private readonly handshakeTimeoutMs: number;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private closed = false;
  /** The port actually listened on. */
  port = 0;

  constructor(private readonly options: TcpQuorumTransportOptions) {
    this.me = options.me;
    this.logger = options.logger;
    this.label = `quorum ${options.name ?? 'transport'} (member ${options.me})`;
    this.listeners = new TransportListeners(options.logger);
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 5_000;
    const limits = { ...DEFAULT_SEND_QUEUE_LIMITS, ...options.queue };
    const backoff = options.backoff ?? { initialMs: 100, maxMs: 5_000 };
    for (const address of options.peers) {
      if (address.id === options.me) continue;
      this.peers.set(address.id, {
        address,
        queue: new PeerSendQueue(limits),
        backoff: new ReconnectBackoff(backoff.initialMs, backoff.maxMs, options.random),
        connection: undefined,
        pumpScheduled: false,
        dialing: false,
        retry: undefined,
      });
    }
    const tls = options.tls;
    this.server =
      tls === undefined
        ? createServer((socket) => this.accept(socket))
        : // a peer without a trusted certificate fails the handshake and never reaches accept
          createTlsServer(
            {
              ...tls,
              requestCert: true,
              rejectUnauthorized: true,
              handshakeTimeout: this.handshakeTimeoutMs,
            },
            (socket: TLSSocket) => this.accept(socket),
          );
    if (tls !== undefined) {
      this.server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
        this.logger.warn(
          `${this.label}: TLS handshake with ${socket.remoteAddress}:${socket.remotePort} failed: ${error.message}`,
        );
        // with a listener for this event node:tls leaves the socket open (a timed-out handshake too)
        socket.destroy();
      });
    }
  }

  /**
   * Listens, then starts connecting to every peer. Rejects if the port cannot be bound. Attach
   * listeners before: events are not buffered for listeners that come later.
   */
  async start(): Promise<void> {
    const { attempts, delayMs } = this.options.bindRetry ?? { attempts: 1, delayMs: 0 };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.listen();
        break;
      } catch (error) {
        const { host, port } = this.options.listen;
        if (this.closed || (attempts !== 0 && attempt >= attempts)) {
          throw new Error(`${this.label}: cannot listen on ${host}:${port}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        this.logger.warn(
          `${this.label}: cannot listen on ${host}:${port} (${(error as Error).message}); retrying in ${delayMs}ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    this.server.on('error', (error) => this.logger.error(`${this.label}: listener: ${error.message}`));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    for (const peer of this.peers.values()) this.dial(peer);
  }

  private listen(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.listen.port, this.options.listen.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  send(peerId: number, bytes: Uint8Array): void {
    const peer = this.peerOf(peerId);
    if (bytes.length > this.maxFrameBytes) {
      throw new RangeError(
        `message of ${bytes.length} bytes is over the frame limit of ${this.maxFrameBytes}`,
      );
    }
    if (this.closed) return;
    const outcome = peer.queue.push(bytes);
    if (outcome === 'overflow') {
      this.logger.warn(`${this.label}: send queue to member ${peerId} overflowed; closing the connection`);
      peer.connection?.socket.destroy();
      return;
    }
    // everything sent during this turn of the event loop (all its reads) goes out in one corked write
    if (peer.pumpScheduled) return;
    peer.pumpScheduled = true;
    setImmediate(() => {
      peer.pumpScheduled = false;
      this.pump(peer);
    });
  }

  drop(peerId: number): void {
    const peer = this.peerOf(peerId);
    peer.queue.clear();
    peer.connection?.socket.destroy();
  }

  isConnected(peerId: number): boolean {
    return this.peerOf(peerId).connection !== undefined;
  }

  queued(peerId: number): { messages: number; bytes: number } {
    const queue = this.peerOf(peerId).queue;
    return { messages: queue.length, bytes: queue.bytes };
  }

  /** The established connections and who opened them (the rule leaves the higher id's). */
  links(): Array<{ peerId: number; direction: 'inbound' | 'outbound' }> {
    const links: Array<{ peerId: number; direction: 'inbound' | 'outbound' }> = [];
    for (const [peerId, peer] of this.peers) {
      if (peer.connection) links.push({ peerId, direction: peer.connection.direction });
    }
    return links;
  }

  on<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners.on(event, listener);
  }

  off<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners.off(event, listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.silenced = true;
    for (const peer of this.peers.values()) {
      if (peer.retry !== undefined) clearTimeout(peer.retry);
      peer.retry = undefined;
      peer.queue.clear();
    }
    const stopped = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    const ended = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          // what was written is flushed; a peer that does not read must not hold close up
          socket.end();
          setTimeout(() => socket.destroy(), 1_000).unref();
        }),
    );
    await Promise.all([stopped, ...ended]);
  }

  private peerOf(peerId: number): Peer {
    const peer = this.peers.get(peerId);
    if (peer === undefined) throw new RangeError(`member ${peerId} is not a peer of member ${this.me}`);
    return peer;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.setNoDelay(true);
  }

  // ------------------------------------------------------------------ outbound

  /** Opens a connection to `peer` unless one exists or is being opened. */
  private dial(peer: Peer): void {
    if (this.closed || peer.connection !== undefined || peer.dialing) return;
    if (peer.retry !== undefined) clearTimeout(peer.retry);
    peer.retry = undefined;
    peer.dialing = true;
    const { host, port, id } = peer.address;
    const tls = this.options.tls;
    // TLS 1.2 (ZooKeeper 3.8's quorum default): the server judges our certificate inside the
    // handshake, so 'secureConnect' means accepted; with 1.3 a refused peer would look connected
    const socket =
      tls === undefined ? connect({ host, port }) : connectTls({ host, port, ...tls, maxVersion: 'TLSv1.2' });
    this.track(socket);
    let opened = false;
    // an unanswered SYN must not hold the attempt for the OS's minutes-long connect timeout
    socket.setTimeout(this.handshakeTimeoutMs, () => {
      if (!opened) socket.destroy(new Error(`no answer within ${this.handshakeTimeoutMs}ms`));
    });
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => {
      opened = true;
      peer.dialing = false;
      socket.setTimeout(0);
      if (this.closed) {
        socket.destroy();
        return;
      }
      writeFrame(socket, encodeHandshake(this.me));
      if (id < this.me) {
        this.establish(peer, socket, 'outbound', new QuorumFrameReader(this.maxFrameBytes));
      } else {
        // the higher id keeps only connections it opened: this one only asks it to dial back
        socket.end();
        this.scheduleRetry(peer);
      }
    });
    socket.on('error', (error) => {
      if (!opened)
        this.logger.info(`${this.label}: cannot reach member ${id} at ${host}:${port}: ${error.message}`);
    });
    socket.once('close', () => {
      if (opened) return;
      peer.dialing = false;
      this.scheduleRetry(peer);
    });
  }

  private scheduleRetry(peer: Peer): void {
    if (this.closed || peer.connection !== undefined || peer.dialing || peer.retry !== undefined) return;
    peer.retry = setTimeout(() => {
      peer.retry = undefined;
      this.dial(peer);
    }, peer.backoff.next());
    peer.retry.unref();
  }

  // ------------------------------------------------------------------ inbound

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.track(socket);
    const from = `${socket.remoteAddress}:${socket.remotePort}`;
    const reader = new QuorumFrameReader(this.maxFrameBytes, HANDSHAKE_BYTES);
    socket.setTimeout(this.handshakeTimeoutMs, () => {
      this.logger.warn(
        `${this.label}: closing connection from ${from}: no handshake within ${this.handshakeTimeoutMs}ms`,
      );
      socket.destroy();
    });
    socket.on('error', () => {});
    const onData = (chunk: Buffer) => {
      const frames = reader.push(chunk);
      if (typeof frames === 'string') {
        this.refuse(socket, from, frames);
        return;
      }
      const [first, ...rest] = frames;
      if (first === undefined) return;
      socket.off('data', onData);
      const handshake = decodeHandshake(first);
      if (!handshake.ok) {
        this.refuse(socket, from, handshake.problem);
        return;
      }
      const peer = this.peers.get(handshake.memberId);
      if (peer === undefined) {
        this.refuse(socket, from, `unknown member id ${handshake.memberId}`);
        return;
      }
      if (peer.address.id < this.me) {
        // ZooKeeper's rule: a lower id's connection is dropped and the higher id dials back
        socket.destroy();
        peer.backoff.reset();
        this.dial(peer);
        return;
      }
      socket.setTimeout(0);
      this.establish(peer, socket, 'inbound', reader, rest);
    };
    socket.on('data', onData);
  }

  private refuse(socket: Socket, from: string, problem: string): void {
    this.logger.warn(`${this.label}: closing connection from ${from}: ${problem}`);
    socket.destroy();
  }

  // ------------------------------------------------------------------ established

  private establish(
    peer: Peer,
    socket: Socket,
    direction: 'inbound' | 'outbound',
    reader: QuorumFrameReader,
    early: readonly Uint8Array[] = [],
  ): void {
    const id = peer.address.id;
    const previous = peer.connection;
    if (previous !== undefined) {
      // the peer restarted or re-dialled: the newest connection wins, the old stream is over
      peer.connection = undefined;
      previous.socket.destroy();
      this.listeners.disconnected(id);
    }
    const connection: Connection = { socket, direction, waitingForDrain: false };
    peer.connection = connection;
    peer.backoff.reset();
    if (peer.retry !== undefined) clearTimeout(peer.retry);
    peer.retry = undefined;
    socket.setKeepAlive(true, 10_000);
    socket.on('drain', () => {
      connection.waitingForDrain = false;
      this.pump(peer);
    });
    socket.on('error', (error) => {
      if (peer.connection === connection)
        this.logger.info(`${this.label}: connection to member ${id}: ${error.message}`);
    });
    socket.once('close', () => {
      if (peer.connection !== connection) return;
      peer.connection = undefined;
      if (reader.buffered > 0 && !this.closed) {
        this.logger.info(`${this.label}: connection to member ${id} closed in the middle of a message`);
      }
      this.listeners.disconnected(id);
      this.scheduleRetry(peer);
    });
    const deliver = (frames: readonly Uint8Array[]) => {
      for (const frame of frames) {
        if (peer.connection !== connection) return;
        this.listeners.message(id, frame);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      const frames = reader.push(chunk);
      if (typeof frames === 'string') {
        this.logger.warn(`${this.label}: closing connection to member ${id}: ${frames}`);
        socket.destroy();
        return;
      }
      deliver(frames);
    });
    this.logger.info(`${this.label}: connected to member ${id} (${direction})`);
    this.listeners.connected(id);
    deliver(early);
    this.pump(peer);
  }

  /**
   * Writes queued messages until the socket asks us to wait for 'drain': small ones copied, with
   * their length prefixes, into one buffer per batch (one stream write instead of two per
   * message), large ones (a snapshot) written as they are.
   */
  private pump(peer: Peer): void {
    const connection = peer.connection;
    const queue = peer.queue;
    if (connection === undefined || connection.waitingForDrain || queue.length === 0) return;
    const socket = connection.socket;
    socket.cork();
    while (queue.length > 0) {
      const small: Uint8Array[] = [];
      let total = 0;
      for (let next = queue.peek(); next !== undefined; next = queue.peek()) {
        if (next.length >= COPY_BELOW_BYTES || total + 4 + next.length > BATCH_BYTES) break;
        small.push(next);
        total += 4 + next.length;
        queue.shift();
      }
      const written =
        small.length > 0 ? socket.write(framed(small, total)) : writeFrame(socket, queue.shift()!);
      if (!written) {
        connection.waitingForDrain = true;
        break;
      }
    }
    socket.uncork();
  }
}

/** Messages shorter than this are copied into a batch buffer; longer ones are written as they are. */
const COPY_BELOW_BYTES = 16 * 1024;
const BATCH_BYTES = 256 * 1024;

/** `messages` as frames in one buffer of `total` bytes. */
function framed(messages: readonly Uint8Array[], total: number): Buffer {
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const message of messages) {
    out.writeUInt32BE(message.length, at);
    out.set(message, at + 4);
    at += 4 + message.length;
  }
  return out;
}

/** Writes one frame; false when the socket's buffer is full (wait for 'drain'). */
function writeFrame(socket: Socket, payload: Uint8Array): boolean {
  socket.write(frameHeader(payload.length));
  return socket.write(payload);
}

/**
 * Starts a TCP quorum transport: resolves once it listens (it then connects on its own). No
 * event can be emitted before the caller's continuation runs, so listeners attached right
 * after the await miss nothing.
 */
export async function openTcpQuorumTransport(
  options: TcpQuorumTransportOptions,
): Promise<TcpQuorumTransport> {
  const transport = new TcpQuorumTransport(options);
  await transport.start();
  return transport;
}
