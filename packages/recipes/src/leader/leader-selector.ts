import type { ConnectionState, ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { Mutex } from '../locks/mutex';

export interface LeaderSelectorOptions {
  /** Participant id, stored in the contender node (Curator's participant id). */
  id?: string;
  /** Queue up again after giving leadership up (default true); otherwise lead at most once. */
  autoRequeue?: boolean;
}

export interface LeaderSelectorEvents {
  leader: [];
  follower: [];
  /** `takeLeadership` threw; the selector gives leadership up and requeues as usual. */
  error: [error: unknown];
}

/**
 * Leader election where leadership is a task (Curator's LeaderSelector, and its layout: a
 * mutex, `<path>/_c_<guid>-lock-<seq>`): the winner runs `takeLeadership(signal)` and leads
 * until it returns; then the next contender is chosen. `signal` aborts when leadership can no
 * longer be trusted, and the task must then stop: the connection is suspended (Curator's
 * default: SUSPENDED cancels leadership), the session ended, or `close()` was called.
 */
export class LeaderSelector extends EventEmitter<LeaderSelectorEvents> {
  private readonly mutex: Mutex;
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  private leading: AbortController | undefined;
  private readonly onState = (state: ConnectionState) => {
    if (state.type !== 'connected' && state.type !== 'connecting') {
      this.leading?.abort(new Error(`leadership cancelled: the connection is ${state.type}`));
    }
  };

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly takeLeadership: (signal: AbortSignal) => Promise<void>,
    private readonly options: LeaderSelectorOptions = {},
  ) {
    super();
    this.mutex = new Mutex(zk, path, { reentrant: false, data: options.id ?? '' });
  }

  get hasLeadership(): boolean {
    return this.leading !== undefined && !this.leading.signal.aborted;
  }

  start(): void {
    if (this.running) throw new Error('a LeaderSelector starts once');
    this.zk.on('state', this.onState);
    this.running = this.run();
  }

  /** Cancels the task if leading, leaves the queue and waits until both are done. */
  async close(): Promise<void> {
    this.stop.abort(new Error('the leader selector is closed'));
    this.zk.off('state', this.onState);
    await this.running;
  }

  private async run(): Promise<void> {
    do {
      let lease: Awaited<ReturnType<Mutex['acquire']>>;
      try {
        lease = await this.mutex.acquire({ signal: this.stop.signal });
      } catch {
        if (this.stop.signal.aborted || this.sessionOver()) return;
        await this.zk.connected({ signal: this.stop.signal }).catch(() => {});
        continue;
      }
      const leading = new AbortController();
      this.leading = leading;
      const cancel = () => leading.abort(this.stop.signal.reason ?? lease.signal.reason);
      this.stop.signal.addEventListener('abort', cancel, { once: true });
      lease.signal.addEventListener('abort', cancel, { once: true });
      this.emit('leader');
      try {
        await this.takeLeadership(leading.signal);
      } catch (error) {
        this.emit('error', error);
      } finally {
        this.leading = undefined;
        leading.abort(new Error('leadership given up'));
        this.stop.signal.removeEventListener('abort', cancel);
        this.emit('follower');
        await lease.release();
      }
    } while ((this.options.autoRequeue ?? true) && !this.stop.signal.aborted && !this.sessionOver());
  }

  private sessionOver(): boolean {
    const { type } = this.zk.state;
    return type === 'expired' || type === 'closed' || type === 'auth-failed';
  }
}
