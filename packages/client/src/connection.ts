import type { ClientRequest, ClientResponse, WatcherEvent } from '@zkts/core';
import { OpCode, Xid } from '@zkts/core';
import type { ClientMessage, ServerMessage } from '@zkts/protocol';
import type { Environment } from './environment';
import { ConnectionLossError } from './errors/error-classes';
import type { MessageStream } from './transport';

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
}

/**
 * One link to one server, for its whole life: the handshake, then requests and replies matched
 * in FIFO order, notifications, and the liveness timers (a ping when nothing was sent for 1/3 of
 * the session timeout; the connection is declared dead after 2/3 of it without a sign of life).
 * It speaks messages (records as objects): over TCP a codec adapter (`framedMessageStream`)
 * turns them into frames and back; an in-process link passes them as they are.
 */
export class Connection {
  private pending: PendingRequest[] = [];
  private pendingHead = 0;
  private established = false;
  private ended = false;
  private lastSend: number;
  private lastReceive: number;
  private readTimeout = 0;
  private pingInterval = 0;
  private timer: unknown;

  constructor(
    private readonly stream: MessageStream,
    private readonly env: Environment,
    private readonly events: ConnectionEvents,
    timeouts: ConnectionTimeouts,
  ) {
    this.lastSend = this.lastReceive = env.now();
    this.timer = env.setTimeout(
      () => this.close(new ConnectionLossError(`no handshake within ${timeouts.connectTimeout} ms`)),
      timeouts.connectTimeout,
    );
    stream.listen({
      receive: (messages) => this.receive(messages),
      closed: (error) =>
        this.close(
          ConnectionLossError.isInstance(error)
            ? error
            : new ConnectionLossError('the server closed the connection', { cause: error }),
        ),
    });
  }

  /** When the server last gave a sign of life. */
  get lastReceived(): number {
    return this.lastReceive;
  }

  /** Sends the ConnectRequest, first on the link. */
  sendHandshake(request: Extract<ClientMessage, { kind: 'connect' }>['request']): void {
    this.write({ kind: 'connect', request });
  }

  /** Arms the liveness timers once the handshake negotiated the session timeout. */
  startHeartbeat(sessionTimeout: number): void {
    this.readTimeout = Math.max(1, Math.floor((sessionTimeout * 2) / 3));
    this.pingInterval = Math.max(1, Math.floor(this.readTimeout / 2));
    this.env.clearTimeout(this.timer);
    this.scheduleHeartbeat();
  }

  /**
   * Sends a request; `pending` (absent for special xids) will be settled by its reply. Throws,
   * and sends nothing, when the link refuses the request (over the packet limit, unencodable).
   */
  send(xid: number, request: ClientRequest, pending?: PendingRequest): void {
    if (this.ended) {
      pending?.fail(new ConnectionLossError('the connection is closed'));
      return;
    }
    this.write({ kind: 'request', xid, request });
    if (pending) this.pending.push(pending);
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

  private write(message: ClientMessage): void {
    this.stream.send(message);
    this.lastSend = this.env.now();
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
    if (now - this.lastSend >= this.pingInterval)
      this.write({ kind: 'request', xid: Xid.ping, request: PING });
    this.scheduleHeartbeat();
  }

  private receive(messages: readonly ServerMessage[]): void {
    if (this.ended) return;
    this.lastReceive = this.env.now();
    for (let i = 0; i < messages.length && !this.ended; i++) this.message(messages[i]!);
  }

  private message(message: ServerMessage): void {
    if (!this.established) {
      if (message.kind !== 'connected') {
        this.close(new ConnectionLossError(`the server sent a ${message.kind} before its ConnectResponse`));
        return;
      }
      this.established = true;
      this.events.handshake(message.response);
      return;
    }
    if (message.kind === 'notification') {
      this.events.notification(message.event);
      return;
    }
    if (message.kind === 'connected') {
      this.close(new ConnectionLossError('the server sent a second ConnectResponse'));
      return;
    }
    switch (message.xid) {
      case Xid.ping:
      case Xid.setWatches:
        return;
      case Xid.auth:
        this.events.authReply(message.err);
        return;
    }
    const request = this.pending[this.pendingHead];
    if (!request || request.xid !== message.xid) {
      this.close(
        new ConnectionLossError(
          `reply xid ${message.xid} does not match the oldest request in flight (${request?.xid ?? 'none'})`,
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
    if (message.zxid > 0) this.events.zxid(message.zxid);
    request.settle(message.err, message.response);
  }
}

const PING: ClientRequest = { type: OpCode.ping };
