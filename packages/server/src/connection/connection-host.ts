import type { DataTree } from '@zkts/core';
import type { ConnectRequest, FrameWriter } from '@zkts/protocol';
import type { SessionTracker } from '@zkts/session';
import type { ServerAuth } from '../auth/server-auth';
import type { ServerConfig } from '../config/index';
import type { Logger } from '../logger';
import type { ServerStats } from '../metrics/server-stats';
import type { PendingWrite, WatchTarget } from '../pipeline/pending-write';
import type { ServerEnvironment } from '../server-environment';
import type { ClientConnection } from './client-connection';

/** What a client connection needs from the server that holds it. */
export interface ConnectionHost {
  readonly tree: DataTree<WatchTarget>;
  readonly sessions: SessionTracker<ClientConnection>;
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly stats: ServerStats;
  /** addauth, SASL and the ACL schemes they bring. */
  readonly auth: ServerAuth;
  /** Shared encoder: each connection takes its frames right after writing them. */
  readonly frames: FrameWriter;
  /** A new connection that sends no ConnectRequest within this many ms is closed. */
  readonly sessionlessConnectionTimeoutMs: number;
  /** A member cut off from its quorum serving reads only (readonlymode.enabled): ConnectResponse says so. */
  readonly readOnly?: boolean;
  /** Clock and timers (the handshake timeout). */
  readonly environment: ServerEnvironment;
  /** Wall-clock ms (txn times, session expiry, latencies). */
  clock(): number;
  /** The zxid of the last applied txn: reads, pings and the handshake check use it. */
  lastProcessedZxid(): number;
  /** A new connection's ConnectRequest: create or resume a session (may complete later). */
  handshake(connection: ClientConnection, request: ConnectRequest & { withReadOnly: boolean }): void;
  /** Sends a write into the pipeline. */
  submitWrite(write: PendingWrite): void;
  /**
   * A client's sync: calls `done` once this server has applied every write committed before
   * it (standalone: at once; the connection answers it behind the session's earlier writes).
   */
  sync(done: () => void): void;
  /** Whether writes are refused (the txn log failed). */
  writesRefused(): boolean;
  /** A request entered / left some connection's queue (globalOutstandingLimit). */
  requestQueued(): void;
  requestDone(): void;
  /** After a socket read: stop reading from this connection while too much is outstanding. */
  throttleIfBusy(connection: ClientConnection): void;
  /** The connection has frames to send: flush them at the end of this turn. */
  scheduleOutput(connection: ClientConnection): void;
  /** Answers a four-letter word already checked against the whitelist (`argument`: the bytes after it). */
  runFourLetterWord(word: string, argument?: Buffer): string;
  connectionClosed(connection: ClientConnection): void;
}
