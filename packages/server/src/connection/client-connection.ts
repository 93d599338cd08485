import type { Socket } from 'node:net';
import {
  type ApplyResult,
  type ClientRequest,
  type ClientResponse,
  ErrorCode,
  type Id,
  ipId,
  OpCode,
  type SessionContext,
  type WatcherEvent,
  type WriteRequest,
} from '@zkts/core';
import {
  type ConnectRequest,
  decodeConnectRequest,
  decodeRequest,
  FrameParser,
  NULL_BUFFER,
  ProtocolError,
} from '@zkts/protocol';
import { isFourLetterWordAllowed } from '../config/index';
import type { PendingWrite, WatchTarget, WriteOrigin } from '../pipeline/pending-write';
import { authenticateConnection } from './authenticate-connection';
import type { ConnectionHost } from './connection-host';
import { ConnectionStats } from './connection-stats';
import { copyWriteBuffers } from './copy-write-buffers';
import { fourLetterWordIn } from './four-letter-word-probe';
import { answerLocally } from './local-requests';
import { isWriteOp } from './request-kind';
import { LAST_PROCESSED_ZXID, type QueuedRequest, RequestQueue, SESSION_BARRIER } from './request-queue';
import { isWriteMultiOp, readStartsWithPath } from './zookeeper-quirks';

type State = 'new' | 'awaiting-connect' | 'handshaking' | 'connected' | 'closed';

const ZERO_PASSWORD = new Uint8Array(16);
/** Bytes of unsent replies above which we stop reading that client's requests. */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;
let nextConnectionId = 1;

/**
 * One client TCP connection: framing, the handshake, four-letter words, and the session's
 * requests in order. Writes go to the pipeline; reads are answered here from the tree, but only
 * when every earlier request of this connection has been answered, so a read never overtakes a
 * write its own session sent before it (ZooKeeper's per-session FIFO). Replies produced during
 * one turn of the event loop leave in one corked write.
 */
export class ClientConnection implements WatchTarget, WriteOrigin {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly established: number;
  state: State = 'new';
  sessionId = 0n;
  sessionTimeout = 0;
  /** The `ip` id every connection holds, then one id per successful addAuth. */
  readonly authIds: Id[];
  /** The read context handed to the tree; its authIds array is the one above. */
  readonly readContext: SessionContext<WatchTarget>;

  /** What `cons` reports; `crst` resets it. */
  readonly stats = new ConnectionStats();

  private readonly parser: FrameParser;
  private readonly handshakeTimer: NodeJS.Timeout;
  private readonly socket: Socket;
  private readonly host: ConnectionHost;
  /** The first bytes, until we know whether they are a four-letter word. */
  private prefix: Buffer | null = null;
  /** Frames that arrived after the ConnectRequest, before the session was ready. */
  private early: Uint8Array[] = [];
  private withReadOnly = true;
  private readonly queue = new RequestQueue();
  private barrier: QueuedRequest | undefined;
  private readonly output: Uint8Array[] = [];
  private outputScheduled = false;
  private endAfterOutput = false;
  /** Not reading: too many requests outstanding server-wide. */
  paused = false;
  /** Not reading: our replies pile up unread in the socket. */
  private outputBacklogged = false;

  constructor(socket: Socket, host: ConnectionHost) {
    this.socket = socket;
    this.host = host;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.remotePort = socket.remotePort ?? 0;
    this.established = host.clock();
    this.authIds = [ipId(this.remoteAddress)];
    this.readContext = { sessionId: 0n, authIds: this.authIds, watcher: this };
    this.parser = new FrameParser({
      maxFrameSize: host.config.juteMaxBuffer,
      onFrame: (body) => this.onFrame(body),
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {
      // 'close' follows; a reset by the peer is routine
    });
    socket.on('close', () => this.onClosed());
    // A connection that never completes a handshake must not hold a socket forever.
    this.handshakeTimer = setTimeout(() => this.handshakeTimedOut(), host.sessionlessConnectionTimeoutMs);
    this.handshakeTimer.unref();
  }

  private handshakeTimedOut(): void {
    if (this.state !== 'new' && this.state !== 'awaiting-connect') return;
    this.host.logger.info(
      `closing connection from ${this.remote}: no ConnectRequest within ${this.host.sessionlessConnectionTimeoutMs}ms`,
    );
    this.destroy();
  }

  /** `ip:port` as logs and `cons` show it. */
  get remote(): string {
    return `${this.remoteAddress}:${this.remotePort}`;
  }

  /** Requests received and not yet answered. */
  get outstanding(): number {
    return this.queue.length;
  }

  // ------------------------------------------------------------------ input

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    try {
      if (this.state === 'new') {
        chunk = this.takePrefix(chunk) as Buffer;
        if (chunk.length === 0) return;
      }
      this.parser.push(chunk);
    } catch (error) {
      if (ProtocolError.isInstance(error) && error.reason === 'frame-too-large') {
        this.host.logger.warn(
          `closing connection from ${this.remote}: frame of ${error.length} bytes is larger than jute.maxbuffer (${this.host.config.juteMaxBuffer})`,
        );
      } else if (ProtocolError.isInstance(error)) {
        this.host.logger.warn(`closing connection from ${this.remote}: ${error.message}`);
      } else {
        this.host.logger.error(
          `closing connection from ${this.remote} after an internal error: ${(error as Error)?.stack ?? String(error)}`,
        );
      }
      this.destroy();
      return;
    }
    // (state may have changed inside push: a closeSession, a failed auth)
    if ((this.state as State) !== 'closed') this.host.throttleIfBusy(this);
  }

