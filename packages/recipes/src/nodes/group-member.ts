import { type Data, NodeExistsError, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ChildrenCache } from '../cache/children-cache';
import { ensurePath } from '../internal/ensure-path';
import { deleteQuietly } from '../locks/contend';

export interface GroupMemberEvents {
  /** The membership changed: every member's id and data now. */
  changed: [members: Map<string, Uint8Array>];
}

/**
 * Group membership (Curator's GroupMember layout: `<path>/<member id>`, ephemeral, holding the
 * member's data): join with an id, see every member with its data, follow changes.
 *
 * If our node is deleted while the session lives, it is created again. Suspended, the member
 * stays in the group (its node lives with the session); when the session expires it leaves
 * the group and the object stops (join again with a new client).
 */
export class GroupMember extends EventEmitter<GroupMemberEvents> {
  private readonly cache: ChildrenCache;
  private closed = false;

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    readonly id: string,
    private data: Data = '',
  ) {
    super();
    this.cache = new ChildrenCache(zk, path);
    const changed = () => this.emit('changed', this.members());
    this.cache
      .on('added', changed)
      .on('updated', changed)
      .on('removed', (removed) => {
        changed();
        if (removed === this.ownPath && !this.closed) void this.join().catch(() => {});
      });
  }

  private get ownPath(): string {
    return `${this.path}/${this.id}`;
  }

  async start(): Promise<void> {
    await ensurePath(this.zk, this.path);
    await this.join();
    await this.cache.start();
  }

  /** Every member now, id → data (from the local cache). */
  members(): Map<string, Uint8Array> {
    return new Map([...this.cache.current()].map(([id, node]) => [id, node.data]));
  }

  async setData(data: Data): Promise<void> {
    this.data = data;
    await this.zk.setData(this.ownPath, data);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.cache.close();
    await deleteQuietly(this.zk, this.ownPath);
  }

  private async join(): Promise<void> {
    try {
      await this.zk.create(this.ownPath, this.data, { mode: 'ephemeral' });
    } catch (error) {
      if (!NodeExistsError.isInstance(error)) throw error;
      const owner = (await this.zk.exists(this.ownPath)).stat;
      if (owner !== null && owner.ephemeralOwner !== this.zk.sessionId) {
        throw new Error(`member id ${this.id} is taken by another session in ${this.path}`);
      }
    }
  }
}
