import { type ConnectionState, systemEnvironment, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { Channel } from '../internal/channel';
import { ensurePath } from '../internal/ensure-path';
import { createProtectedSequential } from '../internal/protected-create';
import { untilConnected } from '../internal/retry';
import { sortBySequence } from '../internal/sequence';
import { Wait, type WaitOptions } from '../internal/wait';
import { deleteQuietly } from '../locks/contend';
import { type ClientSource, type RenewingSession, sessionsOf } from '../session/renewing-session';

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
 * not-leader at once, because its session may expire meanwhile and another participant take
 * over; after a reconnect with the same session it checks again and, its node still being the
 * oldest, leads again. When the session expires it reports not-leader at once (if it was not
 * already); given a RenewingSession it then re-enters the election with a fresh node on the
 * new session (Curator's LeaderLatch resets on RECONNECTED after LOST), given a plain client
 * it closes for good. `close()` deletes its node, handing over at once.
 */
export class LeaderLatch extends EventEmitter<LeaderLatchEvents> {
  private readonly sessions: RenewingSession;
  private readonly ownsSessions: boolean;
  /** The session our node belongs to, and the node (undefined: to be created on `client`). */
  private client: ZooKeeperClient | undefined;
  private ourPath: string | undefined;
  private started = false;
  private leading = false;
  private closed = false;
  private checking: Promise<void> | undefined;
  private checkAgain = false;
  private readonly onState = (state: ConnectionState) => {
    if (state.type === 'disconnected') this.setLeading(false);
    else if (state.type === 'connected') void this.check();
  };
  private readonly onExpired = (client: ZooKeeperClient) => {
    if (client === this.client) this.setLeading(false);
  };
  private readonly onSession = (client: ZooKeeperClient) => {
    if (this.client === undefined || client === this.client || this.closed) return;
    this.follow(client);
    this.ourPath = undefined; // ours went with the old session: a fresh node, at the back
    void this.check();
  };
  private readonly onEnded = () => this.shutDown();

  constructor(
    source: ClientSource,
    readonly path: string,
    private readonly options: { id?: string } = {},
  ) {
    super();
    const { sessions, owned } = sessionsOf(source);
    this.sessions = sessions;
    this.ownsSessions = owned;
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
    if (this.started || this.closed) throw new Error('a LeaderLatch starts once');
    this.started = true;
    this.sessions.on('session', this.onSession).on('expired', this.onExpired).on('ended', this.onEnded);
    const client = await this.sessions.session();
    this.follow(client);
    await ensurePath(client, this.path);
    this.ourPath = await createProtectedSequential(client, this.path, LATCH_NAME, this.id);
    await this.check();
  }

  /** Resolves once this latch leads (`timeout`, `signal` as for a lock). */
  async leadership(options: WaitOptions = {}): Promise<void> {
    const clock = this.client?.environment ?? systemEnvironment;
    const wait = new Wait(`leadership of ${this.path}`, options, clock);
    while (!this.leading) {
      if (this.closed) throw new Error(`the latch on ${this.path} is closed`);
      await wait.race(
        new Promise<void>((resolve) =>
          this.once('leader', resolve).once('follower', resolve).once('closed', resolve),
        ),
      );
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
    if (this.client !== undefined && this.ourPath !== undefined)
      await deleteQuietly(this.client, this.ourPath);
    if (this.ownsSessions) await this.sessions.close();
  }

  private shutDown(): void {
    if (this.closed) return;
    this.closed = true;
    this.sessions.off('session', this.onSession).off('expired', this.onExpired).off('ended', this.onEnded);
    this.client?.off('state', this.onState);
    this.setLeading(false);
    this.emit('closed');
  }

  /** Follows `client`'s connection state (the first session, or a new one after an expiry). */
  private follow(client: ZooKeeperClient): void {
    this.client?.off('state', this.onState);
    this.client = client;
    client.on('state', this.onState);
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
          // a connection loss: the reconnect triggers another check; a session end: the next
          // session (or the end) takes over
        });
      } while (this.checkAgain && !this.closed);
      this.checking = undefined;
    })();
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    const zk = this.client;
    if (this.closed || zk === undefined) return;
    if (this.ourPath === undefined) {
      await untilConnected(zk, () => ensurePath(zk, this.path));
      const created = await createProtectedSequential(zk, this.path, LATCH_NAME, this.id);
      if (zk !== this.client || this.closed) return; // created on a session already gone
      this.ourPath = created;
    }
    const ourPath = this.ourPath;
    const { children } = await zk.getChildren(this.path);
    if (zk !== this.client || ourPath !== this.ourPath) return; // superseded: a newer check follows
    const participants = sortBySequence(children, (name) => name.includes(LATCH_NAME));
    const index = participants.indexOf(ourPath.slice(this.path.length + 1));
    if (index < 0) {
      // our node was deleted by someone else while the session lives: join again
      this.setLeading(false);
      this.ourPath = undefined;
      this.checkAgain = true;
      return;
    }
    if (index === 0) {
      if (zk.state.type === 'connected') this.setLeading(true);
      return;
    }
    this.setLeading(false);
    const predecessor = `${this.path}/${participants[index - 1]}`;
    const watched = await zk.exists(predecessor, { watch: true });
    if (watched.stat === null) {
      this.checkAgain = true;
      return;
    }
    watched.watch.then(
      () => {
        if (zk === this.client) void this.check();
      },
      () => {},
    );
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    this.emit(leading ? 'leader' : 'follower');
  }
}
