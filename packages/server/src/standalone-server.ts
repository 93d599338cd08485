import type { Server as NetServer, Socket } from 'node:net';
import { type ApplyResult, type DataTree, type Id, OpCode, writeSnapshot } from '@zkts/core';
import { type ConnectRequest, FrameWriter } from '@zkts/protocol';
import type { SessionTracker } from '@zkts/session';
import { SnapshotTrigger, type Storage } from '@zkts/storage';
import { ServerAuth } from './auth/server-auth';
import type { ServerConfig } from './config/index';
import { ClientConnection } from './connection/client-connection';
import type { ClientLink } from './connection/client-link';
import { ConnectionRegistry } from './connection/connection-registry';
import type { ServingHost } from './connection/serving-host';
import { beginNewSession, refuseClientAhead, takeOverSession } from './connection/session-handshake';
import { TcpLink } from './connection/tcp-link';
import { runFourLetterWord } from './four-letter-words/run-four-letter-word';
import { hexId } from './hex';
import type { Logger } from './logger';
import { ServerStats } from './metrics/server-stats';
import { yieldBetweenChunks } from './persistence/yield-between-chunks';
import {
  INTERNAL_ORIGIN,
  type PendingWrite,
  type PreparedWrite,
  type WatchTarget,
  waiterOf,
} from './pipeline/pending-write';
import { type StandalonePipeline, wireStandalonePipeline } from './pipeline/standalone-pipeline';
import { repeatEvery, type ServerEnvironment } from './server-environment';
import { SessionExpiryTimer } from './session-expiry-timer';

export interface StandaloneServerParts {
  config: ServerConfig;
  tree: DataTree<WatchTarget>;
  sessions: SessionTracker<ClientConnection>;
  /** Undefined: no persistence. */
  storage: Storage | undefined;
  logger: Logger;
  /** Clock, timers and the random source for the snapshot trigger's spacing. */
  environment: ServerEnvironment;
  /** How often the container/TTL reaper looks for nodes to delete, ms. */
  reaperIntervalMs: number;
  /** A connection without a ConnectRequest after this many ms is closed. */
  sessionlessConnectionTimeoutMs: number;
  /** Told once when the txn log fails (after which every write is refused). */
  onLogFailure?: ((error: Error) => void) | undefined;
  /** addauth providers, SASL users, x509; default: digest and ip only. */
  auth?: ServerAuth | undefined;
}

/**
 * The standalone host: it owns the tree, the sessions, the pipeline and the client connections,
 * and does every bit of I/O and timing they need (sockets, the session-expiry timer, the
 * container reaper, snapshots). The protocol rules live in core, session and protocol.
 */
export class StandaloneServer implements ServingHost {
  readonly config: ServerConfig;
  readonly auth: ServerAuth;
  readonly tree: DataTree<WatchTarget>;
  readonly sessions: SessionTracker<ClientConnection>;
  readonly storage: Storage | undefined;
  readonly logger: Logger;
  readonly stats = new ServerStats();
  readonly frames = new FrameWriter();
  readonly sessionlessConnectionTimeoutMs: number;
  readonly startedAt: number;
  readonly pipeline: StandalonePipeline;
  readonly environment: ServerEnvironment;
  private readonly registry: ConnectionRegistry;
  /** Writes submitted and not applied yet, per session. */
  private readonly pendingWrites = new Map<bigint, number>();
  /** Connections that took a session over while it had writes in the pipeline. */
  private readonly waitingForWrites = new Map<bigint, ClientConnection>();
  private readonly expiry: SessionExpiryTimer;
  private readonly stopReaper: (() => void) | undefined;
  private readonly stopPurge: (() => void) | undefined;
  private readonly snapshotTrigger: SnapshotTrigger | undefined;
  private snapshotInProgress: Promise<void> | undefined;
  private closing = false;
  lastSnapshotZxid = 0;
  /** ZooKeeper's trace mask as gtmk/stmk report and set it (default 306); zkts does not trace. */
  traceMask = 306;
  /** The client port actually bound (set once listening). */
  boundPort = 0;
  /** The TLS client port actually bound; −1 without one (as ZooKeeper's `conf` prints it). */
  boundSecurePort = -1;

