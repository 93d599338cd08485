/**
 * A bare ZooKeeper protocol client over node:net for differential, fuzz and benchmark runs: it
 * sends exactly what it is told (invalid paths, unknown opcodes, garbage bytes) and records
 * every frame it receives in arrival order, so two servers can be compared frame for frame.
 * It never reconnects, never validates, and pings only when asked to.
 */
import { createConnection, type Socket } from 'node:net';
import type { ClientRequest, OpCode, WatcherEvent } from '@zkts/core';
import {
  type DecodedResponse,
  decodeConnectResponse,
  decodeNotification,
  decodeReplyHeader,
  decodeResponse,
  encodeConnectRequest,
  encodeRequest,
  FrameParser,
} from '@zkts/protocol';

export interface RawConnectOptions {
  /** Requested session timeout, ms (default 10 000). */
  timeOut?: number;
  /** Resume this session (with `passwd`); default 0n = new session. */
  sessionId?: bigint;
  passwd?: Uint8Array;
  lastZxidSeen?: number;
  readOnly?: boolean;
  /** Send the 44-byte ConnectRequest of old clients (no readOnly byte). */
  withoutReadOnly?: boolean;
  connectTimeoutMs?: number;
  /** Keep every received frame in `log` (default true); benchmarks turn it off. */
  record?: boolean;
}

/** A ConnectRequest as a client sends it: by default a new session asking for 10 s. */
export function connectRequestBytes(options: RawConnectOptions = {}): Uint8Array {
  return encodeConnectRequest({
    protocolVersion: 0,
    lastZxidSeen: options.lastZxidSeen ?? 0,
    timeOut: options.timeOut ?? 10_000,
    sessionId: options.sessionId ?? 0n,
    passwd: options.passwd ?? new Uint8Array(16),
    readOnly: options.readOnly ?? false,
    withReadOnly: !options.withoutReadOnly,
  });
}

/** One received frame after the handshake, as recorded in `log`. */
export type RawFrame =
  | { kind: 'reply'; xid: number; zxid: number; err: number; requestType: number; response?: unknown }
  | { kind: 'event'; zxid: number; event: WatcherEvent }
  /** A frame that answers no request this client sent (its bytes are not kept). */
  | { kind: 'unexpected' };

interface Pending {
  type: number;
  resolve(reply: DecodedResponse): void;
  reject(error: Error): void;
}

export class ConnectionClosedError extends Error {
  constructor(message = 'connection closed') {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}

export class RawClient {
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** Negotiated timeout; 0 = the server refused the session (expired or invalid). */
  readonly timeOut: number;
  /** Every reply (pings excluded) and notification, in arrival order. */
  readonly log: RawFrame[] = [];
  /** Highest zxid seen in a reply header (what a real client sends as lastZxidSeen). */
  lastZxid = 0;
  /** Resolves once the TCP connection is gone, for whatever reason. */
  readonly closed: Promise<void>;

  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending[]>();
  private readonly events: WatcherEvent[] = [];
  private eventWaiters: Array<() => void> = [];
  private nextXid = 1;
  private isClosed = false;
  private pingTimer: NodeJS.Timeout | undefined;

  private readonly recording: boolean;

  private constructor(
    socket: Socket,
    handshake: { sessionId: bigint; passwd: Uint8Array; timeOut: number },
    recording: boolean,
  ) {
    this.socket = socket;
    this.recording = recording;
    this.sessionId = handshake.sessionId;
    this.passwd = handshake.passwd;
    this.timeOut = handshake.timeOut;
    this.closed = new Promise((resolve) => {
      const onGone = () => {
        this.isClosed = true;
        clearInterval(this.pingTimer);
        for (const queue of this.pending.values()) {
          for (const waiter of queue) waiter.reject(new ConnectionClosedError());
        }
        this.pending.clear();
        this.wakeEventWaiters();
        resolve();
      };
      if (socket.destroyed) onGone();
      else socket.once('close', onGone);
    });
  }

