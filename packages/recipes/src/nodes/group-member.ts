import type { Data, ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ChildrenCache } from '../cache/children-cache';
import { ensurePath } from '../internal/ensure-path';
import { type ClientSource, type RenewingSession, sessionsOf } from '../session/renewing-session';
import { PersistentNode } from './persistent-node';

export interface GroupMemberEvents {
  /** The membership changed: every member's id and data now. */
  changed: [members: Map<string, Uint8Array>];
}

/**
 * Group membership (Curator's GroupMember layout: `<path>/<member id>`, ephemeral, holding the
 * member's data): join with an id, see every member with its data, follow changes. Our node
 * is a PersistentNode and the view a ChildrenCache, both on the same session.
 *
 * If our node is deleted while the session lives, it is created again. Suspended, the member
 * stays in the group (its node lives with the session). When the session expires the member
 * leaves the group; given a RenewingSession it joins again on the new session and its view
 * reloads (with the changes made meanwhile as events); given a plain client it stops.
 */
export class GroupMember extends EventEmitter<GroupMemberEvents> {
  private readonly sessions: RenewingSession;
  private readonly ownsSessions: boolean;
  private readonly cache: ChildrenCache;
  private readonly node: PersistentNode;

  constructor(
    source: ClientSource,
    readonly path: string,
    readonly id: string,
    data: Data = '',
  ) {
    super();
    const { sessions, owned } = sessionsOf(source);
    this.sessions = sessions;
    this.ownsSessions = owned;
    this.cache = new ChildrenCache(sessions, path);
    this.node = new PersistentNode(sessions, `${path}/${id}`, data);
    const changed = () => this.emit('changed', this.members());
    this.cache.on('added', changed).on('updated', changed).on('removed', changed);
  }

  /** Joins (rejects if another session holds our id) and loads the members. */
  async start(): Promise<void> {
    const zk = await this.sessions.session();
    await ensurePath(zk, this.path);
    await this.node.start();
    await this.checkOwnership(zk);
    await this.cache.start();
  }

  /** Every member now, id → data (from the local cache). */
  members(): Map<string, Uint8Array> {
    return new Map([...this.cache.current()].map(([id, node]) => [id, node.data]));
  }

  async setData(data: Data): Promise<void> {
    await this.node.setData(data);
  }

  /** Leaves the group (deletes our node) and stops following it. */
  async close(): Promise<void> {
    await this.cache.close();
    await this.node.close();
    if (this.ownsSessions) await this.sessions.close();
  }

  private async checkOwnership(zk: ZooKeeperClient): Promise<void> {
    const owner = (await zk.exists(`${this.path}/${this.id}`)).stat?.ephemeralOwner;
    if (owner !== undefined && owner !== zk.sessionId) {
      await this.node.close();
      throw new Error(`member id ${this.id} is taken by another session in ${this.path}`);
    }
  }
}