  /** Holds back the first 4 bytes: a four-letter word is answered and the connection closed. */
  private takePrefix(chunk: Buffer): Buffer {
    const have = this.prefix === null ? chunk : Buffer.concat([this.prefix, chunk]);
    if (have.length < 4) {
      this.prefix = have;
      return Buffer.alloc(0);
    }
    this.prefix = null;
    const word = fourLetterWordIn(have);
    if (word !== null) {
      this.answerFourLetterWord(word, have.subarray(4));
      return Buffer.alloc(0);
    }
    this.state = 'awaiting-connect';
    return have;
  }

  private answerFourLetterWord(word: string, argument: Buffer): void {
    this.state = 'closed';
    let text: string;
    if (!isFourLetterWordAllowed(this.host.config.fourLetterWordWhitelist, word)) {
      text = `${word} is not executed because it is not in the whitelist.\n`;
    } else {
      try {
        text = this.host.runFourLetterWord(word, argument);
      } catch (error) {
        this.host.logger.error(
          `four-letter word ${word} failed: ${(error as Error)?.stack ?? String(error)}`,
        );
        text = '';
      }
    }
    this.socket.end(text);
  }

  private onFrame(body: Uint8Array): void {
    switch (this.state) {
      case 'awaiting-connect':
        this.onConnectRequest(body);
        return;
      case 'handshaking':
        // The client may queue auth and setWatches right behind its ConnectRequest.
        this.early.push(body.slice());
        return;
      case 'connected':
        this.onRequest(body);
        return;
      default:
        return;
    }
  }

  private onConnectRequest(body: Uint8Array): void {
    let request: ConnectRequest & { withReadOnly: boolean };
    try {
      request = decodeConnectRequest(body);
    } catch (error) {
      this.host.logger.warn(
        `closing connection from ${this.remote}: bad ConnectRequest: ${(error as Error).message}`,
      );
      this.destroy();
      return;
    }
    this.stats.packetsReceived++;
    this.host.stats.packetsReceived++;
    clearTimeout(this.handshakeTimer);
    this.withReadOnly = request.withReadOnly;
    this.state = 'handshaking';
    this.host.handshake(this, request);
  }

  private onRequest(body: Uint8Array): void {
    const host = this.host;
    const now = host.clock();
    this.stats.packetsReceived++;
    host.stats.packetsReceived++;
    if (!host.sessions.touch(this.sessionId, now)) {
      host.logger.info(
        `closing connection from ${this.remote}: session 0x${this.sessionId.toString(16)} is closing or expired`,
      );
      this.closeAfterOutput();
      return;
    }
    let xid: number;
    let request: ClientRequest;
    try {
      ({ xid, request } = decodeRequest(body));
    } catch (error) {
      this.onUndecodable(body, error, now);
      return;
    }
    if (readStartsWithPath(request.type) && isNullPath(body)) {
      // the codec reads a null string as '': 3.8 refuses it as a marshalling error
      this.answerWith(this.enqueue(xid, request.type, undefined, now), ErrorCode.MARSHALLINGERROR);
      return;
    }
    switch (request.type) {
      case OpCode.auth:
        this.onAuth(xid, request.scheme, request.auth);
        return;
      case OpCode.sasl:
        // SASL is not offered: ZooKeeper 3.8 without a SASL server answers at once, zxid 0, no token.
        this.sendReply(xid, 0, 0, { type: OpCode.sasl, token: NULL_BUFFER });
        return;
      default:
        break;
    }
    if (isWriteOp(request.type)) {
      this.submit(this.enqueue(xid, request.type, request, now), request);
    } else if (this.queue.length === 0) {
      // nothing of this session is pending: answer at once, without a queue entry
      this.answerNow(xid, request, now);
    } else {
      this.enqueue(xid, request.type, request, now);
    }
  }

