import { type Data, NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';

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
 * when someone deletes it and, for an ephemeral node, after its session expires: an expired
 * ZooKeeperClient is terminal, so the node takes a `connect` function and opens a new session
 * with it each time (it closes the clients it opened when it closes).
 *
 * Suspended: nothing to do (the node lives with the session). Reconnected: the exists watch is
 * re-registered by the client and fires if the node went away meanwhile.
 */
export class PersistentNode extends EventEmitter<PersistentNodeEvents> {
  private client: ZooKeeperClient | undefined;
  private closed = false;
  private readonly opened: ZooKeeperClient[] = [];

  constructor(
    private readonly connect: () => ZooKeeperClient,
    readonly path: string,
    private data: Data,
    private readonly options: PersistentNodeOptions = {},
  ) {
    super();
  }

  /** The session that holds the node now. */
  get session(): ZooKeeperClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    await this.renew();
  }

  async setData(data: Data): Promise<void> {
    this.data = data;
    await this.client?.setData(this.path, data);
  }

  /** Deletes the node (ephemeral) and closes the sessions this object opened. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    if (client && (this.options.mode ?? 'ephemeral') === 'ephemeral') {
      await client.delete(this.path).catch(() => {});
    }
    await Promise.all(this.opened.map((zk) => zk.close().catch(() => {})));
  }

  private async renew(): Promise<void> {
    if (this.closed) return;
    const client = this.connect();
    this.opened.push(client);
    this.client = client;
    client.once('expired', () => {
      void this.renew().catch(() => {});
    });
    await client.connected();
    await this.ensure(client);
    void this.guard(client).catch(() => {
      // a session end: renew() takes over; a close: nothing more to do
    });
  }

  /** Creates the node if it is missing (a NodeExists means it is there: ours, or someone's). */
  private async ensure(client: ZooKeeperClient): Promise<void> {
    const parent = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
    await ensurePath(client, parent);
    try {
      await client.create(this.path, this.data, { mode: this.options.mode ?? 'ephemeral' });
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
        if (event === undefined) return; // the session ended: renew() takes over
        if (event.type !== 'deleted' || this.closed) continue;
      }
      await untilConnected(client, () => this.ensure(client));
    }
  }
}
