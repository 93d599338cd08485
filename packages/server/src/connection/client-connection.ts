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
} from '@zkts/core';
import { type ConnectRequest, NULL_BUFFER } from '@zkts/protocol';
import type {
  PendingWrite,
  PreparedWrite,
  WatchTarget,
  WriteInput,
  WriteOrigin,
  WriteWaiter,
} from '../pipeline/pending-write';
import type { DigestMd5Exchange } from '../sasl/digest-md5-exchange';
import type { ClientLink } from './client-link';
import { cloneRecord } from './clone-record';
import type { ConnectionHost } from './connection-host';
import { ConnectionStats } from './connection-stats';
import { answerLocally } from './local-requests';
import { isWriteOp, isWriteRequest, requestKind } from './request-kind';
import { LAST_PROCESSED_ZXID, type QueuedRequest, RequestQueue, SESSION_BARRIER } from './request-queue';
import { isWriteMultiOp } from './zookeeper-quirks';

type State = 'new' | 'handshaking' | 'connected' | 'closed';

/** What the pipeline gets for a write request (some only ever fail, as in 3.8). */
function writeInput(request: ClientRequest): WriteInput {
  if (request.type === OpCode.reconfig) return { type: OpCode.error, err: ErrorCode.RECONFIGDISABLED };
  if (request.type === OpCode.multi && !request.ops.every((op) => isWriteMultiOp(op.type))) {
    // a read op in a write multi: 3.8 logs an error txn and answers without results
    return { type: OpCode.error, err: ErrorCode.MARSHALLINGERROR };
  }
  if (!isWriteRequest(request)) throw new Error(`bug: opcode ${request.type} is no write request`);
  return request;
}

/** What to do with a request its link could not turn into a record (see TcpLink). */
export type MalformedOutcome =
  /** drop the connection without an answer */
  | 'drop'
  /** answer UNIMPLEMENTED with zxid −1, then close */
  | 'unimplemented'
  /** answer MARSHALLINGERROR in its place and go on */
  | 'marshalling-error';

const ZERO_PASSWORD = new Uint8Array(16);
let nextConnectionId = 1;

/**
 * One client connection, whatever carries it: the handshake and the session's requests in
 * order. Its link (TCP with the codec, or in-process) feeds it records and carries its
 * replies. Writes go to the pipeline; reads are answered here from the tree, but only
 * when every earlier request of this connection has been answered, so a read never overtakes a
 * write its own session sent before it (ZooKeeper's per-session FIFO). Replies produced during
 * one turn of the event loop are flushed together.
 */
export class ClientConnection implements WatchTarget, WriteWaiter {
  readonly id = nextConnectionId++;
  /** The origin of every write this connection submits: it waits for their outcome. */
  readonly origin: WriteOrigin = { kind: 'local', waiter: this };
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly established: number;
  state: State = 'new';
  sessionId = 0n;
  sessionTimeout = 0;
  /** The `ip` id every connection holds, the link's (x509), then one id per successful addAuth. */
  readonly authIds: Id[];
  /** The read context handed to the tree; its authIds array is the one above. */
  readonly readContext: SessionContext<WatchTarget>;

  /** What `cons` reports; `crst` resets it. */
  readonly stats = new ConnectionStats();

  private readonly handshakeTimer: unknown;
  private readonly link: ClientLink;
  private readonly host: ConnectionHost;
  /** What arrived after the ConnectRequest, before the session was ready, in order. */
  private early: (() => void)[] = [];
  private withReadOnly = true;
  private readonly queue = new RequestQueue();
  /** The queue entry of each write still in the pipeline. */
  private readonly inPipeline = new Map<PendingWrite, QueuedRequest>();
  private barrier: QueuedRequest | undefined;
  /** This connection's SASL exchange, from its first sasl request. */
  private sasl: DigestMd5Exchange | undefined;
  private outputScheduled = false;
  private endAfterOutput = false;
  private linkEnded = false;
  /** Not reading: too many requests outstanding server-wide. */
  paused = false;