  private answerNow(xid: number, request: ClientRequest, receivedAt: number): void {
    const host = this.host;
    const answer = answerLocally(host.tree, request, this.readContext, this);
    const zxid = host.lastProcessedZxid();
    if (typeof answer === 'number') this.sendReply(xid, zxid, answer, undefined);
    else this.sendReply(xid, zxid, 0, answer);
    host.stats.latency.record(this.stats.answered(request.type, xid, zxid, receivedAt, host.clock()));
  }

  /**
   * A frame we cannot decode. An unknown opcode gets UNIMPLEMENTED (zxid −1) and the connection
   * is closed; a malformed body of a known request gets MARSHALLINGERROR and the connection
   * stays open (both as the real 3.8 server does).
   */
  private onUndecodable(body: Uint8Array, error: unknown, now: number): void {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const xid = body.length >= 4 ? view.getInt32(0) : 0;
    const type = body.length >= 8 ? view.getInt32(4) : 0;
    if (type === OpCode.createSession) {
      // 3.8 drops the connection without an answer
      this.host.logger.warn(`closing connection from ${this.remote}: createSession sent as a request`);
      this.destroy();
      return;
    }
    if (type === OpCode.deleteContainer) {
      // server-internal, but 3.8 runs it for a client too: prep refuses anything but an empty container
      const path = pathAfterHeader(body);
      if (path !== undefined) {
        const request = { type: OpCode.deleteContainer, path } as const;
        this.submit(
          this.enqueue(xid, type, request as unknown as ClientRequest, now),
          request as unknown as ClientRequest,
        );
        return;
      }
    }
    if (ProtocolError.isInstance(error) && error.reason === 'unknown-opcode') {
      this.host.logger.warn(`closing connection from ${this.remote}: unknown request type ${type}`);
      const entry = this.enqueue(xid, type, undefined, now);
      entry.done = true;
      entry.replyZxid = -1;
      entry.err = ErrorCode.UNIMPLEMENTED;
      this.drain();
      this.closeAfterOutput();
      return;
    }
    this.host.logger.warn(
      `malformed request (type ${type}) from ${this.remote}: ${(error as Error)?.message ?? String(error)}`,
    );
    this.answerWith(this.enqueue(xid, type, undefined, now), ErrorCode.MARSHALLINGERROR);
  }

  /** Queues an error answer (header only, the last processed zxid) in its place in the order. */
  private answerWith(entry: QueuedRequest, err: number): void {
    entry.done = true;
    entry.replyZxid = LAST_PROCESSED_ZXID;
    entry.err = err;
    this.drain();
  }

  private onAuth(xid: number, scheme: string, auth: Uint8Array): void {
    const outcome = authenticateConnection(this.authIds, scheme, auth, this.remoteAddress);
    if (outcome !== 0) {
      this.host.stats.authFailures++;
      this.host.logger.warn(`authentication with scheme ${JSON.stringify(scheme)} failed for ${this.remote}`);
      this.sendReply(xid, 0, ErrorCode.AUTHFAILED, undefined);
      this.closeAfterOutput();
      return;
    }
    this.sendReply(xid, 0, 0, undefined);
  }

  private enqueue(xid: number, type: number, body: ClientRequest | undefined, now: number): QueuedRequest {
    const entry: QueuedRequest = {
      origin: this,
      sessionId: this.sessionId,
      cxid: xid,
      request: body as WriteRequest,
      authIds: this.authIds,
      txn: undefined,
      xid,
      type,
      body,
      receivedAt: now,
      done: false,
      replyZxid: 0,
      err: 0,
      response: undefined,
    };
    this.queue.push(entry);
    this.host.requestQueued();
    return entry;
  }

