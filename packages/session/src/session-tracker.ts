import type { SessionId } from '@zkts/core';
import { ExpiryQueue } from './expiry-queue';
import { DEFAULT_SESSION_SECRET, passwordsEqual, sessionPassword } from './password';
import { assertServerId, initialSessionId, nextSessionId } from './session-id';

export interface SessionTrackerOptions {
  /** This server's id (myid), 0 for standalone; it becomes the top byte of every new session id. */
  serverId: number;
  /** The expiry bucket width in ms; also the base of the default timeout bounds. */
  tickTime: number;
  /** Smallest timeout a client can negotiate; default 2 × tickTime. */
  minSessionTimeout?: number;
  /** Largest timeout a client can negotiate; default 20 × tickTime. */
  maxSessionTimeout?: number;
  /** Password secret shared by the ensemble; default ZooKeeper's, so passwords match Apache ZooKeeper's. */
  secret?: bigint;
  /** Wall-clock ms at construction; seeds the id sequence so ids differ across restarts. */
  now: number;
}

export interface CreatedSession {
  sessionId: SessionId;
  /** 16 bytes the client must present to reconnect. */
  password: Uint8Array;
  /** The negotiated timeout in ms. */
  timeout: number;
}

/** Outcome of a reconnect with an existing session id (ZooKeeper's reopenSession). */
export type RevalidateResult =
  | { outcome: 'ok'; timeout: number }
  | { outcome: 'expired' }
  | { outcome: 'bad-password' };

/** One session as `cons`/`dump`/`mntr` report it. */
export interface SessionInfo<Owner = unknown> {
  sessionId: SessionId;
  timeout: number;
  /** When the session expires unless touched (a tickTime boundary). */
  expiresAt: number;
  /** Closing or expired: no longer accepts packets, waits for its closeSession txn. */
  closing: boolean;
  /** The connection that holds the session, if any. */
  owner: Owner | undefined;
}

interface SessionRecord<Owner> {
  readonly sessionId: SessionId;
  readonly timeout: number;
  expiresAt: number;
  closing: boolean;
  owner: Owner | undefined;
}

/**
 * Every live session of one server: creation (ids, passwords, negotiated timeouts), liveness
 * (touch on every packet, bucketed expiry) and ownership (which connection holds it).
 *
 * It is a synchronous state machine told the time by each call: no timers, no clock, no
 * randomness. Times passed to the methods only need to be one consistent monotonic millisecond
 * scale; a time earlier than one already seen is treated as that later time.
 *
 * Host protocol: call `touch` for every packet of a session; set one timer for
 * `nextExpiryTime()` and then call `expire(now)`; turn each returned id into a closeSession txn
 * and call `closeSession(id)` once that txn is applied (expired sessions stay, closing, until then).
 */
export class SessionTracker<Owner = unknown> {
  readonly serverId: number;
  readonly tickTime: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  readonly #secret: bigint;
  readonly #sessions = new Map<SessionId, SessionRecord<Owner>>();
  readonly #expiry: ExpiryQueue<SessionId>;
  #nextId: SessionId;
  #now = Number.NEGATIVE_INFINITY;

  constructor(options: SessionTrackerOptions) {
    assertServerId(options.serverId);
    if (!Number.isInteger(options.tickTime) || options.tickTime <= 0) {
      throw new RangeError(`tickTime: expected a positive integer, got ${options.tickTime}`);
    }
    this.serverId = options.serverId;
    this.tickTime = options.tickTime;
    this.minSessionTimeout = options.minSessionTimeout ?? 2 * options.tickTime;
    this.maxSessionTimeout = options.maxSessionTimeout ?? 20 * options.tickTime;
    for (const [name, value] of [
      ['minSessionTimeout', this.minSessionTimeout],
      ['maxSessionTimeout', this.maxSessionTimeout],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new RangeError(`${name}: expected a positive integer, got ${value}`);
      }
    }
    if (this.minSessionTimeout > this.maxSessionTimeout) {
      throw new RangeError(
        `minSessionTimeout (${this.minSessionTimeout}) must not exceed maxSessionTimeout (${this.maxSessionTimeout})`,
      );
    }
    this.#secret = options.secret ?? DEFAULT_SESSION_SECRET;
    this.#expiry = new ExpiryQueue(options.tickTime);
    this.#nextId = initialSessionId(options.serverId, options.now);
  }

  /** The timeout a client gets for the one it asked for: clamped to [min, max]. */
  negotiateTimeout(requested: number): number {
    if (!(requested >= this.minSessionTimeout)) return this.minSessionTimeout; // also NaN
    return Math.min(Math.floor(requested), this.maxSessionTimeout);
  }

