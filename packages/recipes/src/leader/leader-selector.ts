import {
  ConnectionLossError,
  type ConnectionState,
  SessionExpiredError,
  type ZooKeeperClient,
} from '@zkts/client';
import EventEmitter from 'eventemitter3';
import type { Lease } from '../locks/lease';
import { Mutex } from '../locks/mutex';
import { type ClientSource, type RenewingSession, sessionsOf } from '../session/renewing-session';

/** After a failed acquire that is not a connection or session loss (e.g. NoAuth), ms. */
const RETRY_PAUSE_MS = 1_000;

/** Resolves after `ms` on the client's clock, or at once when `signal` aborts. */
function pause(zk: ZooKeeperClient, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      zk.environment.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = zk.environment.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface LeaderSelectorOptions {
  /** Participant id, stored in the contender node (Curator's participant id). */
  id?: string;
  /** Queue up again after giving leadership up (default true); otherwise lead at most once. */
  autoRequeue?: boolean;
}

export interface LeaderSelectorEvents {
  leader: [];
  follower: [];
  /** `takeLeadership` threw (it gives leadership up and requeues as usual), or an acquire failed for a reason other than a lost connection or session (it retries after a pause). */
  error: [error: unknown];
}

/**
 * Leader election where leadership is a task (Curator's LeaderSelector, and its layout: a
 * mutex, `<path>/_c_<guid>-lock-<seq>`): the winner runs `takeLeadership(signal)` and leads
 * until it returns; then the next contender is chosen. `signal` aborts when leadership can no
 * longer be trusted, and the task must then stop: the connection is suspended (Curator's
 * default: SUSPENDED cancels leadership), the session ended, or `close()` was called.
 * After a suspension it queues again on the same session. After an expiry, given a
 * RenewingSession it queues again on the new session (with `autoRequeue`, as Curator's
 * selector does after LOST); given a plain client it stops.
 */
export class LeaderSelector extends EventEmitter<LeaderSelectorEvents> {
  private readonly sessions: RenewingSession;
  private readonly ownsSessions: boolean;
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  private leading: AbortController | undefined;

  constructor(
    source: ClientSource,
    readonly path: string,
    private readonly takeLeadership: (signal: AbortSignal) => Promise<void>,
    private readonly options: LeaderSelectorOptions = {},
  ) {
    super();
    const { sessions, owned } = sessionsOf(source);
    this.sessions = sessions;
    this.ownsSessions = owned;
  }

  get hasLeadership(): boolean {
    return this.leading !== undefined && !this.leading.signal.aborted;
  }

  start(): void {
    if (this.running) throw new Error('a LeaderSelector starts once');
    this.running = this.run();
  }

  /** Cancels the task if leading, leaves the queue and waits until both are done. */
  async close(): Promise<void> {
    this.stop.abort(new Error('the leader selector is closed'));
    await this.running;
    if (this.ownsSessions) await this.sessions.close();
  }

  private async run(): Promise<void> {
    do {
      let zk: ZooKeeperClient;
      try {
        zk = await this.sessions.session({ signal: this.stop.signal });
      } catch {
        return; // closed, or no session will follow
      }
      let lease: Awaited<ReturnType<Mutex['acquire']>>;
      try {
        const mutex = new Mutex(zk, this.path, { reentrant: false, data: this.options.id ?? '' });
        lease = await mutex.acquire({ signal: this.stop.signal });
      } catch (error) {
        if (this.stop.signal.aborted) return;
        // a lost connection or session: session() waits for the reconnect or the next session;
        // anything else (NoAuth on the path …) is reported and retried after a pause, not spun on
        if (!ConnectionLossError.isInstance(error) && !SessionExpiredError.isInstance(error)) {
          this.emit('error', error);
          await pause(zk, RETRY_PAUSE_MS, this.stop.signal);
        }
        continue;
      }
      await this.lead(zk, lease);
    } while ((this.options.autoRequeue ?? true) && !this.stop.signal.aborted);
  }

  /** Runs the task while `lease` is held; cancels it on suspension, session end or close. */
  private async lead(zk: ZooKeeperClient, lease: Lease): Promise<void> {
    const leading = new AbortController();
    this.leading = leading;
    const cancel = () => leading.abort(this.stop.signal.reason ?? lease.signal.reason);
    const onState = (state: ConnectionState) => {
      if (state.type !== 'connected' && state.type !== 'connecting') {
        leading.abort(new Error(`leadership cancelled: the connection is ${state.type}`));
      }
    };
    this.stop.signal.addEventListener('abort', cancel, { once: true });
    lease.signal.addEventListener('abort', cancel, { once: true });
    zk.on('state', onState);
    onState(zk.state);
    this.emit('leader');
    try {
      await this.takeLeadership(leading.signal);
    } catch (error) {
      this.emit('error', error);
    } finally {
      this.leading = undefined;
      leading.abort(new Error('leadership given up'));
      this.stop.signal.removeEventListener('abort', cancel);
      lease.signal.removeEventListener('abort', cancel);
      zk.off('state', onState);
      this.emit('follower');
      await lease.release();
    }
  }
}