  constructor(parts: StandaloneServerParts) {
    this.config = parts.config;
    this.auth = parts.auth ?? new ServerAuth();
    this.tree = parts.tree;
    this.sessions = parts.sessions;
    this.storage = parts.storage;
    this.logger = parts.logger;
    const environment = parts.environment;
    this.environment = environment;
    this.sessionlessConnectionTimeoutMs = parts.sessionlessConnectionTimeoutMs;
    this.startedAt = environment.now();
    this.registry = new ConnectionRegistry(parts.config, this.stats, parts.logger);
    this.expiry = new SessionExpiryTimer(environment, () =>
      this.guarded('session expiry', () => this.expireSessions()),
    );
    if (parts.storage !== undefined) {
      this.snapshotTrigger = new SnapshotTrigger({
        snapCount: parts.config.snapCount,
        random: () => environment.random(),
      });
    }
    this.pipeline = wireStandalonePipeline({
      tree: parts.tree,
      log: parts.storage?.log,
      clock: () => environment.now(),
      logger: parts.logger,
      lastZxid: parts.tree.lastProcessedZxid,
      onLogged: () => this.onLogged(),
      onFlushed: (batchSize, ms) => {
        this.stats.syncBatchSize.record(batchSize);
        this.stats.fsyncTime.record(ms);
      },
      onApplied: (write, result) => this.onApplied(write, result),
      onLogFailure: (error) => {
        this.stats.fsyncFailures++;
        // those writes will never be applied: do not hold reads back for them
        for (const connection of this.waitingForWrites.values()) connection.releaseBarrier();
        this.waitingForWrites.clear();
        parts.onLogFailure?.(error);
      },
    });
    this.scheduleExpiry();
    if (parts.reaperIntervalMs > 0) {
      this.stopReaper = repeatEvery(environment, parts.reaperIntervalMs, () =>
        this.guarded('container reaper', () => this.reap()),
      );
    }
    if (parts.storage !== undefined && parts.config.autopurgePurgeInterval > 0) {
      this.stopPurge = repeatEvery(
        environment,
        parts.config.autopurgePurgeInterval * 3_600_000,
        () => void this.purge(),
      );
    }
  }

  clock(): number {
    return this.environment.now();
  }

  lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  writesRefused(): boolean {
    return this.pipeline.log.failure !== undefined;
  }

  /** Requests received and not answered yet, over all connections. */
  get outstandingRequests(): number {
    return this.registry.outstanding;
  }

  get connections(): ReadonlySet<ClientConnection> {
    return this.registry.connections;
  }

  // ------------------------------------------------------------------ connections

  /**
   * A new TCP connection (a TLS one once its handshake is done, with the ids its certificate
   * proves): enforces maxClientCnxns per IP, then hands it to a ClientConnection.
   */
  accept(socket: Socket, transportIds: readonly Id[] = []): void {
    if (!this.admit(socket.remoteAddress ?? 'unknown')) {
      socket.destroy();
      return;
    }
    const connection = new ClientConnection(this, (owner) => new TcpLink(socket, owner, this, transportIds));
    this.registry.add(connection);
  }

  /**
   * A connection from this process (the in-process transport), counted as one from 127.0.0.1;
   * undefined when refused (closing, or maxClientCnxns reached).
   */
  openLink(
    remoteAddress: string,
    makeLink: (connection: ClientConnection) => ClientLink,
  ): ClientConnection | undefined {
    if (!this.admit(remoteAddress)) return undefined;
    const connection = new ClientConnection(this, makeLink);
    this.registry.add(connection);
    return connection;
  }

  /** Whether a new connection from `ip` may open (not closing, under maxClientCnxns); counts it. */
  private admit(ip: string): boolean {
    return !this.closing && this.registry.admit(ip);
  }

  connectionClosed(connection: ClientConnection): void {
    if (!this.registry.remove(connection)) return;
    this.tree.watches.removeWatcher(connection);
    if (connection.sessionId !== 0n) this.sessions.detach(connection.sessionId, connection);
  }

