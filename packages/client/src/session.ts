import type { ClientRequest, ClientResponse, WatcherEvent } from '@zkts/core';
import { ErrorCode, EventType, OpCode, Xid } from '@zkts/core';
import type { ServerAddress } from './connect-string';
import { Connection, type HandshakeResult, type PendingRequest } from './connection';
import type { ConnectionState } from './connection-state';
import { isConnected, isTerminal } from './connection-state';
import type { Environment } from './environment';
import { ClientClosedError } from './errors/client-closed-error';
import {
  AuthFailedError,
  BadArgumentsError,
  ConnectionLossError,
  SessionExpiredError,
} from './errors/error-classes';
import { errorForCode } from './errors/error-for-code';
import { formatAddress, HostList } from './host-list';
import { openMessageStream } from './open-message-stream';
import { isReadWriteServer } from './read-write-probe';
import { RequestEntry, type SubmitOptions } from './request-entry';
import { DigestMd5Client, type SaslOptions } from './sasl-digest-md5';
import { setWatchesBatches } from './set-watches-batches';
import type { AnyTransport, MessageStream } from './transport';
import { WatchRegistry } from './watch-registry';

export interface AuthInfo {
  scheme: string;
  auth: Uint8Array;
}

export interface SessionConfig {
  servers: readonly ServerAddress[];
  sessionTimeout: number;
  /** Deadline for opening a stream and completing the handshake with one server. */
  connectTimeout: number;
  readOnly: boolean;
  authInfo: AuthInfo[];
  transport: AnyTransport;
  env: Environment;
  maxPacketLength: number;
  /** Upper bound of the random pause after every server of the list failed once. */
  reconnectDelay: number;
  /** Re-register watches after a reconnect (the Java client's default). */
  autoWatchReset: boolean;
  /** Resume an existing session instead of creating one. */
  resume?: { sessionId: bigint; password: Uint8Array } | undefined;
  /** Connection traces, when wanted. */
  trace?: ((message: string) => void) | undefined;
  /** SASL DIGEST-MD5 on every connection, before anything else is sent. */
  sasl?: SaslOptions | undefined;
}

const ZERO_PASSWORD = new Uint8Array(16);

interface AuthWaiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The session engine: finds a server, performs the handshake (resuming the session after the
 * first one), re-sends auth and re-registers watches, queues requests while disconnected,
 * and decides expiry (told by the server, or after a whole session timeout without contact).
 * `onState` reports every state change.
 */
export class Session {
  readonly registry = new WatchRegistry();
  state: ConnectionState = { type: 'connecting' };
  sessionId = 0n;
  password: Uint8Array = ZERO_PASSWORD;
  negotiatedTimeout = 0;
  lastZxid = 0;

  private hosts: HostList;
  private readonly authInfo: AuthInfo[];
  private connection: Connection | undefined;
  private attemptConnection: Connection | undefined;
  private waiting: RequestEntry[] = [];
  /** Reads waiting out a retry backoff, with their timers (failed if the session ends first). */
  private readonly backingOff = new Map<RequestEntry, unknown>();
  /** One per auth packet on the current connection, in send order (auth replies keep that order). */
  private authWaiters: AuthWaiter[] = [];
  /** Callers of addAuth made while disconnected, answered by the next connection's auth replies. */
  private readonly authPending = new Map<AuthInfo, AuthWaiter[]>();
  private nextXid = 1;
  private expiryTimer: unknown;
  private wake: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  /** False while every session so far came from a read-only server (see searchReadWriteServer). */
  private seenReadWriteServer = false;

  constructor(
    private readonly config: SessionConfig,
    private readonly onState: (state: ConnectionState, previous: ConnectionState) => void,
  ) {
    this.hosts = new HostList(config.servers, config.env.random);
    this.authInfo = [...config.authInfo];
    if (config.resume) {
      this.sessionId = config.resume.sessionId;
      this.password = config.resume.password;
      this.seenReadWriteServer = true;
    }
  }

  /** Starts the connect loop; call once, after listeners are attached. */
  start(): void {
    this.run().catch((error: unknown) => {
      // Only a bug gets here; end the session loudly rather than leave callers waiting forever.
      this.finish(
        { type: 'expired', error: new SessionExpiredError('the connect loop failed', { cause: error }) },
        undefined,
      );
    });
  }

