import { type Data, NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { type ClientSource, type Connect, RenewingSession, sessionsOf } from '../session/renewing-session';

export interface PersistentNodeEvents {
  /** The node was (re)created, by the session `client`. */
  created: [path: string, client: ZooKeeperClient];
}

export interface PersistentNodeOptions {
  /** Default 'ephemeral'. */
  mode?: 'ephemeral' | 'persistent';
}

/**
 * A node that keeps existing while this object is open (Curator's PersistentNode): re-created
 * when someone deletes it and, for an ephemeral node, after its session expires. An expired
 * ZooKeeperClient is terminal, so for that the node needs a RenewingSession (or a `connect`
 * function, from which it makes one of its own and closes it when it closes); given a plain
 * client, it keeps the node for that session only.
 *
 * Suspended: nothing to do (the node lives with the session). Reconnected: the exists watch is
 * re-registered by the client and fires if the node went away meanwhile. Expired: the node is
 * created again as soon as the new session is connected.
 */
export class PersistentNode extends EventEmitter<PersistentNodeEvents> {
  private readonly sessions: RenewingSession;
  private readonly ownsSessions: boolean;
  private client: ZooKeeperClient | undefined;
  private closed = false;
  private readonly onSession = (client: ZooKeeperClient) => {
    if (this.client === undefined || client === this.client || this.closed) return;
    this.keep(client).catch(() => {
      // a session end: the next session takes over; a close: nothing more to do
    });
  };

  constructor(
    source: ClientSource | Connect,
    readonly path: string,
    private data: Data,
    private readonly options: PersistentNodeOptions = {},
  ) {
    super();
    const { sessions, owned } =
      typeof source === 'function'
        ? { sessions: new RenewingSession(source), owned: true }
        : sessionsOf(source);
    this.sessions = sessions;
    this.ownsSessions = owned;
  }

  /** The session that holds the node now. */
  get session(): ZooKeeperClient | undefined {
    return this.client;
  }

  /** Creates the node (if missing) and starts keeping it. */
  async start(): Promise<void> {
    this.sessions.on('session', this.onSession);
    const client = await this.sessions.session();
    this.client = client;
    await this.ensure(client);
    void this.guard(client).catch(() => {});
  }

  async setData(data: Data): Promise<void> {
    this.data = data;
    await this.client?.setData(this.path, data);
  }

  /** Stops keeping the node and deletes it if it is ephemeral (and closes a session it opened). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.off('session', this.onSession);
    const client = this.client;
    if (client && this.mode === 'ephemeral') await deleteIfOurs(client, this.path);
    if (this.ownsSessions) await this.sessions.close();
  }

  private get mode(): 'ephemeral' | 'persistent' {
    return this.options.mode ?? 'ephemeral';
  }

  private async keep(client: ZooKeeperClient): Promise<void> {
    this.client = client;
    await untilConnected(client, () => this.ensure(client));
    await this.guard(client);
  }

  /** Creates the node if it is missing (a NodeExists means it is there: ours, or someone's). */
  private async ensure(client: ZooKeeperClient): Promise<void> {
    const parent = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
    await ensurePath(client, parent);
    try {
      await client.create(this.path, this.data, { mode: this.mode });
      this.emit('created', this.path, client);
    } catch (error) {
      if (!NodeExistsError.isInstance(error)) throw error;
    }
  }

  /** Watches the node and creates it again whenever it is deleted, until the session ends. */
  private async guard(client: ZooKeeperClient): Promise<void> {
    while (!this.closed && client === this.client) {
      const { stat, watch } = await untilConnected(client, () => client.exists(this.path, { watch: true }));
      if (stat !== null) {
        const event = await watch.catch(() => undefined);
        if (event === undefined) return; // the session ended: the next one takes over
        if (event.type !== 'deleted' || this.closed || client !== this.client) continue;
      }
      await untilConnected(client, () => this.ensure(client));
    }
  }
}

/** Deletes an ephemeral node if this session owns it (never one another session holds at the path). */
async function deleteIfOurs(client: ZooKeeperClient, path: string): Promise<void> {
  try {
    const { stat } = await untilConnected(client, () => client.exists(path));
    if (stat !== null && stat.ephemeralOwner === client.sessionId) {
      await untilConnected(client, () => client.delete(path, { version: stat.version }));
    }
  } catch {
    // gone already, or the session is over (the server removes our ephemerals itself)
  }
}
