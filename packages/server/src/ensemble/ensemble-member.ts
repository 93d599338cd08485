import type { Server as NetServer, Socket } from 'node:net';
import { type DataTree, type DataTreeOptions, decodeTxn, ErrorCode, OpCode, snapshotBytes } from '@zkts/core';
import { type ConnectRequest, FrameWriter } from '@zkts/protocol';
import { SessionTracker } from '@zkts/session';
import { SnapshotTrigger } from '@zkts/storage';
import {
  type ApplyTxn,
  decodeZabMessage,
  encodeZabMessage,
  type HostRequest,
  type LogEntry,
  type PeerStatus,
  type Ready,
  readyIsEmpty,
  type ZabMessage,
  ZabPeer,
} from '@zkts/zab';
import type { ServerAuth } from '../auth/server-auth';
import type { EnsembleConfig, ServerConfig } from '../config/index';
import { ClientConnection } from '../connection/client-connection';
import type { ClientLink } from '../connection/client-link';
import { ConnectionRegistry } from '../connection/connection-registry';
import type { ServingHost } from '../connection/serving-host';
import { beginNewSession, refuseClientAhead, takeOverSession } from '../connection/session-handshake';
import { TcpLink } from '../connection/tcp-link';
import { NOT_SERVING, runFourLetterWord } from '../four-letter-words/run-four-letter-word';
import { hexId } from '../hex';
import type { Logger } from '../logger';
import { ServerStats } from '../metrics/server-stats';
import {
  INTERNAL_ORIGIN,
  type PendingWrite,
  type PreparedWrite,
  type WatchTarget,
  type WriteInput,
  waiterOf,
} from '../pipeline/pending-write';
import { PrepStage } from '../pipeline/prep-stage';
import { ProposeStage } from '../pipeline/propose-stage';
import { WaitingWrites } from '../pipeline/waiting-writes';
import type { QuorumTransport } from '../quorum/quorum-transport';
import { repeatEvery, type ServerEnvironment } from '../server-environment';
import { SessionExpiryTimer } from '../session-expiry-timer';
import { ensembleConfigText } from './config-node';
import { estimatedSnapshotBytes, logBytesWorthADiff } from './diff-from-log';
import type { EnsembleRole, EnsembleView, LeaderFigures } from './ensemble-view';
import { decodeForwardedRequest, encodeForwardedRequest } from './forwarded-request';
import { LearnerWaits } from './learner-waits';
import { memberLogger } from './member-logger';
import type { MemberRecovery, MemberStorage } from './member-storage';
import { memberView, ProposalStats, ROLES } from './member-view';
import { readOnlyHandshake, refuseWrite } from './read-only-mode';
import { SessionHolders } from './session-holders';

/** The two ways members reach each other; one transport may carry both (in-process ensembles). */
export interface MemberTransports {
  election: QuorumTransport;
  quorum: QuorumTransport;
}

export interface EnsembleMemberParts {
  config: ServerConfig;
  ensemble: EnsembleConfig;
  storage: MemberStorage;
  recovery: MemberRecovery;
  transports: MemberTransports;
  treeOptions: DataTreeOptions<WatchTarget>;
  /** addauth, SASL and the ACL schemes they bring (the tree's `aclSchemes` must be its). */
  auth: ServerAuth;
  /** The member's lines are prefixed `[id role eEpoch]` on top of this one. */
  logger: Logger;
  environment: ServerEnvironment;
  sessionlessConnectionTimeoutMs: number;
  /** Election finalize wait, ms (ZooKeeper: 200). */
  finalizeWaitMs?: number;
  /**
   * Told once when the member stopped itself: its Ready loop failed (a storage error in a TRUNC
   * or SNAP, or a bug), so its state can no longer be trusted. `zkts server` exits then, so a
   * supervisor restarts it and recovery starts from what is on disk.
   */
  onFatal?: (error: Error) => void;
}

/**
 * The host of one ensemble member: it owns the tree, the sessions, a `ZabPeer`, the storage,
 * the quorum transports and the client connections, and does every bit of I/O and timing they
 * need, in the order the peer's `Ready` prescribes. Writes: the leader preps and proposes them,
 * learners forward them and answer their client when the commit is applied here. Sessions are
 * global: created and closed by txns, touched through the leader, expired by the leader only.
 * A member serves clients only while it is in an established role.
 */