  /** Opens a TCP connection and completes the handshake (resolves even when timeOut is 0). */
  static connect(host: string, port: number, options: RawConnectOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      let client: RawClient | undefined;
      const socket = createConnection({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`handshake with ${host}:${port} timed out`));
      }, options.connectTimeoutMs ?? 10_000);
      const parser = new FrameParser({
        onFrame: (body) => {
          if (client) {
            client.onFrame(body);
            return;
          }
          clearTimeout(timer);
          const answer = decodeConnectResponse(body);
          client = new RawClient(
            socket,
            {
              sessionId: answer.sessionId,
              passwd: Uint8Array.from(answer.passwd),
              timeOut: answer.timeOut,
            },
            options.record ?? true,
          );
          resolve(client);
        },
      });
      socket.on('data', (chunk) => {
        try {
          parser.push(chunk);
        } catch {
          socket.destroy();
        }
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (!client) reject(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (!client) reject(new ConnectionClosedError('connection closed during the handshake'));
      });
      socket.once('connect', () => {
        socket.write(connectRequestBytes(options));
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Sends a request with the next xid (or the request's special xid) and awaits its reply. */
  request(request: ClientRequest, xid?: number): Promise<DecodedResponse> {
    const chosen = xid ?? this.specialXid(request.type) ?? this.nextXid++;
    return this.send(chosen, request.type, encodeRequest(chosen, request));
  }

  /**
   * Sends pre-encoded bytes (a whole frame, length prefix included) and awaits a reply with
   * `xid`, decoding its body as a reply to `requestType`.
   */
  send(xid: number, requestType: number, frame: Uint8Array): Promise<DecodedResponse> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError());
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(xid) ?? [];
      queue.push({ type: requestType, resolve, reject });
      this.pending.set(xid, queue);
      this.socket.write(frame);
    });
  }

  /** Writes bytes as they are; no reply is awaited. */
  writeRaw(bytes: Uint8Array): void {
    if (!this.isClosed) this.socket.write(bytes);
  }

  /** A fresh xid for hand-built frames. */
  takeXid(): number {
    return this.nextXid++;
  }

  /** Pings every `intervalMs` so the session outlives idle stretches. */
  keepAlive(intervalMs = Math.max(100, Math.floor(this.timeOut / 3))): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.isClosed) return;
      this.request({ type: 11 }).catch(() => {});
    }, intervalMs);
    this.pingTimer.unref();
  }

  /** Resolves with the next notification not yet taken; rejects after `timeoutMs` or on close. */
  async nextEvent(timeoutMs = 10_000): Promise<WatcherEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0) {
      if (this.isClosed) throw new ConnectionClosedError('connection closed while waiting for an event');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no watch event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.eventWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events.shift() as WatcherEvent;
  }

  /** Notifications received and not yet taken by nextEvent(). */
  takeEvents(): WatcherEvent[] {
    return this.events.splice(0);
  }

  /** closeSession, then waits for the server to drop the connection. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    await this.request({ type: -11 }).catch(() => {});
    this.socket.end();
    await this.closed;
  }

  /** Cuts the TCP connection without closing the session (as a network failure would). */
  destroy(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }

  private specialXid(type: number): number | undefined {
    if (type === 11) return -2;
    if (type === 100) return -4;
    if (type === 101 || type === 105) return -8;
    return undefined;
  }

  private onFrame(body: Uint8Array): void {
    const header = decodeReplyHeader(body);
    if (header.xid === -1) {
      const { zxid, event } = decodeNotification(body);
      if (this.recording) this.log.push({ kind: 'event', zxid, event });
      this.events.push(event);
      this.wakeEventWaiters();
      return;
    }
    const queue = this.pending.get(header.xid);
    const waiter = queue?.shift();
    if (queue && queue.length === 0) this.pending.delete(header.xid);
    if (!waiter) {
      this.log.push({ kind: 'unexpected' });
      return;
    }
    const type = waiter.type;
    if (header.zxid > this.lastZxid) this.lastZxid = header.zxid;
    let reply: DecodedResponse;
    try {
      reply = decodeResponse(body, type as OpCode);
    } catch {
      // A body this client cannot decode (e.g. a reply to an unknown opcode): keep the header.
      reply = { ...header };
    }
    if (header.xid !== -2 && this.recording) {
      this.log.push({
        kind: 'reply',
        xid: header.xid,
        zxid: header.zxid,
        err: header.err,
        requestType: type,
        ...(reply.response === undefined ? {} : { response: reply.response }),
      });
    }
    waiter.resolve(reply);
  }

  private wakeEventWaiters(): void {
    const waiters = this.eventWaiters;
    this.eventWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** Connects, runs `body`, and always closes the session afterwards. */
export async function withRawClient<T>(
  host: string,
  port: number,
  body: (client: RawClient) => Promise<T>,
  options?: RawConnectOptions,
): Promise<T> {
  const client = await RawClient.connect(host, port, options);
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