  private submit(entry: QueuedRequest, request: ClientRequest): void {
    const host = this.host;
    if (host.writesRefused()) {
      // The log failed: answering would acknowledge a write that is not durable.
      this.destroy();
      return;
    }
    copyWriteBuffers(request);
    if (request.type === OpCode.reconfig) {
      (entry as { forcedError?: number }).forcedError = ErrorCode.RECONFIGDISABLED;
    } else if (request.type === OpCode.multi && !request.ops.every((op) => isWriteMultiOp(op.type))) {
      // a read op in a write multi: 3.8 logs an error txn and answers without results
      (entry as { forcedError?: number }).forcedError = ErrorCode.MARSHALLINGERROR;
    } else if (request.type === OpCode.closeSession) {
      host.sessions.setClosing(this.sessionId);
    }
    host.submitWrite(entry);
  }

  // ------------------------------------------------------------------ pipeline callbacks

  writeApplied(write: PendingWrite, result: ApplyResult<WatchTarget>): void {
    if (write.txn?.body.type === OpCode.createSession) {
      this.sessionReady(result.err === 0);
      return;
    }
    if (this.state === 'closed') return;
    const entry = write as QueuedRequest;
    entry.done = true;
    entry.replyZxid = result.zxid;
    const response = result.response ?? undefined;
    // A failed multi still answers err 0 in its header: the failures are in its results (real 3.8).
    entry.err = response?.type === OpCode.multi ? 0 : result.err;
    entry.response = response;
    this.drain();
    if (entry.type === OpCode.closeSession) this.closeAfterOutput();
  }

  writeAbandoned(): void {
    // Never acknowledge what is not durable: the client sees a connection loss instead.
    this.destroy();
  }

  notify(event: WatcherEvent): void {
    if (this.state === 'closed') return;
    this.push(this.host.frames.writeNotification(event, -1).take());
  }

  // ------------------------------------------------------------------ handshake outcome

  /** A new session was created (its createSession txn is still on its way). */
  beginSession(sessionId: bigint, timeout: number): void {
    this.sessionId = sessionId;
    this.sessionTimeout = timeout;
    this.readContext.sessionId = sessionId;
  }

  /**
   * The session still has writes in the pipeline from the connection it was taken over from:
   * requests on this connection wait until they are applied, so a read never misses a write
   * its own session sent earlier (ZooKeeper's per-session order).
   */
  holdUntilSessionWritesApplied(): void {
    const barrier = this.enqueue(0, SESSION_BARRIER, undefined, this.host.clock());
    this.barrier = barrier;
  }

  /** The session's earlier writes are applied: let the queue move. */
  releaseBarrier(): void {
    const barrier = this.barrier;
    if (barrier === undefined) return;
    this.barrier = undefined;
    barrier.done = true;
    if (this.state !== 'closed') this.drain();
  }

  /** The session is usable: send the ConnectResponse and process what the client sent meanwhile. */
  sessionReady(ok = true): void {
    if (this.state === 'closed') return;
    if (!ok) {
      this.rejectHandshake();
      return;
    }
    this.push(
      this.host.frames
        .writeConnectResponse(
          {
            protocolVersion: 0,
            timeOut: this.sessionTimeout,
            sessionId: this.sessionId,
            passwd: this.host.sessions.passwordOf(this.sessionId),
            readOnly: false,
          },
          { withReadOnly: this.withReadOnly },
        )
        .take(),
    );
    this.state = 'connected';
    const early = this.early;
    this.early = [];
    for (const body of early) {
      if (this.state !== 'connected') break;
      this.onRequest(body);
    }
  }

  /** Resume refused (bad password, unknown or expired session): timeout 0, id 0, then close. */
  rejectHandshake(): void {
    if (this.state === 'closed') return;
    this.push(
      this.host.frames
        .writeConnectResponse(
          { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: ZERO_PASSWORD, readOnly: false },
          { withReadOnly: this.withReadOnly },
        )
        .take(),
    );
    this.closeAfterOutput();
  }

  // ------------------------------------------------------------------ replies, in order

  /** Answers every request at the head of the queue that can be answered now. */
  private drain(): void {
    const queue = this.queue;
    const host = this.host;
    for (let entry = queue.peek(); entry !== undefined; entry = queue.peek()) {
      if (!entry.done) {
        if (entry.type === SESSION_BARRIER || isWriteOp(entry.type)) break;
        this.answerRead(entry);
      }
      if (this.state === 'closed') return;
      queue.shift();
      if (entry.type === SESSION_BARRIER) {
        host.requestDone();
        continue;
      }
      const zxid = entry.replyZxid === LAST_PROCESSED_ZXID ? host.lastProcessedZxid() : entry.replyZxid;
      this.sendReply(
        entry.xid,
        zxid,
        entry.err,
        entry.err === 0 || entry.type === OpCode.multi ? entry.response : undefined,
      );
      this.recordLatency(entry, zxid);
      host.requestDone();
    }
  }

