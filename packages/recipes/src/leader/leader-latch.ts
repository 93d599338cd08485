import type { ConnectionState, ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { Channel } from '../internal/channel';
import { ensurePath } from '../internal/ensure-path';
import { createProtectedSequential } from '../internal/protected-create';
import { untilConnected } from '../internal/retry';
import { sortBySequence } from '../internal/sequence';
import { Wait, type WaitOptions } from '../internal/wait';
import { deleteQuietly } from '../locks/contend';

/** Curator's LeaderLatch node name: `<path>/_c_<guid>-latch-<sequence>`. */
export const LATCH_NAME = 'latch-';

export interface LeaderLatchEvents {
  /** This latch became the leader. */
  leader: [];
  /** This latch stopped being the leader (another took over, the connection is suspended, or it closed). */
  follower: [];
  /** The latch left the election (close(), or its session ended). */
  closed: [];
}

/**
 * Leader latch (Curator's LeaderLatch layout): every participant holds an ephemeral sequential
 * `latch-` node and the oldest one leads; each watches only the node just ahead of it.
 *
 * Connection states: while the connection is suspended (`disconnected`) the latch reports
 * not-leader, because its session may expire meanwhile and another participant take over;
 * after a reconnect with the same session it checks again and, its node still being the
 * oldest, leads again. When the session expires or the client closes, the latch is closed
 * for good (a new client needs a new latch). `close()` deletes its node, handing over at once.
 */
export class LeaderLatch extends EventEmitter<LeaderLatchEvents> {
  private ourPath: string | undefined;
  private leading = false;
  private closed = false;
  private checking: Promise<void> | undefined;
  private checkAgain = false;
  private readonly onState = (state: ConnectionState) => this.stateChanged(state);

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly options: { id?: string } = {},
  ) {
    super();
  }

  /** True while this latch leads (never while its connection is suspended). */
  get isLeader(): boolean {
    return this.leading;
  }

  /** The participant id given to the constructor, stored in the latch node. */
  get id(): string {
    return this.options.id ?? '';
  }

  /** Joins the election. */
  async start(): Promise<void> {
    if (this.ourPath !== undefined || this.closed) throw new Error('a LeaderLatch starts once');
    this.zk.on('state', this.onState);
    await ensurePath(this.zk, this.path);
    this.ourPath = await createProtectedSequential(this.zk, this.path, LATCH_NAME, this.id);
    await this.check();
  }

  /** Resolves once this latch leads (`timeout`, `signal` as for a lock). */
  async leadership(options: WaitOptions = {}): Promise<void> {
    const wait = new Wait(`leadership of ${this.path}`, options);
    while (!this.leading) {
      if (this.closed) throw new Error(`the latch on ${this.path} is closed`);
      await wait.race(new Promise<void>((resolve) => this.once('leader', resolve).once('follower', resolve)));
    }
  }

  /** The leadership now, then each change, as true/false; ends when the latch closes. */
  states(): AsyncIterableIterator<boolean> {
    const onLeader = () => channel.push(true);
    const onFollower = () => channel.push(false);
    const channel = new Channel<boolean>(() => {
      this.off('leader', onLeader);
      this.off('follower', onFollower);
      this.off('closed', end);
    });
    const end = () => channel.end();
    channel.push(this.leading);
    if (this.closed) channel.end();
    else this.on('leader', onLeader).on('follower', onFollower).once('closed', end);
    return channel;
  }

  /** Leaves the election: deletes our node (the next participant leads) and stops watching. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.shutDown();
    if (this.ourPath !== undefined) await deleteQuietly(this.zk, this.ourPath);
  }

  private shutDown(): void {
    this.closed = true;
    this.zk.off('state', this.onState);
    this.setLeading(false);
    this.emit('closed');
  }

  private stateChanged(state: ConnectionState): void {
    if (state.type === 'disconnected') this.setLeading(false);
    else if (state.type === 'connected') void this.check();
    else if (state.type === 'expired' || state.type === 'closed' || state.type === 'auth-failed')
      this.shutDown();
  }

  /** Re-reads the participants; serialised so that overlapping triggers run it once more, not twice at once. */
  private check(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.checkAgain = false;
        await this.checkOnce().catch(() => {
          // a connection loss: the reconnect triggers another check; a session end closes us
        });
      } while (this.checkAgain && !this.closed);
      this.checking = undefined;
    })();
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (this.closed || this.ourPath === undefined) return;
    const { children } = await this.zk.getChildren(this.path);
    const participants = sortBySequence(children, (name) => name.includes(LATCH_NAME));
    const ourName = this.ourPath.slice(this.path.length + 1);
    const index = participants.indexOf(ourName);
    if (index < 0) {
      // our node was deleted by someone else while the session lives: join again
      this.setLeading(false);
      this.ourPath = await untilConnected(this.zk, () =>
        createProtectedSequential(this.zk, this.path, LATCH_NAME, this.id),
      );
      this.checkAgain = true;
      return;
    }
    if (index === 0) {
      if (this.zk.state.type === 'connected') this.setLeading(true);
      return;
    }
    this.setLeading(false);
    const predecessor = `${this.path}/${participants[index - 1]}`;
    const watched = await this.zk.exists(predecessor, { watch: true });
    if (watched.stat === null) {
      this.checkAgain = true;
      return;
    }
    watched.watch.then(
      () => void this.check(),
      () => {},
    );
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    this.emit(leading ? 'leader' : 'follower');
  }
}
