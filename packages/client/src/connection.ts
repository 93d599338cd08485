import type { ClientResponse, OpCode as OpCodeType, WatcherEvent } from '@zkts/core';
import { ErrorCode, OpCode, Xid } from '@zkts/core';
import type { Environment } from './environment';
import { ConnectionLossError } from './errors/error-classes';
import type { ByteStream } from './transport';
import {
  decodeConnectResponse,
  decodeReplyHeader,
  decodeResponse,
  decodeWatcherEvent,
  encodeRequest,
  FrameParser,
} from './wire';

/** A request written to the server and waiting for its reply (replies come back in send order). */
export interface PendingRequest {
  xid: number;
  /** The opcode, to decode the reply body. */
  type: number;
  /**
   * Runs synchronously when the reply arrives, before any later frame is read, so a watch the
   * reply registers is in place before the next notification is dispatched.
   */
  settle(err: number, response: ClientResponse | undefined): void;
  fail(error: Error): void;
}

export interface HandshakeResult {
  timeOut: number;
  sessionId: bigint;
  passwd: Uint8Array;
  readOnly: boolean;
}

/** What a connection reports to the session that owns it. */
export interface ConnectionEvents {
  handshake(result: HandshakeResult): void;
  notification(event: WatcherEvent): void;
  /** The zxid of a reply (> 0), to be sent as lastZxidSeen on the next connect. */
  zxid(zxid: number): void;
  authReply(err: number): void;
  /** The connection is gone; `unanswered` are the requests that got no reply, in send order. */
  lost(reason: Error, unanswered: PendingRequest[]): void;
}

export interface ConnectionTimeouts {
  /** Handshake deadline, from the moment the stream is open. */
  connectTimeout: number;
  maxPacketLength: number;
}

/**
 * One stream to one server, for its whole life: the handshake, then requests and replies matched
 * in FIFO order, notifications, and the liveness timers (a ping when nothing was sent for 1/3 of
 * the session timeout; the connection is declared dead after 2/3 of it without a byte received).
 * Frames queued in one tick go out as one write.
 */
export class Connection {
  private readonly parser: FrameParser;
  private pending: PendingRequest[] = [];
  private pendingHead = 0;
  private outgoing: Uint8Array[] = [];
  private flushScheduled = false;
  private established = false;
  private ended = false;
  private lastSend: number;
  private lastReceive: number;
  private readTimeout = 0;
  private pingInterval = 0;
  private timer: unknown;
  private readonly flushNow = () => this.flush();

  constructor(
    private readonly stream: ByteStream,
    private readonly env: Environment,
    private readonly events: ConnectionEvents,
    timeouts: ConnectionTimeouts,
  ) {
    this.parser = new FrameParser({
      maxFrameSize: timeouts.maxPacketLength,
      onFrame: (frame) => {
        if (!this.ended) this.frame(frame);
      },
    });
    this.lastSend = this.lastReceive = env.now();
    this.timer = env.setTimeout(
      () => this.close(new ConnectionLossError(`no handshake within ${timeouts.connectTimeout} ms`)),
      timeouts.connectTimeout,
    );
    stream.listen({
      data: (chunk) => this.receive(chunk),
      closed: (error) =>
        this.close(new ConnectionLossError('the server closed the connection', { cause: error })),
    });
  }

  /** When the last byte arrived (the server's last sign of life). */
  get lastReceived(): number {
    return this.lastReceive;
  }

  /** Sends the ConnectRequest frame (already encoded), first on the stream. */
  sendHandshake(frame: Uint8Array): void {
    this.write(frame);
  }

  /** Arms the liveness timers once the handshake negotiated the session timeout. */
  startHeartbeat(sessionTimeout: number): void {
    this.readTimeout = Math.max(1, Math.floor((sessionTimeout * 2) / 3));
    this.pingInterval = Math.max(1, Math.floor(this.readTimeout / 2));
    this.env.clearTimeout(this.timer);
    this.scheduleHeartbeat();
  }

  /** Queues a request; `pending` (absent for special xids) will be settled by its reply. */
  send(frame: Uint8Array, pending?: PendingRequest): void {
    if (this.ended) {
      pending?.fail(new ConnectionLossError('the connection is closed'));
      return;
    }
    if (pending) this.pending.push(pending);
    this.write(frame);
  }

  /** Ends the connection (idempotent): unanswered requests are handed to `lost`. */
  close(reason: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.env.clearTimeout(this.timer);
    this.stream.close();
    const unanswered = this.pending.slice(this.pendingHead);
    this.pending = [];
    this.pendingHead = 0;
    this.events.lost(reason, unanswered);
  }

  private write(frame: Uint8Array): void {
    this.outgoing.push(frame);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushNow);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.ended || this.outgoing.length === 0) return;
    const batch = this.outgoing;
    this.outgoing = [];
    this.lastSend = this.env.now();
    this.stream.write(batch);
  }

  private scheduleHeartbeat(): void {
    const now = this.env.now();
    const wait = Math.min(this.lastReceive + this.readTimeout, this.lastSend + this.pingInterval) - now;
    this.timer = this.env.setTimeout(() => this.heartbeat(), Math.max(1, Math.ceil(wait)));
  }

  private heartbeat(): void {
    if (this.ended) return;
    const now = this.env.now();
    if (now - this.lastReceive >= this.readTimeout) {
      this.close(
        new ConnectionLossError(
          `nothing received from the server for ${Math.round(now - this.lastReceive)} ms`,
        ),
      );
      return;
    }
    if (now - this.lastSend >= this.pingInterval && this.outgoing.length === 0) {
      this.write(encodeRequest(Xid.ping, { type: OpCode.ping }));
      this.flush();
    }
    this.scheduleHeartbeat();
  }

  private receive(chunk: Uint8Array): void {
    if (this.ended) return;
    this.lastReceive = this.env.now();
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.close(
        new ConnectionLossError('the server sent bytes that are not a ZooKeeper reply', { cause: error }),
      );
    }
  }

  private frame(body: Uint8Array): void {
    if (!this.established) {
      this.established = true;
      const response = decodeConnectResponse(body);
      // The password is a view into the socket chunk: keep a copy of its 16 bytes.
      this.events.handshake({ ...response, passwd: response.passwd.slice() });
      return;
    }
    const header = decodeReplyHeader(body);
    switch (header.xid) {
      case Xid.notification:
        this.events.notification(decodeWatcherEvent(body));
        return;
      case Xid.ping:
      case Xid.setWatches:
        return;
      case Xid.auth:
        this.events.authReply(header.err);
        return;
    }
    const request = this.pending[this.pendingHead];
    if (!request || request.xid !== header.xid) {
      this.close(
        new ConnectionLossError(
          `reply xid ${header.xid} does not match the oldest request in flight (${request?.xid ?? 'none'})`,
        ),
      );
      return;
    }
    this.pending[this.pendingHead++] = undefined as unknown as PendingRequest;
    if (this.pendingHead === this.pending.length) {
      this.pending.length = 0;
      this.pendingHead = 0;
    } else if (this.pendingHead >= 1024) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    if (header.zxid > 0) this.events.zxid(header.zxid);
    const decoded =
      header.err === ErrorCode.OK || request.type === OpCode.multi || request.type === OpCode.multiRead
        ? decodeResponse(body, request.type as OpCodeType)
        : undefined;
    request.settle(header.err, decoded?.response);
  }
}