  private answerRead(entry: QueuedRequest): void {
    entry.done = true;
    entry.replyZxid = this.host.lastProcessedZxid();
    const answer = answerLocally(this.host.tree, entry.body!, this.readContext, this);
    if (typeof answer === 'number') entry.err = answer;
    else entry.response = answer;
  }

  private recordLatency(entry: QueuedRequest, zxid: number): void {
    const latency = this.stats.answered(entry.type, entry.xid, zxid, entry.receivedAt, this.host.clock());
    this.host.stats.latency.record(latency);
  }

  private sendReply(xid: number, zxid: number, err: number, response: ClientResponse | undefined): void {
    if (this.state === 'closed') return;
    let frame: Uint8Array;
    try {
      frame = this.host.frames.writeResponse(xid, zxid, err, response).take();
    } catch (error) {
      this.host.logger.error(`cannot encode the reply to xid ${xid}: ${(error as Error)?.message}`);
      frame = this.host.frames.writeResponse(xid, zxid, ErrorCode.MARSHALLINGERROR).take();
    }
    this.host.stats.recordResponseSize(frame.length);
    this.push(frame);
  }

  // ------------------------------------------------------------------ output

  private push(frame: Uint8Array): void {
    this.output.push(frame);
    this.stats.packetsSent++;
    this.host.stats.packetsSent++;
    if (!this.outputScheduled) {
      this.outputScheduled = true;
      this.host.scheduleOutput(this);
    }
  }

  /** Writes everything produced this turn: one buffer, or one corked batch (a single writev). */
  flushOutput(): void {
    this.outputScheduled = false;
    const output = this.output;
    const socket = this.socket;
    if (output.length > 0 && !socket.destroyed) {
      if (output.length === 1) {
        socket.write(output[0]!);
      } else {
        socket.cork();
        for (const frame of output) socket.write(frame);
        socket.uncork();
      }
    }
    output.length = 0;
    if (this.endAfterOutput) this.finish();
    else this.checkOutputBacklog();
  }

  /** Closes once the replies produced so far are on their way. */
  closeAfterOutput(): void {
    if (this.endAfterOutput || this.socket.destroyed) return;
    this.endAfterOutput = true;
    if (!this.outputScheduled) {
      this.outputScheduled = true;
      this.host.scheduleOutput(this);
    }
  }

  /** Closes without flushing what is pending (a protocol violation, a takeover, shutdown). */
  destroy(): void {
    this.output.length = 0;
    this.finish();
  }

  private finish(): void {
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    this.socket.end();
    this.socket.destroySoon();
    if (wasOpen) this.release();
  }

  /** Stops reading while the server has too many requests outstanding (globalOutstandingLimit). */
  pause(): void {
    if (this.paused || this.state === 'closed') return;
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.state !== 'closed' && !this.outputBacklogged) this.socket.resume();
  }

  /**
   * A client that does not read its replies must not make us buffer without bound: stop reading
   * its requests until the socket drains.
   */
  private checkOutputBacklog(): void {
    if (this.outputBacklogged || this.socket.writableLength <= OUTPUT_HIGH_WATER) return;
    this.outputBacklogged = true;
    this.socket.pause();
    this.socket.once('drain', () => {
      this.outputBacklogged = false;
      if (this.state !== 'closed' && !this.paused) this.socket.resume();
    });
  }

  private onClosed(): void {
    clearTimeout(this.handshakeTimer);
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    if (wasOpen) this.release();
    this.host.connectionClosed(this);
  }

  private released = false;

  /** Gives back the queue's share of the outstanding count, once. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    const dropped = this.queue.clear();
    for (let i = 0; i < dropped; i++) this.host.requestDone();
    this.early = [];
  }
}

/** Whether the string after the RequestHeader is null (length −1). */
function isNullPath(body: Uint8Array): boolean {
  return body.length >= 12 && new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(8) === -1;
}

/** The ustring right after the RequestHeader, or undefined if it is not there whole. */
function pathAfterHeader(body: Uint8Array): string | undefined {
  if (body.length < 12) return undefined;
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(8);
  if (length < 0 || 12 + length > body.length) return undefined;
  return new TextDecoder().decode(body.subarray(12, 12 + length));
}