  /** Opens a new session with a fresh id and its derived password. */
  createSession(requestedTimeout: number, now: number): CreatedSession {
    const time = this.#advance(now);
    // Restored sessions may hold ids ahead of ours if the clock went back: skip them.
    while (this.#sessions.has(this.#nextId)) this.#nextId = nextSessionId(this.#nextId);
    const sessionId = this.#nextId;
    this.#nextId = nextSessionId(sessionId);
    const timeout = this.negotiateTimeout(requestedTimeout);
    this.#insert(sessionId, timeout, time);
    return { sessionId, password: this.passwordOf(sessionId), timeout };
  }

  /**
   * Tracks a session created elsewhere (restored from a snapshot, or learnt from the leader) with
   * its already negotiated timeout. Returns false, and only touches it, if it is already known.
   */
  addSession(sessionId: SessionId, timeout: number, now: number): boolean {
    if (!Number.isInteger(timeout) || timeout <= 0) {
      throw new RangeError(`timeout: expected a positive integer, got ${timeout}`);
    }
    const time = this.#advance(now);
    if (this.#sessions.has(sessionId)) {
      this.touch(sessionId, time);
      return false;
    }
    this.#insert(sessionId, timeout, time);
    return true;
  }

  /**
   * Records a packet from the session, pushing its expiry to `now + timeout` (rounded to the
   * next tick boundary). False if the session is unknown, closing, or already past its expiry
   * (an overdue session is not revived, whether or not `expire` has run yet).
   */
  touch(sessionId: SessionId, now: number): boolean {
    const time = this.#advance(now);
    const session = this.#sessions.get(sessionId);
    if (!session || session.closing || session.expiresAt <= time) return false;
    session.expiresAt = this.#expiry.update(sessionId, time, session.timeout);
    return true;
  }

  /**
   * The sessions whose expiry time is at or before `now`, earliest first. Each is marked closing
   * (packets are refused) and is reported once; it stays known until `closeSession`.
   */
  expire(now: number): SessionId[] {
    const expired = this.#expiry.pollExpired(this.#advance(now));
    for (const sessionId of expired) this.#sessions.get(sessionId)!.closing = true;
    return expired;
  }

  /** Same as `expire`: the name a host's tick loop reads naturally. */
  tick(now: number): SessionId[] {
    return this.expire(now);
  }

  /** When the next `expire` call can return something (a tick boundary), or undefined if never. */
  nextExpiryTime(): number | undefined {
    return this.#expiry.nextExpiryTime();
  }

  /**
   * Marks a session closing (the client sent closeSession, or the host decided to close it): it
   * refuses packets from now on but still expires on time in case its close never commits.
   */
  setClosing(sessionId: SessionId): boolean {
    const session = this.#sessions.get(sessionId);
    if (!session) return false;
    session.closing = true;
    return true;
  }

  /** Forgets a session, once its closeSession txn has been applied. False if it was unknown. */
  closeSession(sessionId: SessionId): boolean {
    if (!this.#sessions.delete(sessionId)) return false;
    this.#expiry.remove(sessionId);
    return true;
  }

  /**
   * Whether `password` is the one derived for `sessionId`. It does not look at whether the
   * session exists, so any server of the ensemble can answer (as ZooKeeper's checkPasswd).
   */
  checkPassword(sessionId: SessionId, password: Uint8Array): boolean {
    return sessionId !== 0n && passwordsEqual(password, this.passwordOf(sessionId));
  }

  /** The password derived for a session id with this tracker's secret. */
  passwordOf(sessionId: SessionId): Uint8Array {
    return sessionPassword(sessionId, this.#secret);
  }

  /**
   * A client reconnecting with a session id and password: 'bad-password' first (as ZooKeeper
   * checks the password before the session), then 'expired' if the session is unknown, closing
   * or overdue, else 'ok' and the session is touched.
   */
  revalidate(sessionId: SessionId, password: Uint8Array, now: number): RevalidateResult {
    if (!this.checkPassword(sessionId, password)) return { outcome: 'bad-password' };
    if (!this.touch(sessionId, now)) return { outcome: 'expired' };
    return { outcome: 'ok', timeout: this.#sessions.get(sessionId)!.timeout };
  }

  /**
   * Makes `owner` (a connection) the holder of the session and returns the previous holder, if
   * it was another one: the host closes that old connection, since a new connection presenting
   * the same id and password takes the session over. Throws if the session is unknown.
   */
  attach(sessionId: SessionId, owner: Owner): Owner | undefined {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new RangeError(`attach: unknown session ${sessionId}`);
    const previous = session.owner;
    session.owner = owner;
    return previous === owner ? undefined : previous;
  }

  /**
   * Drops `owner` as the session's holder, only if it still is: an old connection closing after
   * a takeover must not detach the new one. True if it was detached.
   */
  detach(sessionId: SessionId, owner: Owner): boolean {
    const session = this.#sessions.get(sessionId);
    if (!session || session.owner === undefined || session.owner !== owner) return false;
    session.owner = undefined;
    return true;
  }

  ownerOf(sessionId: SessionId): Owner | undefined {
    return this.#sessions.get(sessionId)?.owner;
  }

  /**
   * Sessions grouped by the tick at which they expire, earliest first: what ZooKeeper's `dump`
   * prints as "Session Sets (buckets)/(sessions)", one "<count> expire at <time>:" per bucket.
   * Sessions already reported by `expire` are no longer scheduled and do not appear.
   */
  expiryBuckets(): Array<{ expiresAt: number; sessionIds: SessionId[] }> {
    return this.#expiry.buckets().map(({ time, elements }) => ({ expiresAt: time, sessionIds: elements }));
  }

  has(sessionId: SessionId): boolean {
    return this.#sessions.has(sessionId);
  }

  isClosing(sessionId: SessionId): boolean {
    return this.#sessions.get(sessionId)?.closing ?? false;
  }

  get(sessionId: SessionId): SessionInfo<Owner> | undefined {
    const session = this.#sessions.get(sessionId);
    return session && { ...session };
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Every known session (closing ones included), in creation order, as snapshots. */
  *sessions(): IterableIterator<SessionInfo<Owner>> {
    for (const session of this.#sessions.values()) yield { ...session };
  }

  [Symbol.iterator](): IterableIterator<SessionInfo<Owner>> {
    return this.sessions();
  }

  #insert(sessionId: SessionId, timeout: number, time: number): void {
    const expiresAt = this.#expiry.update(sessionId, time, timeout);
    this.#sessions.set(sessionId, { sessionId, timeout, expiresAt, closing: false, owner: undefined });
  }

  #advance(now: number): number {
    if (!Number.isFinite(now)) throw new RangeError(`now: expected a finite number of ms, got ${now}`);
    if (now > this.#now) this.#now = now;
    return this.#now;
  }
}