  handshake(connection: ClientConnection, request: ConnectRequest & { withReadOnly: boolean }): void {
    if (refuseClientAhead(connection, request.lastZxidSeen, this.tree.lastProcessedZxid, this.logger)) return;
    const now = this.clock();
    if (request.sessionId === 0n) {
      if (this.writesRefused()) {
        connection.destroy();
        return;
      }
      beginNewSession(this.sessions, connection, request.timeOut, now, (write) => this.submitWrite(write));
      this.scheduleExpiry();
      return;
    }
    const outcome = this.sessions.revalidate(request.sessionId, request.passwd, now);
    if (outcome.outcome !== 'ok') {
      this.logger.info(
        `refusing to resume session ${hexId(request.sessionId)} for ${connection.remote}: ${outcome.outcome === 'bad-password' ? 'wrong password' : 'session expired or unknown'}`,
      );
      connection.rejectHandshake();
      return;
    }
    takeOverSession(this.sessions, request.sessionId, connection, outcome.timeout, this.logger);
    // (after a log failure the pending writes will never be applied: nothing to wait for)
    if (!this.writesRefused() && (this.pendingWrites.get(request.sessionId) ?? 0) > 0) {
      connection.holdUntilSessionWritesApplied();
      this.waitingForWrites.set(request.sessionId, connection);
    }
    connection.sessionReady();
  }

  requestQueued(): void {
    this.registry.requestQueued();
  }

  requestDone(): void {
    this.registry.requestDone();
  }

  throttleIfBusy(connection: ClientConnection): void {
    this.registry.throttleIfBusy(connection);
  }

  scheduleOutput(connection: ClientConnection): void {
    this.registry.scheduleOutput(connection);
  }

  runFourLetterWord(word: string, argument?: Buffer): string {
    return runFourLetterWord(this, word, argument);
  }

  // ------------------------------------------------------------------ pipeline

  /** Standalone, this tree is the only one: every committed write is applied already. */
  sync(done: () => void): void {
    done();
  }

  submitWrite(write: PendingWrite): void {
    const pending = this.pendingWrites;
    pending.set(write.sessionId, (pending.get(write.sessionId) ?? 0) + 1);
    this.pipeline.prep.accept(write);
  }

  private writeLeftPipeline(sessionId: bigint): void {
    const left = (this.pendingWrites.get(sessionId) ?? 1) - 1;
    if (left > 0) {
      this.pendingWrites.set(sessionId, left);
      return;
    }
    this.pendingWrites.delete(sessionId);
    const waiting = this.waitingForWrites.get(sessionId);
    if (waiting !== undefined) {
      this.waitingForWrites.delete(sessionId);
      waiting.releaseBarrier();
    }
  }

  private onApplied(write: PreparedWrite, result: ApplyResult<WatchTarget>): void {
    const body = write.txn.body;
    const waiter = waiterOf(write);
    if (body.type === OpCode.closeSession) {
      const owner = this.sessions.ownerOf(write.sessionId);
      this.sessions.closeSession(write.sessionId);
      if (owner !== undefined && owner !== waiter) owner.closeAfterOutput();
    }
    const events = result.events;
    for (let i = 0; i < events.length; i++) {
      const notification = events[i]!;
      notification.watcher.notify(notification.event);
    }
    waiter?.writeApplied(write, result);
    this.writeLeftPipeline(write.sessionId);
  }

  private onLogged(): void {
    if (this.snapshotTrigger?.recordTxn()) {
      this.storage!.log.roll();
      // after this turn: the txns appended so far are applied by then or replayed from the log
      setImmediate(() => {
        if (!this.closing) void this.takeSnapshot();
      });
    }
  }

  // ------------------------------------------------------------------ sessions

  private scheduleExpiry(): void {
    if (!this.closing) this.expiry.scheduleAt(this.sessions.nextExpiryTime());
  }

  private expireSessions(): void {
    try {
      for (const sessionId of this.sessions.expire(this.clock())) {
        const info = this.sessions.get(sessionId);
        this.stats.sessionsExpired++;
        this.logger.info(
          `expiring session ${hexId(sessionId)}, timeout of ${info?.timeout ?? '?'}ms exceeded`,
        );
        this.submitExpiry(sessionId);
      }
    } finally {
      this.scheduleExpiry();
    }
  }