  get terminal(): boolean {
    return isTerminal(this.state);
  }

  /** Sends a request now, or when the next connection is up; settles with its reply. */
  submit(request: ClientRequest, options?: SubmitOptions): Promise<ClientResponse | undefined> {
    return new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        const waitingAt = this.waiting.indexOf(entry);
        if (waitingAt >= 0) this.waiting.splice(waitingAt, 1); // never sent
        entry.retriesLeft = 0;
        entry.fail(abortReason(signal));
      };
      const settled =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          settle(value);
        };
      const entry = new RequestEntry(request, options, settled(resolve), settled(reject));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.terminal || this.closing) {
        entry.fail(this.terminalError());
      } else if (this.connection && isConnected(this.state)) {
        this.transmit(this.connection, entry);
      } else {
        this.waiting.push(entry);
      }
    });
  }

  /** Adds credentials for this and every later connection; settles with the server's answer. */
  addAuth(info: AuthInfo): Promise<void> {
    if (this.terminal || this.closing) return Promise.reject(this.terminalError());
    this.authInfo.push(info);
    const connection = this.connection;
    if (!connection || !isConnected(this.state)) {
      // Sent right after the next handshake; settles with that reply.
      return new Promise((resolve, reject) => {
        this.authPending.set(info, [...(this.authPending.get(info) ?? []), { resolve, reject }]);
      });
    }
    return new Promise((resolve, reject) => {
      this.authWaiters.push({ resolve, reject });
      connection.send(Xid.auth, authRequest(info));
    });
  }

  /**
   * Replaces the server list (after an ensemble reconfiguration). The session moves only when
   * its current server left the list; the Java client also moves a random share of clients to
   * new servers to rebalance, which this does not do.
   */
  updateServers(servers: readonly ServerAddress[]): void {
    this.hosts = new HostList(servers, this.config.env.random);
    const current =
      this.state.type === 'connected' || this.state.type === 'connected-read-only'
        ? this.state.server
        : undefined;
    if (current !== undefined && !servers.some((server) => formatAddress(server) === current)) {
      this.connection?.close(new ConnectionLossError(`${current} is no longer in the server list`));
    }
  }

  /** Re-registers (setWatches) the watches this client holds at one path, after a removal there. */
  rearmWatches(serverPath: string): void {
    const connection = this.connection;
    if (!connection || !isConnected(this.state)) return; // the reconnect will re-register them
    const paths = this.registry.pathsAt(serverPath);
    for (const batch of setWatchesBatches(paths, this.lastZxid)) {
      connection.send(Xid.setWatches, { type: batch.type, ...batch.request });
    }
  }

  /** Sends closeSession (when connected) and ends the session. Idempotent. */
  close(): Promise<void> {
    if (this.terminal) return Promise.resolve();
    this.closing ??= (async () => {
      if (this.connection && isConnected(this.state)) {
        const connection = this.connection;
        const { env } = this.config;
        await new Promise<void>((resolve) => {
          const timer = env.setTimeout(resolve, Math.min(this.negotiatedTimeout, 2000));
          const done = () => {
            env.clearTimeout(timer);
            resolve();
          };
          this.transmit(connection, new RequestEntry({ type: OpCode.closeSession }, undefined, done, done));
        });
      }
      this.finish({ type: 'closed' }, new ClientClosedError());
    })();
    return this.closing;
  }

  private terminalError(): Error {
    switch (this.state.type) {
      case 'expired':
      case 'auth-failed':
        return this.state.error;
      default:
        return new ClientClosedError();
    }
  }

  private transmit(connection: Connection, entry: RequestEntry): void {
    entry.xid = this.nextXid;
    this.nextXid = this.nextXid >= 0x7fffffff ? 1 : this.nextXid + 1;
    try {
      connection.send(entry.xid, entry.request, entry);
    } catch (error) {
      // refused by the link: unencodable, or over the packet limit (which would cost the connection)
      entry.fail(
        BadArgumentsError.isInstance(error)
          ? new BadArgumentsError(error.message, { path: entry.options?.path })
          : error instanceof Error
            ? error
            : new Error(String(error)),
      );
    }
  }

  private async run(): Promise<void> {
    const { env } = this.config;
    let failuresInRound = 0;
    while (!this.terminal) {
      const { server, wrapped } = this.hosts.next();
      if (wrapped && failuresInRound >= this.hosts.size) {
        // Every server failed once: pause a random moment so a crowd of clients spreads out.
        await this.sleep(env.random() * this.config.reconnectDelay);
        if (this.terminal) break;
      }
      if (wrapped) failuresInRound = 0;
      const established = await this.attempt(server);
      failuresInRound = established ? 0 : failuresInRound + 1;
    }
  }

  /** One connection attempt; resolves when that connection is over. True if it was established. */
  private async attempt(server: ServerAddress): Promise<boolean> {
    const { env, transport, connectTimeout, trace } = this.config;
    trace?.(
      `connecting to ${formatAddress(server)} (session 0x${this.sessionId.toString(16)}, last zxid 0x${this.lastZxid.toString(16)})`,
    );
    let stream: MessageStream | undefined;
    try {
      stream = await new Promise((resolve, reject) => {
        let settled = false;
        const timer = env.setTimeout(() => {
          settled = true;
          reject(new ConnectionLossError(`connect to ${formatAddress(server)} timed out`));
        }, connectTimeout);
        openMessageStream(transport, server.host, server.port, this.config.maxPacketLength).then(
          (opened) => {
            env.clearTimeout(timer);
            if (settled) opened.close();
            else resolve(opened);
          },
          (error) => {
            env.clearTimeout(timer);
            if (!settled) reject(error);
          },
        );
      });
    } catch (error) {
      trace?.(
        `cannot connect to ${formatAddress(server)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
    if (!stream) return false;
    if (this.terminal || this.closing) {
      stream.close();
      return false;
    }
    const opened = stream;
    let established = false;
    await new Promise<void>((resolve) => {
      const connection: Connection = new Connection(
        opened,
        env,
        {
          handshake: (result) => {
            established = this.onHandshake(connection, result, server);
          },
          notification: (event) => this.onNotification(event),
          zxid: (zxid) => {
            if (zxid > this.lastZxid) this.lastZxid = zxid;
          },
          authReply: (err) => this.onAuthReply(err),
          lost: (reason, unanswered) => {
            this.onLost(connection, reason, unanswered);
            resolve();
          },
        },
        { connectTimeout },
      );
      this.attemptConnection = connection;
      connection.sendHandshake({
        protocolVersion: 0,
        lastZxidSeen: this.lastZxid,
        timeOut: this.config.sessionTimeout,
        // A session made by a read-only server is unknown to the quorum: until a read-write
        // server has been seen, ask it for a new one rather than be told "expired".
        sessionId: this.seenReadWriteServer ? this.sessionId : 0n,
        passwd: this.seenReadWriteServer ? this.password : ZERO_PASSWORD,
        readOnly: this.config.readOnly,
      });
    });
    this.attemptConnection = undefined;
    return established;
  }

  private onHandshake(connection: Connection, result: HandshakeResult, server: ServerAddress): boolean {
    if (this.terminal) {
      connection.close(this.terminalError());
      return false;
    }
    if (result.timeOut <= 0) {
      const id = this.sessionId;
      this.finish(
        { type: 'expired', error: new SessionExpiredError(`session 0x${id.toString(16)} has expired`) },
        undefined,
      );
      connection.close(new SessionExpiredError('session expired'));
      return false;
    }
    this.env().clearTimeout(this.expiryTimer);
    this.sessionId = result.sessionId;
    this.password = result.passwd;
    this.negotiatedTimeout = result.timeOut;
    this.connection = connection;
    connection.startHeartbeat(result.timeOut);
    const sasl = this.config.sasl;
    if (sasl === undefined) {
      this.ready(connection, result, server);
    } else {
      // Like the Java client: nothing else goes out until SASL is done; the state stays
      // connecting, so requests wait in the queue.
      this.authenticateSasl(connection, new DigestMd5Client(sasl)).then(
        () => {
          if (this.connection === connection && !this.terminal) this.ready(connection, result, server);
        },
        (error: Error) => {
          if (this.connection !== connection || this.terminal) return;
          if (AuthFailedError.isInstance(error)) this.finish({ type: 'auth-failed', error }, undefined);
          else connection.close(error);
        },
      );
    }
    return true;
  }

  /** SASL tokens back and forth until the exchange completes; rejects with AuthFailedError when refused. */
  private async authenticateSasl(connection: Connection, client: DigestMd5Client): Promise<void> {
    let serverToken: Uint8Array | undefined;
    for (;;) {
      const token = client.evaluate(serverToken);
      if (token instanceof Error) {
        throw new AuthFailedError(`SASL DIGEST-MD5: ${token.message}`);
      }
      if (token === undefined) return;
      const response = await new Promise<ClientResponse | undefined>((resolve, reject) => {
        this.transmit(connection, new RequestEntry({ type: OpCode.sasl, token }, undefined, resolve, reject));
      }).catch((error: unknown) => {
        if (AuthFailedError.isInstance(error)) {
          throw new AuthFailedError('the server rejected the SASL credentials and closed the connection', {
            cause: error,
          });
        }
        throw error;
      });
      serverToken = response?.type === OpCode.sasl ? response.token : undefined;
      if (client.complete) return;
    }
  }

  /** The session is up (and SASL done): auth, watches, then what waited; state connected. */
  private ready(connection: Connection, result: HandshakeResult, server: ServerAddress): void {
    // Auth first, then watch re-registration, then whatever queued while disconnected: the
    // server handles them in this order, so re-armed watches are checked with our identities.
    for (const info of this.authInfo) {
      const callers = this.authPending.get(info) ?? [];
      this.authPending.delete(info);
      this.authWaiters.push({
        resolve: () => {
          for (const caller of callers) caller.resolve();
        },
        reject: (error) => {
          for (const caller of callers) caller.reject(error);
        },
      });
      connection.send(Xid.auth, authRequest(info));
    }
    if (this.config.autoWatchReset && !this.registry.isEmpty) {
      for (const batch of setWatchesBatches(this.registry.paths(), this.lastZxid)) {
        connection.send(Xid.setWatches, { type: batch.type, ...batch.request });
      }
    }
    const waiting = this.waiting;
    this.waiting = [];
    for (const entry of waiting) this.transmit(connection, entry);
    const address = formatAddress(server);
    this.setState(
      result.readOnly
        ? {
            type: 'connected-read-only',
            server: address,
            sessionId: result.sessionId,
            timeout: result.timeOut,
          }
        : { type: 'connected', server: address, sessionId: result.sessionId, timeout: result.timeOut },
    );
    if (result.readOnly) void this.searchReadWriteServer(connection, server);
    else this.seenReadWriteServer = true;
  }

  /**
   * While connected to a read-only server, keeps asking the others (`isro`, backing off from
   * 100 ms to 60 s) and moves to the first that serves writes, as the Java client does.
   */
  private async searchReadWriteServer(connection: Connection, current: ServerAddress): Promise<void> {
    const { env, transport, connectTimeout } = this.config;
    let delay = 100;
    while (this.connection === connection && !this.terminal) {
      await new Promise<void>((resolve) => env.setTimeout(resolve, delay));
      for (const candidate of this.hosts.servers) {
        if (this.connection !== connection) return;
        if (candidate === current) continue;
        if (await isReadWriteServer(transport, candidate, env, connectTimeout)) {
          if (this.connection !== connection) return;
          this.hosts.prefer(candidate);
          connection.close(
            new ConnectionLossError(`moving to the read-write server ${formatAddress(candidate)}`),
          );
          return;
        }
      }
      delay = Math.min(delay * 2, 60_000);
    }
  }

  private onNotification(event: WatcherEvent): void {
    if (event.type === EventType.None) return;
    this.registry.dispatch(event.type, event.path);
  }

  private onAuthReply(err: number): void {
    const waiter = this.authWaiters.shift();
    if (err === ErrorCode.OK) {
      waiter?.resolve();
      return;
    }
    const error =
      err === ErrorCode.AUTHFAILED
        ? new AuthFailedError('the server rejected the credentials and closed the connection')
        : errorForCode(err);
    waiter?.reject(error);
    if (err === ErrorCode.AUTHFAILED) this.finish({ type: 'auth-failed', error }, undefined);
  }

  private onLost(connection: Connection, reason: Error, unanswered: PendingRequest[]): void {
    // The state changes first: whoever sees a request fail with ConnectionLoss (or a 'state'
    // listener) finds the client disconnected already, so `connected()` waits for the next
    // connection instead of resolving at once and sending the retry into the dead link.
    const current = connection === this.connection;
    if (current) {
      this.connection = undefined;
      if (!this.terminal && !this.closing) this.suspend(connection, reason);
    }
    const retried: RequestEntry[] = [];
    for (const entry of unanswered) {
      if (entry instanceof RequestEntry && entry.retriesLeft > 0 && !this.terminal && !this.closing) {
        const backoff = entry.options?.backoff;
        const attempt = (entry.options?.retries ?? 0) - entry.retriesLeft;
        entry.retriesLeft--;
        if (backoff && backoff.baseDelay > 0)
          this.resendLater(entry, backoffDelay(backoff, attempt, this.env().random));
        else retried.push(entry);
      } else {
        entry.fail(reason);
      }
    }
    // ahead of anything a 'state' listener queued meanwhile: retried reads keep their place
    this.waiting.unshift(...retried);
    for (const waiter of this.authWaiters.splice(0)) waiter.reject(reason);
    if (current && !this.terminal && this.closing) this.finish({ type: 'closed' }, new ClientClosedError());
  }

  /** The connection is gone but the session may live: `disconnected`, with the expiry deadline armed. */
  private suspend(connection: Connection, reason: Error): void {
    // The server expires the session one timeout after it last heard from us; past that point
    // no reconnect can save it, so say so rather than keep the application waiting.
    const deadline = Math.max(0, connection.lastReceived + this.negotiatedTimeout - this.env().now());
    this.expiryTimer = this.env().setTimeout(() => {
      if (this.connection || this.terminal) return;
      this.finish(
        {
          type: 'expired',
          error: new SessionExpiredError(
            `no server reachable within the session timeout (${this.negotiatedTimeout} ms): the session is presumed expired`,
          ),
        },
        undefined,
      );
    }, deadline);
    this.setState({ type: 'disconnected', reason });
  }

  /** Re-submits a retried read after its backoff: sent at once if connected, else queued. */
  private resendLater(entry: RequestEntry, delay: number): void {
    const timer = this.env().setTimeout(() => {
      this.backingOff.delete(entry);
      if (entry.settled) return; // aborted meanwhile
      if (this.terminal || this.closing) entry.fail(this.terminalError());
      else if (this.connection && isConnected(this.state)) this.transmit(this.connection, entry);
      else this.waiting.push(entry);
    }, delay);
    this.backingOff.set(entry, timer);
  }

  /** Enters a terminal state: every queued and in-flight request and every watch fails. */
  private finish(state: ConnectionState, error: Error | undefined): void {
    if (this.terminal) return;
    const failure =
      error ?? ('error' in state ? state.error : new SessionExpiredError('the session is over'));
    this.env().clearTimeout(this.expiryTimer);
    this.setState(state);
    const connection = this.connection ?? this.attemptConnection;
    this.connection = undefined;
    connection?.close(failure);
    this.attemptConnection?.close(failure);
    for (const entry of this.waiting.splice(0)) entry.fail(failure);
    for (const [entry, timer] of this.backingOff) {
      this.env().clearTimeout(timer);
      entry.fail(failure);
    }
    this.backingOff.clear();
    for (const waiter of this.authWaiters.splice(0)) waiter.reject(failure);
    for (const callers of this.authPending.values()) for (const caller of callers) caller.reject(failure);
    this.authPending.clear();
    // Closing on purpose ends watches quietly (one-shot ones resolve with a 'closed' event, so a
    // `watch.then(cb)` without a catch does not crash the program); a lost session makes them throw.
    if (state.type === 'closed') this.registry.closeAll();
    else this.registry.cancelAll(failure);
    this.wake?.();
  }

  private setState(state: ConnectionState): void {
    const previous = this.state;
    this.state = state;
    this.onState(state, previous);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.env().setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.env().clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private env(): Environment {
    return this.config.env;
  }
}

/** Retry `attempt` (from 0): a random delay in [½, 1] × min(maxDelay, baseDelay × 2^attempt). */
export function backoffDelay(
  policy: { baseDelay: number; maxDelay: number },
  attempt: number,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelay, policy.baseDelay * 2 ** attempt);
  return ceiling * (0.5 + random() / 2);
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('the operation was aborted', 'AbortError');
}

/** AuthPacket{type: 0, scheme, auth}; the record's own `type` field is always 0 on the wire. */
function authRequest(info: AuthInfo): ClientRequest {
  return { type: OpCode.auth, authType: 0, scheme: info.scheme, auth: info.auth };
}