export class EnsembleMember implements ServingHost {
  readonly config: ServerConfig;
  readonly ensemble: EnsembleConfig;
  readonly logger: Logger;
  readonly stats = new ServerStats();
  readonly frames = new FrameWriter();
  readonly environment: ServerEnvironment;
  readonly sessionlessConnectionTimeoutMs: number;
  readonly startedAt: number;
  readonly peer: ZabPeer;
  readonly view: EnsembleView;
  readonly auth: ServerAuth;
  traceMask = 306;
  boundPort = 0;
  /** Members have no TLS client port yet. */
  readonly boundSecurePort = -1;

  readonly #storage: MemberStorage;
  readonly #transports: MemberTransports;
  readonly #treeOptions: DataTreeOptions<WatchTarget>;
  readonly #registry: ConnectionRegistry;
  #tree: DataTree<WatchTarget>;
  readonly #configData: Uint8Array;
  #sessions: SessionTracker<ClientConnection>;
  #status: PeerStatus;
  #serving = false;
  /** Looking, with readonlymode.enabled: read-only clients are served from this tree. */
  #readOnly = false;
  #closing = false;
  #draining = false;
  readonly #stopTicker: () => void;
  // leader
  #prep: PrepStage | undefined;
  #propose: ProposeStage | undefined;
  readonly #holders = new SessionHolders();
  readonly #expiry: SessionExpiryTimer;
  #leadingSince = 0;
  #proposals = new ProposalStats();
  // learner
  readonly #forwarded = new WaitingWrites();
  #lastProposal: { entry: LogEntry; bytes: Uint8Array } | undefined;
  readonly #waits = new LearnerWaits();
  /** Connections that took a session over while its writes from an older connection were in flight here. */
  readonly #waitingForWrites = new Map<bigint, ClientConnection>();
  /** The expiry each owned session had when last reported to the leader. */
  readonly #reported = new Map<bigint, number>();
  readonly #snapshotTrigger: SnapshotTrigger;
  readonly #onFatal: ((error: Error) => void) | undefined;
  #snapshotting: Promise<void> | undefined;