  /**
   * Expires a session now, exactly as its timeout would (for tests): it refuses packets from
   * here on, a closeSession txn deletes its ephemerals and fires their watches, and its
   * connection is closed once that applied, so the client is told Expired when it reconnects.
   * False when the session is unknown or already closing.
   */
  expireSession(sessionId: bigint): boolean {
    if (!this.sessions.has(sessionId) || this.sessions.isClosing(sessionId)) return false;
    this.sessions.setClosing(sessionId);
    this.logger.info(`expiring session ${hexId(sessionId)} on request`);
    this.submitExpiry(sessionId);
    return true;
  }

  /** The closeSession txn of an expiry: no connection waits for its reply. */
  private submitExpiry(sessionId: bigint): void {
    this.submitWrite({
      origin: INTERNAL_ORIGIN,
      sessionId,
      cxid: 0,
      request: { type: OpCode.closeSession },
      authIds: [],
      txn: undefined,
    });
  }

  /** Runs a timer's work; a bug in it is logged instead of taking the process down. */
  private guarded(what: string, work: () => unknown): void {
    try {
      work();
    } catch (error) {
      this.logger.error(`internal error in ${what}: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  // ------------------------------------------------------------------ containers and TTL nodes

  /** Submits a deleteContainer write for each container or TTL node due for removal (prep re-checks). */
  reap(): number {
    if (this.writesRefused()) return 0;
    const candidates = this.tree.reapCandidates(this.clock());
    for (const request of candidates) {
      this.submitWrite({
        origin: INTERNAL_ORIGIN,
        sessionId: 0n,
        cxid: 0,
        request,
        authIds: [],
        txn: undefined,
      });
    }
    return candidates.length;
  }

  // ------------------------------------------------------------------ persistence

  /**
   * Writes a fuzzy snapshot: the tree is streamed chunk by chunk while writes go on, which is
   * correct because replaying the log from the snapshot's start zxid is idempotent.
   */
  takeSnapshot(): Promise<void> {
    const storage = this.storage;
    if (storage === undefined) return Promise.resolve();
    if (this.snapshotInProgress !== undefined) return this.snapshotInProgress;
    const zxid = this.tree.lastProcessedZxid;
    const started = this.clock();
    const run = storage.snapshots.write(zxid, yieldBetweenChunks(writeSnapshot(this.tree))).then(
      (info) => {
        this.stats.snapshotTime.record(this.clock() - started);
        this.lastSnapshotZxid = zxid;
        this.logger.info(`snapshot ${info.name} written in ${this.clock() - started}ms`);
      },
      (error: Error) => {
        this.logger.error(`snapshot at zxid ${hexId(zxid)} failed: ${error.message}`);
      },
    );
    this.snapshotInProgress = run.finally(() => {
      this.snapshotInProgress = undefined;
    });
    return this.snapshotInProgress;
  }

  private async purge(): Promise<void> {
    try {
      const result = await this.storage!.purge({ retainCount: this.config.autopurgeSnapRetainCount });
      const deleted = result.deletedSnapshots.length + result.deletedLogs.length;
      if (deleted > 0) this.logger.info(`autopurge deleted ${deleted} old snapshot and log files`);
    } catch (error) {
      this.logger.error(`autopurge failed: ${(error as Error).message}`);
    }
  }

  // ------------------------------------------------------------------ shutdown

  /** Stops accepting, closes every connection, waits for durable writes, and closes storage. */
  async close(listeners: readonly NetServer[]): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.expiry.stop();
    this.stopReaper?.();
    this.stopPurge?.();
    const stopped = Promise.all(
      listeners.map((listener) => new Promise<void>((resolve) => listener.close(() => resolve()))),
    );
    for (const connection of [...this.connections]) connection.destroy();
    await this.pipeline.log.idle();
    if (this.snapshotInProgress !== undefined) await this.snapshotInProgress;
    if (this.storage !== undefined) {
      try {
        await this.storage.close();
      } catch (error) {
        this.logger.error(`closing storage failed: ${(error as Error).message}`);
      }
    }
    await stopped;
  }
}
