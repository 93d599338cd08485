import { type ConnectionState, systemEnvironment, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';

/** Opens a new session: a client (connecting or connected), or a promise of one. */
export type Connect = () => ZooKeeperClient | Promise<ZooKeeperClient>;

export interface RenewingSessionEvents {
  /** A session is connected: the first one, and a new one after each expiry. */
  session: [client: ZooKeeperClient];
  /** `client`'s session expired: its ephemeral nodes and watches are gone. */
  expired: [client: ZooKeeperClient];
  /** No session will follow: closed, authentication failed, or (a single client) its session ended. */
  ended: [];
}

/** How long to wait before trying `connect` again after it failed. */
const RECONNECT_PAUSE_MS = 1000;

/**
 * A ZooKeeper session that outlives expiry, for the recipes that must (Curator's
 * CuratorFramework does this under every recipe): an expired ZooKeeperClient is terminal, so
 * this opens a new one with `connect` whenever the current one expires and announces it
 * (`session`), after announcing the loss (`expired`). Recipes given a RenewingSession re-join
 * on the new session (a latch re-enters the election, a member re-registers, a cache reloads);
 * given a plain ZooKeeperClient they stop with its session.
 *
 * Built from a plain client (`new RenewingSession(zk)`), it tracks that one session and ends
 * with it: the recipes use one code path for both. `close()` closes the clients it opened
 * (never one it was given) and ends.
 */
export class RenewingSession extends EventEmitter<RenewingSessionEvents> {
  private current: ZooKeeperClient | undefined;
  private next: Promise<ZooKeeperClient> | undefined;
  private ended = false;
  private detach: (() => void) | undefined;
  private readonly opened: ZooKeeperClient[] = [];
  private readonly connect: Connect | undefined;
  private readonly given: ZooKeeperClient | undefined;

  constructor(source: Connect | ZooKeeperClient) {
    super();
    if (typeof source === 'function') this.connect = source;
    else this.given = source;
  }

  /** Whether a new session follows an expiry (built with `connect`, not from one client). */
  get renews(): boolean {
    return this.connect !== undefined;
  }

  /** The session now (undefined before the first one and while a new one is being opened). */
  get client(): ZooKeeperClient | undefined {
    return this.current;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * The current session once it is connected, opening the first one if needed; during a
   * renewal, the next one. Rejects once no session will follow, or when `signal` aborts.
   */
  async session(options: { signal?: AbortSignal } = {}): Promise<ZooKeeperClient> {
    for (;;) {
      options.signal?.throwIfAborted();
      if (this.ended) throw new Error('the session has ended (closed, or expired without renewal)');
      const client = this.current ?? (await this.race(this.next ?? this.open(), options.signal));
      if (client !== this.current) continue; // replaced meanwhile
      try {
        await client.connected(options.signal ? { signal: options.signal } : {});
        return client;
      } catch (error) {
        options.signal?.throwIfAborted();
        if (!this.renews || this.ended) throw error;
        // it expired: the renewal has started; wait for the next one
      }
    }
  }

  /** Stops renewing and closes the clients this object opened. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.end();
    await Promise.all(this.opened.map((client) => client.close().catch(() => {})));
  }

  private open(): Promise<ZooKeeperClient> {
    const opening = this.given ? Promise.resolve(this.given) : this.openNew();
    this.next = opening;
    opening.then(
      (client) => {
        if (this.next === opening) this.next = undefined;
        this.adopt(client);
      },
      () => {},
    );
    return opening;
  }

  private async openNew(): Promise<ZooKeeperClient> {
    const connect = this.connect;
    if (connect === undefined) throw new Error('unreachable: a single client is never renewed');
    let pauseOn = this.current?.environment ?? systemEnvironment;
    for (;;) {
      if (this.ended) throw new Error('the session has ended');
      try {
        const client = await connect();
        this.opened.push(client);
        pauseOn = client.environment;
        await client.connected();
        if (this.ended) {
          await client.close();
          throw new Error('the session has ended');
        }
        return client;
      } catch {
        if (this.ended) throw new Error('the session has ended');
        await new Promise<void>((resolve) => pauseOn.setTimeout(resolve, RECONNECT_PAUSE_MS));
      }
    }
  }

  /** Makes `client` the current session and follows its state to its end. */
  private adopt(client: ZooKeeperClient): void {
    if (this.ended) return;
    this.detach?.();
    this.current = client;
    const onState = (state: ConnectionState) => this.stateOf(client, state);
    client.on('state', onState);
    this.detach = () => client.off('state', onState);
    this.emit('session', client);
    this.stateOf(client, client.state); // it may have ended between connecting and now
  }

  private stateOf(client: ZooKeeperClient, state: ConnectionState): void {
    if (client !== this.current) return;
    if (state.type === 'expired') {
      this.detach?.();
      this.current = undefined;
      const index = this.opened.indexOf(client);
      if (index >= 0) this.opened.splice(index, 1); // nothing left to close
      this.emit('expired', client);
      if (this.renews && !this.ended) void this.open();
      else this.end();
    } else if (state.type === 'closed' || state.type === 'auth-failed') {
      this.end();
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.detach?.();
    this.detach = undefined;
    this.emit('ended');
  }

  private race<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** The recipes' view of their source: a RenewingSession as given, or one tracking a plain client. */
export type ClientSource = ZooKeeperClient | RenewingSession;

/**
 * `source` as a RenewingSession, and whether the recipe made it (then it closes it when done,
 * which only stops following the client: a RenewingSession never closes a client it was given).
 */
export function sessionsOf(source: ClientSource): { sessions: RenewingSession; owned: boolean } {
  return source instanceof RenewingSession
    ? { sessions: source, owned: false }
    : { sessions: new RenewingSession(source), owned: true };
}