  constructor(parts: EnsembleMemberParts) {
    this.config = parts.config;
    this.auth = parts.auth;
    this.ensemble = parts.ensemble;
    this.environment = parts.environment;
    this.sessionlessConnectionTimeoutMs = parts.sessionlessConnectionTimeoutMs;
    this.#storage = parts.storage;
    this.#transports = parts.transports;
    this.#treeOptions = parts.treeOptions;
    this.#onFatal = parts.onFatal;
    this.#tree = parts.recovery.tree;
    const now = parts.environment.now();
    this.startedAt = now;
    this.#configData = new TextEncoder().encode(ensembleConfigText(parts.ensemble));
    this.#publishConfig(this.#tree);
    const ensemble = parts.ensemble;
    this.peer = new ZabPeer(
      {
        id: ensemble.me.id,
        voters: [...ensemble.voters],
        observers: [...ensemble.observers],
        tickMs: ensemble.tickTime,
        initLimit: ensemble.initLimitTicks,
        syncLimit: ensemble.syncLimitTicks,
        committedLogWindow: parts.config.commitLogCount,
        ...(parts.finalizeWaitMs !== undefined ? { finalizeWaitMs: parts.finalizeWaitMs } : {}),
      },
      {
        acceptedEpoch: parts.recovery.acceptedEpoch,
        currentEpoch: parts.recovery.currentEpoch,
        lastLoggedZxid: parts.recovery.lastLoggedZxid,
      },
      now,
    );
    this.#status = this.peer.status;
    this.logger = memberLogger(parts.logger, () => ({
      id: ensemble.me.id,
      role: ROLES[this.#status.role],
      epoch: this.#status.epoch,
    }));
    this.#registry = new ConnectionRegistry(parts.config, this.stats, this.logger);
    this.#expiry = new SessionExpiryTimer(parts.environment, () =>
      this.#guarded('session expiry', () => this.#expireSessions()),
    );
    this.#sessions = this.#newTracker();
    this.#trackSessionsOfTree();
    this.#snapshotTrigger = new SnapshotTrigger({
      snapCount: parts.config.snapCount,
      random: () => parts.environment.random(),
    });
    this.view = memberView(
      parts.ensemble,
      () => this.#status,
      () => this.#leaderFigures(),
    );
    this.#listen(parts.transports);
    // elections need timely ticks (the finalize wait is 200 ms); the peer is cheap to tick
    this.#stopTicker = repeatEvery(parts.environment, Math.max(10, Math.min(50, ensemble.tickTime / 4)), () =>
      this.#guarded('tick', () => this.#tick()),
    );
    this.#kick();
  }

  // ------------------------------------------------------------------ what connections see

  get tree(): DataTree<WatchTarget> {
    return this.#tree;
  }

  get sessions(): SessionTracker<ClientConnection> {
    return this.#sessions;
  }

  get connections(): ReadonlySet<ClientConnection> {
    return this.#registry.connections;
  }

  get outstandingRequests(): number {
    return this.#registry.outstanding;
  }

  /** Whether this member serves clients now (established as leader, follower or observer). */
  get serving(): boolean {
    return this.#serving;
  }

  /** Serving read-only clients while cut off from the quorum (readonlymode.enabled). */
  get readOnly(): boolean {
    return this.#readOnly;
  }

  get role(): EnsembleRole {
    return ROLES[this.#status.role];
  }

  clock(): number {
    return this.environment.now();
  }

  lastProcessedZxid(): number {
    return this.#tree.lastProcessedZxid;
  }

  /**
   * Refused while not serving (a looking or syncing member) and after the txn log failed; in
   * read-only mode writes are taken and answered NotReadOnly.
   */
  writesRefused(): boolean {
    return (!this.#serving && !this.#readOnly) || this.#storage.failure !== undefined;
  }

  requestQueued(): void {
    this.#registry.requestQueued();
  }

  requestDone(): void {
    this.#registry.requestDone();
  }

  throttleIfBusy(connection: ClientConnection): void {
    this.#registry.throttleIfBusy(connection);
  }

  scheduleOutput(connection: ClientConnection): void {
    this.#registry.scheduleOutput(connection);
  }

  runFourLetterWord(word: string, argument?: Buffer): string {
    if (word === 'isro') return this.#readOnly ? 'ro' : this.#serving ? 'rw' : 'null';
    if (!this.#serving && word !== 'ruok' && word !== 'isro' && word !== 'envi' && word !== 'conf')
      return NOT_SERVING;
    return runFourLetterWord(this, word, argument, this.view);
  }

  // ------------------------------------------------------------------ connections

  /** A new TCP connection; closed at once while this member does not serve (clients try another). */
  accept(socket: Socket): void {
    if (!this.#admit(socket.remoteAddress ?? 'unknown')) {
      socket.destroy();
      return;
    }
    const connection = new ClientConnection(this, (owner) => new TcpLink(socket, owner, this));
    this.#registry.add(connection);
  }

  openLink(
    remoteAddress: string,
    makeLink: (connection: ClientConnection) => ClientLink,
  ): ClientConnection | undefined {
    if (!this.#admit(remoteAddress)) return undefined;
    const connection = new ClientConnection(this, makeLink);
    this.#registry.add(connection);
    return connection;
  }

  #admit(ip: string): boolean {
    return !this.#closing && (this.#serving || this.#readOnly) && this.#registry.admit(ip);
  }

  connectionClosed(connection: ClientConnection): void {
    if (!this.#registry.remove(connection)) return;
    this.#tree.watches.removeWatcher(connection);
    if (connection.sessionId !== 0n) this.#sessions.detach(connection.sessionId, connection);
    this.#waits.forget(connection);
  }

  handshake(connection: ClientConnection, request: ConnectRequest & { withReadOnly: boolean }): void {
    if (this.#readOnly) {
      readOnlyHandshake(this.#sessions, connection, request, this.clock(), this.logger);
      return;
    }
    if (!this.#serving) {
      connection.destroy();
      return;
    }
    if (refuseClientAhead(connection, request.lastZxidSeen, this.#tree.lastProcessedZxid, this.logger))
      return;
    const now = this.clock();
    if (request.sessionId === 0n) {
      beginNewSession(this.#sessions, connection, request.timeOut, now, (write) => this.submitWrite(write));
      return;
    }
    const sessionId = request.sessionId;
    if (!this.#sessions.checkPassword(sessionId, request.passwd)) {
      this.logger.info(
        `refusing to resume session ${hexId(sessionId)} for ${connection.remote}: wrong password`,
      );
      connection.rejectHandshake();
      return;
    }
    if (this.#status.role === 'LEADING') {
      const valid = this.#sessions.touch(sessionId, now);
      if (valid) this.#holders.set(sessionId, this.ensemble.me.id);
      this.#resumed(connection, sessionId, valid);
      return;
    }
    // a learner asks the leader: only it knows whether the session is still alive
    this.#waits.revalidating(sessionId, connection);
    if (!this.peer.revalidate(sessionId, request.timeOut)) {
      connection.destroy();
      return;
    }
    this.#kick();
  }

  /** The outcome of a reconnect with a session id: the connection takes the session over, or is refused. */
  #resumed(connection: ClientConnection, sessionId: bigint, valid: boolean): void {
    if (connection.closed) return;
    if (!valid || !this.#sessions.has(sessionId)) {
      this.logger.info(
        `refusing to resume session ${hexId(sessionId)} for ${connection.remote}: session expired or unknown`,
      );
      connection.rejectHandshake();
      return;
    }
    const info = this.#sessions.get(sessionId);
    const timeout = info?.timeout ?? this.#sessions.minSessionTimeout;
    takeOverSession(this.#sessions, sessionId, connection, timeout, this.logger);
    // a read on the new connection must not overtake the session's writes still in flight here
    if (this.#hasWritesInFlight(sessionId)) {
      connection.holdUntilSessionWritesApplied();
      this.#waitingForWrites.set(sessionId, connection);
    }
    connection.sessionReady();
  }

  #hasWritesInFlight(sessionId: bigint): boolean {
    return this.#forwarded.has(sessionId) || (this.#propose?.hasSession(sessionId) ?? false);
  }

  // ------------------------------------------------------------------ writes

  submitWrite(write: PendingWrite): void {
    if (this.#readOnly) {
      refuseWrite(write, this.#tree.lastProcessedZxid, this.clock());
      return;
    }
    if (!this.#serving || this.#storage.failure !== undefined) {
      waiterOf(write)?.writeAbandoned(write);
      return;
    }
    if (this.#status.role === 'LEADING') {
      this.#leaderSubmit(write);
      return;
    }
    const payload = encodeForwardedRequest(write.cxid, write.request, write.authIds);
    const header = { origin: this.ensemble.me.id, sessionId: write.sessionId, cxid: write.cxid };
    if (!this.peer.forward(header, payload)) {
      waiterOf(write)?.writeAbandoned(write);
      return;
    }
    this.#forwarded.add(write);
    this.#kick();
  }

  /** Leader: prep (zxid from the peer) and propose; a session held on another member gets SessionMoved. */
  #leaderSubmit(write: PendingWrite, from = this.ensemble.me.id): void {
    const prep = this.#prep;
    if (prep === undefined || this.peer.nextZxid() === null) {
      waiterOf(write)?.writeAbandoned(write);
      return;
    }
    // the server's own writes (expiry, reaper) speak for no connection: they never moved
    if (write.origin.kind !== 'internal' && this.#holders.movedAway(write.sessionId, write.request, from)) {
      const moved: WriteInput = { type: OpCode.error, err: ErrorCode.SESSIONMOVED };
      prep.accept({ ...write, request: moved });
    } else {
      prep.accept(write);
    }
    this.#kick();
  }

  /** A client's sync: the leader has applied everything it committed; a learner asks the leader. */
  sync(done: () => void): void {
    if (this.#status.role === 'LEADING' || this.#readOnly) {
      done();
      return;
    }
    const token = this.#waits.sync(done);
    // not following: the connection is closed with the role change
    if (!this.peer.sync(token)) this.#waits.takeSync(token);
    this.#kick();
  }

  // ------------------------------------------------------------------ the Ready loop

  /** Processes the peer's batches in order until it has none; async steps (disk) finish before the next. */
  #kick(): void {
    if (this.#draining || this.#closing) return;
    this.#draining = true;
    // after this turn's reads: every message and write they brought makes one batch
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    const run = async (): Promise<void> => {
      try {
        for (;;) {
          if (this.#closing) return;
          const ready = this.peer.ready();
          if (readyIsEmpty(ready)) return;
          const pending = this.#handle(ready);
          if (pending !== undefined) await pending;
        }
      } catch (error) {
        this.#fatal(error instanceof Error ? error : new Error(String(error)));
      } finally {
        this.#draining = false;
      }
    };
    void run();
  }

  #handle(ready: Ready): Promise<void> | undefined {
    if (ready.state !== undefined) this.#stateChanged(ready.state);
    if (ready.persistEpochs.length > 0 || ready.truncate !== undefined || ready.installSnapshot !== undefined)
      return this.#handleDurably(ready);
    this.#handleRest(ready);
    return undefined;
  }

  async #handleDurably(ready: Ready): Promise<void> {
    for (const write of ready.persistEpochs) {
      await this.#storage.writeEpoch(write.name, write.epoch);
      this.peer.epochStored(write.name, write.epoch);
    }
    if (ready.truncate !== undefined) {
      const zxid = ready.truncate;
      this.logger.info(`truncating the log to ${hexId(zxid)} (TRUNC from the leader)`);
      this.#setTree(await this.#storage.truncate(zxid));
      this.peer.truncated(zxid);
    }
    if (ready.installSnapshot !== undefined) {
      const { zxid, snapshot } = ready.installSnapshot;
      this.logger.info(`installing the leader's snapshot at ${hexId(zxid)} (SNAP, ${snapshot.length} bytes)`);
      this.#setTree(await this.#storage.installSnapshot(zxid, snapshot));
      this.peer.snapshotInstalled(zxid);
    }
    this.#handleRest(ready);
  }

  #handleRest(ready: Ready): void {
    if (ready.entries.length > 0) {
      this.#storage.append(
        ready.entries,
        (zxid) => {
          this.peer.persisted(zxid);
          this.#kick();
        },
        () => this.#dropAllClients('the txn log failed'),
      );
      if (this.#serving) {
        for (let i = 0; i < ready.entries.length; i++)
          if (this.#snapshotTrigger.recordTxn()) this.#snapshotSoon();
      }
    }
    for (const txn of ready.apply) this.#apply(txn);
    for (const out of ready.messages) this.#send(out.to, out.message);
    for (const request of ready.hostRequests) this.#serve(request);
  }

  #send(to: number, message: ZabMessage): void {
    const link = message.type === 'NOTIFICATION' ? this.#transports.election : this.#transports.quorum;
    if (message.type !== 'PROPOSAL') {
      link.send(to, encodeZabMessage(message));
      return;
    }
    this.#proposals.record(message.entry.payload.length);
    // one proposal goes to every follower: encoded once
    if (this.#lastProposal?.entry !== message.entry)
      this.#lastProposal = { entry: message.entry, bytes: encodeZabMessage(message) };
    link.send(to, this.#lastProposal.bytes);
  }

  /** The same `DataTree.apply` for live commits, DIFF and replays; only committed txns answer clients. */
  #apply(item: ApplyTxn): void {
    const entry = item.entry;
    const proposal = item.committed ? this.#propose?.take(entry.zxid) : undefined;
    const txn = proposal?.txn ?? decodeTxn(entry.payload);
    const result = this.#tree.apply(txn);
    const body = txn.body;
    const now = this.clock();
    let write: PendingWrite | undefined;
    if (item.committed) {
      if (this.#status.role === 'LEADING') write = proposal?.write;
      else if (entry.header.origin === this.ensemble.me.id)
        write = this.#forwarded.take(txn.sessionId, txn.cxid);
    }
    const waiter = write === undefined ? undefined : waiterOf(write);
    if (body.type === OpCode.createSession) {
      this.#sessions.addSession(txn.sessionId, body.timeOut, now);
      if (this.#status.role === 'LEADING') this.#holders.set(txn.sessionId, entry.header.origin);
    } else if (body.type === OpCode.closeSession) {
      const owner = this.#sessions.ownerOf(txn.sessionId);
      this.#sessions.closeSession(txn.sessionId);
      this.#holders.delete(txn.sessionId);
      this.#reported.delete(txn.sessionId);
      if (owner !== undefined && owner !== waiter) owner.closeAfterOutput();
    }
    const events = result.events;
    for (let i = 0; i < events.length; i++) {
      const notification = events[i]!;
      notification.watcher.notify(notification.event);
    }
    if (write !== undefined) this.#maybeReleaseBarrier(txn.sessionId);
    if (write === undefined || waiter === undefined) return;
    if (body.type === OpCode.error && body.err === ErrorCode.SESSIONMOVED) {
      // ZooKeeper tears the connection down: its session is held by another member now
      waiter.writeAbandoned(write);
      return;
    }
    const prepared: PreparedWrite = Object.assign(write, { txn });
    waiter.writeApplied(prepared, result);
  }

  #maybeReleaseBarrier(sessionId: bigint): void {
    const waiting = this.#waitingForWrites.get(sessionId);
    if (waiting === undefined || this.#hasWritesInFlight(sessionId)) return;
    this.#waitingForWrites.delete(sessionId);
    waiting.releaseBarrier();
  }

  #serve(request: HostRequest): void {
    switch (request.kind) {
      case 'takeSnapshot':
        // normally the tree is exactly at request.zxid; if commits slipped in between, the snapshot
        // is fuzzy, which is fine: txns carry their results, and replaying them over it is
        // idempotent (ZooKeeper's SNAP sends a fuzzy snapshot too)
        this.peer.snapshotTaken(request.for, request.zxid, snapshotBytes(this.#tree));
        return;
      case 'readLog': {
        const snapshot = estimatedSnapshotBytes(this.#tree);
        const budget = logBytesWorthADiff(snapshot, this.config.snapshotSizeFactor);
        if (budget < 0) {
          // DIFFs from the log are off (snapshotSizeFactor < 0): behind the window means SNAP
          this.peer.logRead(request.for, undefined);
          return;
        }
        this.#storage.readLog(request.after, budget).then(
          (read) => {
            this.logger.info(
              read === undefined
                ? `learner ${request.for} is behind the txn log (after ${hexId(request.after)}): SNAP`
                : read === 'over budget'
                  ? `learner ${request.for}: the txns after ${hexId(request.after)} outweigh snapshotSizeFactor × the snapshot (~${snapshot} bytes): SNAP`
                  : `learner ${request.for}: ${read.entries.length} txns from the txn log after ${hexId(read.base)}`,
            );
            this.peer.logRead(request.for, read === 'over budget' ? undefined : read);
            this.#kick();
          },
          (error: Error) => {
            this.logger.error(
              `reading the log for ${request.for} failed: ${error.message}; sending a snapshot`,
            );
            this.peer.logRead(request.for, undefined);
            this.#kick();
          },
        );
        return;
      }
      case 'request': {
        let forwarded: ReturnType<typeof decodeForwardedRequest>;
        try {
          forwarded = decodeForwardedRequest(request.payload);
        } catch (error) {
          this.logger.warn(
            `dropping a malformed request forwarded by ${request.from}: ${(error as Error).message}`,
          );
          return;
        }
        this.#leaderSubmit(
          {
            origin: { kind: 'remote', memberId: request.from },
            sessionId: request.header.sessionId,
            cxid: request.header.cxid,
            request: forwarded.input,
            authIds: forwarded.authIds,
            txn: undefined,
          },
          request.from,
        );
        return;
      }
      case 'touchSessions': {
        const now = this.clock();
        for (const touch of request.touches) {
          if (this.#sessions.touch(touch.sessionId, now))
            this.#holders.touched(touch.sessionId, request.from);
        }
        return;
      }
      case 'revalidate': {
        const valid = this.#sessions.touch(request.sessionId, this.clock());
        if (valid) {
          this.#holders.set(request.sessionId, request.from);
          // its connection here, if any, is stale now: ZooKeeper lets it fail with SessionMoved
        }
        const timeout = this.#sessions.get(request.sessionId)?.timeout ?? request.timeout;
        this.peer.revalidated(request.from, request.sessionId, timeout, valid);
        return;
      }
      case 'disconnect':
        // a new stream: the learner sees the break, looks for the leader again and resyncs
        this.logger.info(`dropping learner ${request.peer} (unheard or behind for syncLimit)`);
        this.#transports.quorum.drop(request.peer);
        return;
      case 'revalidated': {
        const waiting = this.#waits.takeRevalidating(request.sessionId);
        if (request.valid) this.#refreshSession(request.sessionId, request.timeout);
        for (const connection of waiting) this.#resumed(connection, request.sessionId, request.valid);
        return;
      }
      case 'synced': {
        this.#waits.takeSync(request.token)?.();
        return;
      }
    }
  }

  /** A learner's record of a session the leader vouched for: alive for a full timeout from now. */
  #refreshSession(sessionId: bigint, timeout: number): void {
    const now = this.clock();
    if (this.#sessions.touch(sessionId, now)) return;
    const owner = this.#sessions.ownerOf(sessionId);
    this.#sessions.closeSession(sessionId);
    this.#sessions.addSession(sessionId, timeout, now);
    if (owner !== undefined) this.#sessions.attach(sessionId, owner);
  }

  // ------------------------------------------------------------------ roles

  #stateChanged(status: PeerStatus): void {
    const before = this.#status;
    this.#status = status;
    const serving = status.established && status.role !== 'LOOKING';
    const leaderBefore = before.role === 'LEADING' && this.#serving;
    this.logger.info(
      `${ROLES[status.role]}${status.leader !== null ? ` (leader ${status.leader})` : ''}, epoch ${status.epoch}${status.established ? ', established' : ''}`,
    );
    if (this.#serving && !(serving && before.role === status.role)) this.#dropAllClients('left its role');
    if (this.#readOnly && status.role !== 'LOOKING') this.#dropAllClients('leaving read-only mode');
    if (leaderBefore && !(serving && status.role === 'LEADING')) this.#stopLeading();
    this.#serving = serving;
    this.#readOnly = this.ensemble.readOnlyModeEnabled && status.role === 'LOOKING';
    if (serving && status.role === 'LEADING' && !leaderBefore) this.#startLeading();
  }

  #startLeading(): void {
    this.#leadingSince = this.clock();
    this.#proposals = new ProposalStats();
    this.#propose = new ProposeStage(this.peer, this.ensemble.me.id);
    const peer = this.peer;
    this.#prep = new PrepStage(this.#tree, () => this.clock(), this.logger, this.#propose, {
      next: () => {
        const zxid = peer.nextZxid();
        if (zxid === null) throw new Error('bug: prep without an established leadership');
        return zxid;
      },
      get last() {
        return (peer.nextZxid() ?? 1) - 1;
      },
    });
    // every session gets a full timeout from now to reach this new leader, as in ZooKeeper
    const old = this.#sessions;
    this.#sessions = this.#newTracker();
    const now = this.clock();
    this.#holders.clear();
    for (const info of old.sessions()) {
      this.#sessions.addSession(info.sessionId, info.timeout, now);
      if (info.owner !== undefined) this.#sessions.attach(info.sessionId, info.owner);
    }
    this.#scheduleExpiry();
  }

  #stopLeading(): void {
    this.#prep = undefined;
    this.#propose = undefined;
    this.#tree.discardPending();
    this.#expiry.stop();
  }

  /** Leaving a role (or a failed log): ZooKeeper closes every client; unanswered writes stay unanswered. */
  #dropAllClients(why: string): void {
    const count = this.#registry.connections.size;
    if (count > 0) this.logger.info(`closing ${count} client connections: ${why}`);
    for (const write of this.#forwarded.drain()) waiterOf(write)?.writeAbandoned(write);
    for (const write of this.#propose?.abandonWrites() ?? []) waiterOf(write)?.writeAbandoned(write);
    this.#waits.clear();
    this.#waitingForWrites.clear();
    this.#reported.clear();
    for (const connection of [...this.#registry.connections]) connection.destroy();
  }

  /** /zookeeper/config shows the membership, as on a ZooKeeper member (a SNAP or rebuild brings the leader's or none). */
  #publishConfig(tree: DataTree<WatchTarget>): void {
    tree.setEnsembleConfig(this.#configData, this.startedAt);
  }

  #setTree(tree: DataTree<WatchTarget>): void {
    this.#publishConfig(tree);
    this.#tree = tree;
    this.#sessions = this.#newTracker();
    this.#trackSessionsOfTree();
  }

  #newTracker(): SessionTracker<ClientConnection> {
    return new SessionTracker<ClientConnection>({
      serverId: this.ensemble.me.id,
      tickTime: this.config.tickTime,
      minSessionTimeout: this.config.minSessionTimeout,
      maxSessionTimeout: this.config.maxSessionTimeout,
      // the tracker wants whole ms (a manual clock may stand between them)
      now: Math.floor(this.clock()),
    });
  }

  #trackSessionsOfTree(): void {
    const now = this.clock();
    for (const [sessionId, timeout] of this.#tree.knownSessions()) {
      if (timeout > 0) this.#sessions.addSession(sessionId, timeout, now);
    }
  }

  // ------------------------------------------------------------------ time

  #tick(): void {
    const now = this.clock();
    this.peer.tick(now);
    if (this.#prep !== undefined) this.#scheduleExpiry();
    else if (this.#serving) this.#reportTouches();
    this.#kick();
  }

  /** Learner: the sessions its clients touched since the last report go to the leader with the next PING. */
  #reportTouches(): void {
    for (const connection of this.#registry.connections) {
      const sessionId = connection.sessionId;
      if (sessionId === 0n) continue;
      const info = this.#sessions.get(sessionId);
      if (info === undefined || info.closing || info.owner !== connection) continue;
      if (this.#reported.get(sessionId) === info.expiresAt) continue;
      this.#reported.set(sessionId, info.expiresAt);
      this.peer.touchSession(sessionId, info.timeout);
    }
  }

  #scheduleExpiry(): void {
    if (this.#prep !== undefined && !this.#closing) this.#expiry.scheduleAt(this.#sessions.nextExpiryTime());
  }

  /** Leader only: each expired session becomes a closeSession txn. */
  #expireSessions(): void {
    if (this.#prep === undefined) return;
    try {
      for (const sessionId of this.#sessions.expire(this.clock())) {
        this.stats.sessionsExpired++;
        this.logger.info(
          `expiring session ${hexId(sessionId)}, timeout of ${this.#sessions.get(sessionId)?.timeout ?? '?'}ms exceeded`,
        );
        this.#submitClose(sessionId);
      }
    } finally {
      this.#scheduleExpiry();
    }
  }

  /**
   * Expires a session now, as its timeout would (for tests). Only the leader expires sessions:
   * false on a learner, or when the session is unknown or already closing.
   */
  expireSession(sessionId: bigint): boolean {
    if (this.#prep === undefined) return false;
    if (!this.#sessions.has(sessionId) || this.#sessions.isClosing(sessionId)) return false;
    this.#sessions.setClosing(sessionId);
    this.logger.info(`expiring session ${hexId(sessionId)} on request`);
    this.#submitClose(sessionId);
    return true;
  }

  #submitClose(sessionId: bigint): void {
    this.#leaderSubmit({
      origin: INTERNAL_ORIGIN,
      sessionId,
      cxid: 0,
      request: { type: OpCode.closeSession },
      authIds: [],
      txn: undefined,
    });
  }

  #snapshotSoon(): void {
    if (this.#snapshotting !== undefined) return;
    // after this turn: what was appended so far is applied by then, or replayed from the log
    setImmediate(() => {
      if (this.#closing || !this.#serving) return;
      const started = this.clock();
      this.#snapshotting = this.#storage.snapshot(this.#tree).then(
        () => this.logger.info(`snapshot written in ${this.clock() - started}ms`),
        (error: Error) => this.logger.error(`snapshot failed: ${error.message}`),
      );
      void this.#snapshotting.finally(() => {
        this.#snapshotting = undefined;
      });
    });
  }

  // ------------------------------------------------------------------ quorum input

  #listen(transports: MemberTransports): void {
    const receive = (from: number, bytes: Uint8Array): void => {
      if (this.#closing) return;
      let message: ZabMessage;
      try {
        message = decodeZabMessage(bytes);
      } catch (error) {
        // bad quorum input never takes a member down: drop it and let the peer resync
        this.logger.warn(`dropping an undecodable quorum message from ${from}: ${(error as Error).message}`);
        this.peer.disconnected(from);
        this.#kick();
        return;
      }
      this.#guarded('quorum message', () => this.peer.receive(from, message));
      this.#kick();
    };
    transports.quorum.on('message', receive);
    if (transports.election !== transports.quorum) transports.election.on('message', receive);
    transports.quorum.on('disconnected', (peerId) => {
      if (this.#closing) return;
      this.peer.disconnected(peerId);
      this.#kick();
    });
  }

  #leaderFigures(): LeaderFigures {
    const counts = this.peer.learnerCounts;
    return {
      learners: counts.learners,
      syncedFollowers: counts.syncedFollowers,
      syncedNonVotingFollowers: 0,
      syncedObservers: counts.syncedObservers,
      proposalCount: this.#proposals.count,
      pendingSyncs: counts.syncing,
      diffCount: this.peer.syncsSent.diff,
      snapCount: this.peer.syncsSent.snap,
      leadingSince: this.#leadingSince,
      proposalSizes: { ...this.#proposals.sizes },
    };
  }

  /**
   * A half-done batch leaves tree, log and peer out of step: stop as a crash would (clients and
   * quorum links closed, nothing more acknowledged); the others go on without this member.
   */
  #fatal(error: Error): void {
    this.logger.error(`stopping this member: the Zab host loop failed: ${error.stack ?? error.message}`);
    this.#dropAllClients('the member stopped');
    void this.close(undefined, { crash: true }).finally(() => this.#onFatal?.(error));
  }

  #guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.error(`internal error in ${what}: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Stops: clients closed, timers stopped, quorum links closed. `crash` leaves the storage as
   * it is (what a killed process leaves behind: unflushed appends may be lost on a real disk);
   * otherwise it waits for pending flushes and closes it.
   */
  async close(listener: NetServer | undefined, options: { crash?: boolean } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#stopTicker();
    this.#expiry.stop();
    const stopped =
      listener === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => listener.close(() => resolve()));
    for (const connection of [...this.#registry.connections]) connection.destroy();
    const transports = this.#transports;
    await Promise.all([
      transports.quorum.close(),
      transports.election === transports.quorum ? undefined : transports.election.close(),
    ]);
    if (options.crash !== true) {
      if (this.#snapshotting !== undefined) await this.#snapshotting;
      try {
        await this.#storage.close();
      } catch (error) {
        this.logger.error(`closing storage failed: ${(error as Error).message}`);
      }
    }
    await stopped;
  }
}
