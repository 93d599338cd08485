import {
  type ConnectionState,
  NoNodeError,
  SessionExpiredError,
  type Stat,
  type WatchEvent,
  type WatchSubscription,
  type ZooKeeperClient,
} from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { untilConnected } from '../internal/retry';
import { type ClientSource, type RenewingSession, sessionsOf } from '../session/renewing-session';

export interface CachedNode {
  readonly data: Uint8Array;
  readonly stat: Stat;
}

export interface TreeCacheEvents {
  added: [path: string, node: CachedNode];
  updated: [path: string, node: CachedNode];
  removed: [path: string, node: CachedNode];
  /** The first full load is done (`get` answers for the whole tree from now on). */
  initialized: [];
  /** A read failed for another reason than a connection loss (which the reconnect repairs). */
  error: [error: unknown];
}

export interface TreeCacheOptions {
  /** How deep below the root to cache: 0 = the root only, 1 = root and children; default all. */
  maxDepth?: number;
}

/**
 * A local copy of a subtree (data and Stat of every node), kept current by one persistent
 * recursive watch on its root (as Curator's CuratorCache): first a full load, then each event
 * re-reads the node it names. Persistent watches do not replay what happened while the
 * connection was down, so after every reconnect the cache reloads the subtree and reports the
 * difference as events: consistent after reconnects. Suspended, it keeps serving what it had.
 * When the session expires, given a RenewingSession it watches again on the new session and
 * reloads the same way (what changed meanwhile comes as events); given a plain client it stops
 * (its contents stay readable, frozen).
 */
export class TreeCache extends EventEmitter<TreeCacheEvents> {
  private nodes = new Map<string, CachedNode>();
  private readonly sessions: RenewingSession;
  private readonly ownsSessions: boolean;
  private client: ZooKeeperClient | undefined;
  private subscription: WatchSubscription | undefined;
  private work: Promise<void> = Promise.resolve();
  private suspended = false;
  private closed = false;
  private readonly maxDepth: number;
  private readonly onState = (state: ConnectionState) => {
    if (state.type === 'disconnected') this.suspended = true;
    else if (state.type === 'connected' && this.suspended) {
      this.suspended = false;
      this.enqueue(() => this.reload());
    }
  };
  private readonly onSession = (client: ZooKeeperClient) => {
    if (this.client === undefined || client === this.client || this.closed) return;
    this.enqueue(() => this.follow(client));
  };

  constructor(
    source: ClientSource,
    readonly root: string,
    options: TreeCacheOptions = {},
  ) {
    super();
    const { sessions, owned } = sessionsOf(source);
    this.sessions = sessions;
    this.ownsSessions = owned;
    this.maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  }

  /** Watches and loads; resolves once the initial load is done. */
  async start(): Promise<void> {
    this.sessions.on('session', this.onSession);
    const client = await this.sessions.session();
    this.enqueue(async () => {
      await this.follow(client);
      this.emit('initialized');
    });
    await this.work;
  }

  /** The cached node at `path`, or undefined. */
  get(path: string): CachedNode | undefined {
    return this.nodes.get(path);
  }

  /** The names of the cached children of `path`, sorted. */
  children(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    const names: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key.startsWith(prefix) && key.length > prefix.length && !key.slice(prefix.length).includes('/')) {
        names.push(key.slice(prefix.length));
      }
    }
    return names.sort();
  }

  /** Every cached path, with its node. */
  entries(): IterableIterator<[string, CachedNode]> {
    return this.nodes.entries();
  }

  /** Resolves when every event received so far has been applied (for tests and handovers). */
  settled(): Promise<void> {
    return this.work;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.off('session', this.onSession);
    this.client?.off('state', this.onState);
    await this.subscription?.remove().catch(() => {});
    if (this.ownsSessions) await this.sessions.close();
  }

  /** The client to read with now (set by start). */
  private get zk(): ZooKeeperClient {
    if (this.client === undefined) throw new Error(`the cache of ${this.root} is not started`);
    return this.client;
  }

  /**
   * Watches the root on `client` (the first session, or a new one after an expiry), then
   * loads the subtree and reports what differs from the cache.
   */
  private async follow(client: ZooKeeperClient): Promise<void> {
    this.client?.off('state', this.onState);
    this.client = client;
    this.suspended = false;
    client.on('state', this.onState);
    // adding the same persistent watch again is harmless, so a connection loss is retried
    this.subscription = await untilConnected(client, () =>
      client.addWatch(
        this.root,
        (event) => {
          if (client === this.client) this.enqueue(() => this.changed(event));
        },
        { recursive: this.maxDepth > 0 },
      ),
    );
    await this.reload();
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (error) {
        if (this.sessionOver() || SessionExpiredError.isInstance(error)) return; // the next session reloads
        // a connection loss is repaired by the reload that follows the reconnect
        if (!this.suspended && this.zk.state.type === 'connected') this.emit('error', error);
      }
    });
  }

  private depth(path: string): number {
    if (path === this.root) return 0;
    const rest = this.root === '/' ? path.slice(1) : path.slice(this.root.length + 1);
    return rest.split('/').length;
  }

  private async changed(event: WatchEvent): Promise<void> {
    if (this.depth(event.path) > this.maxDepth) return;
    if (event.type === 'deleted') {
      this.removeSubtree(event.path);
      return;
    }
    if (event.type === 'created' || event.type === 'data-changed') await this.refresh(event.path);
  }

  /** Reads one node into the cache (or removes it, with its subtree, if it is gone). */
  private async refresh(path: string): Promise<void> {
    try {
      const node = await this.zk.getData(path);
      this.put(path, node);
    } catch (error) {
      if (!NoNodeError.isInstance(error)) throw error;
      this.removeSubtree(path);
    }
  }

  /** Reads the whole subtree afresh, then reports the differences with what was cached. */
  private async reload(): Promise<void> {
    const fresh = new Map<string, CachedNode>();
    await this.load(this.root, 0, fresh);
    for (const [path, node] of this.nodes) if (!fresh.has(path)) this.remove(path, node);
    for (const [path, node] of fresh) this.put(path, node);
  }

  private async load(path: string, depth: number, into: Map<string, CachedNode>): Promise<void> {
    let node: CachedNode;
    let children: string[] = [];
    try {
      node = await this.zk.getData(path);
      if (depth < this.maxDepth) children = (await this.zk.getChildren(path)).children;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return;
      throw error;
    }
    into.set(path, node);
    const prefix = path === '/' ? '/' : `${path}/`;
    await Promise.all(children.map((child) => this.load(`${prefix}${child}`, depth + 1, into)));
  }

  private put(path: string, node: CachedNode): void {
    const known = this.nodes.get(path);
    if (known && known.stat.mzxid === node.stat.mzxid && known.stat.czxid === node.stat.czxid) return;
    if (known && known.stat.czxid === node.stat.czxid && node.stat.mzxid < known.stat.mzxid) return; // stale read
    this.nodes.set(path, node);
    this.emit(known ? 'updated' : 'added', path, node);
  }

  private removeSubtree(path: string): void {
    const prefix = `${path}/`;
    for (const [key, node] of [...this.nodes]) {
      if (key === path || key.startsWith(prefix)) this.remove(key, node);
    }
  }

  private remove(path: string, node: CachedNode): void {
    this.nodes.delete(path);
    this.emit('removed', path, node);
  }

  private sessionOver(): boolean {
    const { type } = this.zk.state;
    return type === 'expired' || type === 'closed' || type === 'auth-failed';
  }
}