  constructor(host: ConnectionHost, makeLink: (connection: ClientConnection) => ClientLink) {
    this.host = host;
    this.link = makeLink(this);
    this.remoteAddress = this.link.remoteAddress;
    this.remotePort = this.link.remotePort;
    this.established = host.clock();
    this.authIds = [ipId(this.remoteAddress), ...(this.link.transportIds ?? [])];
    this.readContext = { sessionId: 0n, authIds: this.authIds, watcher: this };
    // A connection that never completes a handshake must not hold a socket forever.
    this.handshakeTimer = host.environment.setTimeout(
      () => this.handshakeTimedOut(),
      host.sessionlessConnectionTimeoutMs,
    );
  }

  private handshakeTimedOut(): void {
    if (this.state !== 'new') return;
    this.host.stats.sessionlessConnectionsExpired++;
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

  /** Whether the link should stop feeding this connection. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Waiting for its session (created or resumed): requests that come now wait. */
  get handshaking(): boolean {
    return this.state === 'handshaking';
  }

  /** The link answered a four-letter word on this connection, which ends it. */
  answeredFourLetterWord(): void {
    this.state = 'closed';
  }

  /** The client's ConnectRequest: create or resume a session. */
  receiveConnect(request: ConnectRequest & { withReadOnly: boolean }): void {
    if (this.state !== 'new') return;
    this.stats.packetsReceived++;
    this.host.stats.packetsReceived++;
    this.host.environment.clearTimeout(this.handshakeTimer);
    this.withReadOnly = request.withReadOnly;
    // as ZooKeeper's processConnectRequest counts them (four-letter words are not sessions)
    this.host.stats.connectionRequests++;
    if (request.sessionId !== 0n) this.host.stats.connectionRevalidations++;
    this.state = 'handshaking';
    this.host.handshake(this, request);
  }

  /**
   * A request. It must own its buffers (a TCP link copies the data of writes out of the read
   * buffer; an in-process link copies everything).
   */
  receiveRequest(xid: number, request: ClientRequest): void {
    if (this.state === 'handshaking') {
      // The client may queue auth and setWatches right behind its ConnectRequest.
      const kept = cloneRecord(request);
      this.early.push(() => this.receiveRequest(xid, kept));
      return;
    }
    // closing (AUTHFAILED, closeSession, an unknown opcode): ZooKeeper answers nothing more
    if (this.state !== 'connected' || this.endAfterOutput) return;
    const now = this.host.clock();
    if (!this.accepted(now)) return;
    switch (request.type) {
      case OpCode.auth:
        this.onAuth(xid, request.scheme, request.auth);
        return;
      case OpCode.sasl:
        this.onSasl(xid, request.token);
        return;
      default:
        break;
    }
    const kind = requestKind(request.type);
    if (kind === 'write') {
      this.submit(this.enqueue(xid, request.type, request, now), request);
    } else if (kind === 'sync') {
      const entry = this.enqueue(xid, request.type, request, now);
      this.host.sync(() => this.synced(entry));
    } else if (this.queue.length === 0) {
      // nothing of this session is pending: answer at once, without a queue entry
      this.answerNow(xid, request, now);
    } else {
      this.enqueue(xid, request.type, request, now);
    }
  }

  /**
   * A request its link could not turn into a record (only a byte stream has those). An unknown
   * opcode gets UNIMPLEMENTED (zxid −1) and the connection is closed; a malformed body of a
   * known request gets MARSHALLINGERROR and the connection stays open (both as 3.8 does).
   */
  receiveMalformed(xid: number, type: number, outcome: MalformedOutcome): void {
    if (this.state === 'handshaking') {
      this.early.push(() => this.receiveMalformed(xid, type, outcome));
      return;
    }
    if (this.state !== 'connected' || this.endAfterOutput) return;
    const now = this.host.clock();
    if (!this.accepted(now)) return;
    switch (outcome) {
      case 'drop':
        this.destroy();
        return;
      case 'unimplemented': {
        const entry = this.enqueue(xid, type, undefined, now);
        entry.done = true;
        entry.replyZxid = -1;
        entry.err = ErrorCode.UNIMPLEMENTED;
        this.drain();
        this.closeAfterOutput();
        return;
      }
      case 'marshalling-error':
        this.answerWith(this.enqueue(xid, type, undefined, now), ErrorCode.MARSHALLINGERROR);
        return;
    }
  }

  /** Counts a request and touches its session; false (and closing) if the session is gone. */
  private accepted(now: number): boolean {
    const host = this.host;
    this.stats.packetsReceived++;
    host.stats.packetsReceived++;
    if (host.sessions.touch(this.sessionId, now)) return true;
    host.logger.info(
      `closing connection from ${this.remote}: session 0x${this.sessionId.toString(16)} is closing or expired`,
    );
    this.closeAfterOutput();
    return false;
  }

  private answerNow(xid: number, request: ClientRequest, receivedAt: number): void {
    const host = this.host;
    const answer = answerLocally(host.tree, request, this.readContext, this);
    const zxid = host.lastProcessedZxid();
    if (typeof answer === 'number') this.sendReply(xid, zxid, answer, undefined);
    else this.sendReply(xid, zxid, 0, answer);
    const latency = this.stats.answered(request.type, xid, zxid, receivedAt, host.clock());
    host.stats.latency.record(latency);
    host.stats.readLatency.record(latency);
  }

  /** Queues an error answer (header only, the last processed zxid) in its place in the order. */
  private answerWith(entry: QueuedRequest, err: number): void {
    entry.done = true;
    entry.replyZxid = LAST_PROCESSED_ZXID;
    entry.err = err;
    this.drain();
  }

  /**
   * One SASL token (ZooKeeperServer.processSasl): answered at once with zxid 0 and the server's
   * token; the exchange's success adds `sasl:<user>` (and `super` for zookeeper.superUser); its failure answers AUTHFAILED and closes.
   * Without SASL users: OK with no token, as ZooKeeper 3.8 without a SASL server.
   */
  private onSasl(xid: number, token: Uint8Array): void {
    this.sasl ??= this.host.auth.saslExchange();
    if (this.sasl === undefined) {
      this.sendReply(xid, 0, 0, { type: OpCode.sasl, token: NULL_BUFFER });
      return;
    }
    const step = this.sasl.evaluate(token);
    if ('error' in step) {
      this.host.stats.authFailures++;
      this.host.logger.warn(`SASL authentication failed for ${this.remote}: ${step.error}`);
      this.sendReply(xid, 0, ErrorCode.AUTHFAILED, undefined);
      this.closeAfterOutput();
      return;
    }
    if (step.user !== undefined) {
      for (const id of this.host.auth.saslIds(step.user)) {
        if (!this.authIds.some((known) => known.scheme === id.scheme && known.id === id.id))
          this.authIds.push(id);
      }
    }
    this.sendReply(xid, 0, 0, { type: OpCode.sasl, token: step.token });
  }

  private onAuth(xid: number, scheme: string, auth: Uint8Array): void {
    const outcome = this.host.auth.addAuth(this.authIds, scheme, auth, {
      remoteAddress: this.remoteAddress,
      remotePort: this.remotePort,
      ids: [...this.authIds],
    });
    if (outcome !== 0) {
      this.host.stats.authFailures++;
      this.host.logger.warn(`authentication with scheme ${JSON.stringify(scheme)} failed for ${this.remote}`);
      this.sendReply(xid, 0, ErrorCode.AUTHFAILED, undefined);
      this.closeAfterOutput();
      return;
    }
    this.sendReply(xid, 0, 0, undefined);
  }

  /** The server caught up for a sync: answer it in its place in the order. */
  private synced(entry: QueuedRequest): void {
    if (this.state === 'closed') return;
    this.answerRead(entry);
    // the reply carries the zxid applied when it is sent, after the session's earlier writes
    entry.replyZxid = LAST_PROCESSED_ZXID;
    this.drain();
  }

  private enqueue(xid: number, type: number, body: ClientRequest | undefined, now: number): QueuedRequest {
    const entry: QueuedRequest = {
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
    if (request.type === OpCode.closeSession) host.sessions.setClosing(this.sessionId);
    const write: PendingWrite = {
      origin: this.origin,
      sessionId: this.sessionId,
      cxid: entry.xid,
      request: writeInput(request),
      authIds: this.authIds,
      txn: undefined,
    };
    this.inPipeline.set(write, entry);
    host.submitWrite(write);
  }

  // ------------------------------------------------------------------ pipeline callbacks

  writeApplied(write: PreparedWrite, result: ApplyResult<WatchTarget>): void {
    if (write.txn.body.type === OpCode.createSession) {
      this.sessionReady(result.err === 0);
      return;
    }
    const entry = this.inPipeline.get(write);
    this.inPipeline.delete(write);
    if (this.state === 'closed' || entry === undefined) return;
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
    this.link.notification(event);
    this.pushed();
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
    this.link.connectResponse(
      {
        protocolVersion: 0,
        timeOut: this.sessionTimeout,
        sessionId: this.sessionId,
        passwd: this.host.sessions.passwordOf(this.sessionId),
        readOnly: this.host.readOnly === true,
      },
      this.withReadOnly,
    );
    this.pushed();
    this.state = 'connected';
    const early = this.early;
    this.early = [];
    for (const receive of early) {
      if (this.state !== 'connected') break;
      receive();
    }
  }

  /** Resume refused (bad password, unknown or expired session): timeout 0, id 0, then close. */
  rejectHandshake(): void {
    if (this.state === 'closed') return;
    this.link.connectResponse(
      { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: ZERO_PASSWORD, readOnly: false },
      this.withReadOnly,
    );
    this.pushed();
    this.closeAfterOutput();
  }

  // ------------------------------------------------------------------ replies, in order

  /** Answers every request at the head of the queue that can be answered now. */
  private drain(): void {
    const queue = this.queue;
    const host = this.host;
    for (let entry = queue.peek(); entry !== undefined; entry = queue.peek()) {
      if (!entry.done) {
        if (entry.type === SESSION_BARRIER || entry.type === OpCode.sync || isWriteOp(entry.type)) break;
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
    const stats = this.host.stats;
    stats.latency.record(latency);
    (isWriteOp(entry.type) ? stats.updateLatency : stats.readLatency).record(latency);
  }

  private sendReply(xid: number, zxid: number, err: number, response: ClientResponse | undefined): void {
    if (this.state === 'closed') return;
    this.link.reply(xid, zxid, err, response);
    this.pushed();
  }

  // ------------------------------------------------------------------ output

  /** A message was queued on the link: count it, and flush at the end of this turn. */
  private pushed(): void {
    this.stats.packetsSent++;
    this.host.stats.packetsSent++;
    if (!this.outputScheduled) {
      this.outputScheduled = true;
      this.host.scheduleOutput(this);
    }
  }

  /** Sends everything produced this turn (TCP: one buffer, or one corked batch). */
  flushOutput(): void {
    this.outputScheduled = false;
    // a flush may pass held requests on (see TcpLink); one that closes is flushed next turn
    const ending = this.endAfterOutput;
    if (!this.linkEnded) this.link.flush();
    if (ending) this.finish();
  }

  /** Closes once the replies produced so far are on their way. */
  closeAfterOutput(): void {
    if (this.endAfterOutput || this.linkEnded) return;
    this.endAfterOutput = true;
    if (!this.outputScheduled) {
      this.outputScheduled = true;
      this.host.scheduleOutput(this);
    }
  }

  /** Closes without flushing what is pending (a protocol violation, a takeover, shutdown). */
  destroy(): void {
    if (!this.linkEnded) this.link.discard();
    this.finish();
  }

  private finish(): void {
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    if (!this.linkEnded) {
      this.linkEnded = true;
      this.link.end();
    }
    if (wasOpen) this.release();
  }

  /** Stops reading while the server has too many requests outstanding (globalOutstandingLimit). */
  pause(): void {
    if (this.paused || this.state === 'closed') return;
    this.paused = true;
    this.link.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.state !== 'closed') this.link.resume();
  }

  /** The link is gone (the client closed it, or after `end`). */
  linkClosed(): void {
    this.host.environment.clearTimeout(this.handshakeTimer);
    this.linkEnded = true;
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
    this.inPipeline.clear();
    for (let i = 0; i < dropped; i++) this.host.requestDone();
    this.early = [];
  }
}
