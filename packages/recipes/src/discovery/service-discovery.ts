import { NoNodeError } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ChildrenCache } from '../cache/children-cache';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
import { PersistentNode } from '../nodes/persistent-node';
import { type ClientSource, type RenewingSession, sessionsOf } from '../session/renewing-session';
import {
  completeInstance,
  decodeInstance,
  encodeInstance,
  type NewServiceInstance,
  type ServiceInstance,
} from './service-instance';
import { type ProviderStrategy, strategies } from './strategies';

/**
 * Service registration and discovery with Curator ServiceDiscovery's layout:
 * `<basePath>/<service name>/<instance id>`, the instance as JSON in the node (ephemeral for
 * DYNAMIC instances, the default). A Curator process using the same base path discovers
 * instances registered here and the other way round.
 *
 * Each registered instance is kept by a PersistentNode: re-created if someone deletes it.
 * Connection states: instances stay registered while the connection is suspended (the
 * session, and with it the ephemeral node, lives until it expires). After an expiry they are
 * gone with the session; given a RenewingSession they are registered again on the new one
 * (as Curator re-registers on RECONNECTED after LOST), and caches and providers reload; given
 * a plain client they stay gone.
 */
export class ServiceDiscovery<Payload = unknown> {
  private readonly sessions: RenewingSession;
  private readonly registered = new Map<
    string,
    { instance: ServiceInstance<Payload>; node: PersistentNode }
  >();

  constructor(
    source: ClientSource,
    readonly basePath: string,
  ) {
    this.sessions = sessionsOf(source).sessions;
  }

  /** Registers an instance; rejects with NodeExistsError if its id is registered already. */
  async register(instance: NewServiceInstance<Payload>): Promise<ServiceInstance<Payload>> {
    const complete = completeInstance(instance);
    const zk = await this.sessions.session();
    const dir = `${this.basePath}/${complete.name}`;
    const path = `${dir}/${complete.id}`;
    await ensurePath(zk, dir);
    const mode = complete.serviceType === 'DYNAMIC' ? 'ephemeral' : 'persistent';
    await zk.create(path, encodeInstance(complete), { mode });
    const node = new PersistentNode(this.sessions, path, encodeInstance(complete), { mode });
    this.registered.set(complete.id, { instance: complete, node });
    await node.start(); // ours exists: it only starts watching
    return complete;
  }

  /** Rewrites a registered instance's node (e.g. to disable it or change its payload). */
  async update(instance: ServiceInstance<Payload>): Promise<void> {
    const kept = this.registered.get(instance.id);
    if (kept) {
      kept.instance = instance;
      await kept.node.setData(encodeInstance(instance));
      return;
    }
    const zk = await this.sessions.session();
    await untilConnected(zk, () =>
      zk.setData(`${this.basePath}/${instance.name}/${instance.id}`, encodeInstance(instance)),
    );
  }

  async unregister(instance: Pick<ServiceInstance<Payload>, 'name' | 'id'>): Promise<void> {
    await this.registered.get(instance.id)?.node.close();
    this.registered.delete(instance.id);
    const zk = await this.sessions.session();
    await untilConnected(zk, () => zk.delete(`${this.basePath}/${instance.name}/${instance.id}`)).catch(
      (error: unknown) => {
        if (!NoNodeError.isInstance(error)) throw error;
      },
    );
  }

  async queryForNames(): Promise<string[]> {
    const zk = await this.sessions.session();
    try {
      return (await zk.getChildren(this.basePath)).children.sort();
    } catch (error) {
      if (NoNodeError.isInstance(error)) return [];
      throw error;
    }
  }

  async queryForInstances(name: string): Promise<ServiceInstance<Payload>[]> {
    const zk = await this.sessions.session();
    let children: string[];
    try {
      children = (await zk.getChildren(`${this.basePath}/${name}`)).children;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return [];
      throw error;
    }
    const instances = await Promise.all(
      children.sort().map((id) =>
        zk.getData(`${this.basePath}/${name}/${id}`).then(
          ({ data }) => decodeInstance<Payload>(data),
          () => undefined, // gone between the listing and the read
        ),
      ),
    );
    return instances.filter((instance) => instance !== undefined);
  }

  /** A live view of one service's instances (start() it), on the same session(s). */
  cache(name: string): ServiceCache<Payload> {
    return new ServiceCache<Payload>(this.sessions, `${this.basePath}/${name}`);
  }

  /**
   * Hands out one live instance per call, chosen by `strategy` (default round-robin); instances
   * that vanish are dropped at once (the cache follows the service's children). Disabled
   * instances are skipped.
   */
  async provider(
    name: string,
    strategy: ProviderStrategy = strategies.roundRobin(),
  ): Promise<ServiceProvider<Payload>> {
    const cache = this.cache(name);
    await cache.start();
    return new ServiceProvider(cache, strategy);
  }

  /**
   * Unregisters every instance this object registered. Queries still work afterwards (the
   * session is not this object's to close).
   */
  async close(): Promise<void> {
    await Promise.all([...this.registered.values()].map(({ instance }) => this.unregister(instance)));
  }
}

export interface ServiceCacheEvents<Payload> {
  /** The set of instances changed (one was added, changed or removed). */
  changed: [instances: ServiceInstance<Payload>[]];
}

/** The instances of one service, kept current by a children cache. */
export class ServiceCache<Payload> extends EventEmitter<ServiceCacheEvents<Payload>> {
  private readonly children: ChildrenCache;

  constructor(source: ClientSource, path: string) {
    super();
    this.children = new ChildrenCache(source, path);
    const changed = () => this.emit('changed', this.instances());
    this.children.on('added', changed).on('updated', changed).on('removed', changed);
  }

  start(): Promise<void> {
    return this.children.start();
  }

  instances(): ServiceInstance<Payload>[] {
    const instances: ServiceInstance<Payload>[] = [];
    for (const node of this.children.current().values()) {
      const instance = decodeInstance<Payload>(node.data);
      if (instance) instances.push(instance);
    }
    return instances;
  }

  close(): Promise<void> {
    return this.children.close();
  }
}

export class ServiceProvider<Payload> {
  constructor(
    readonly cache: ServiceCache<Payload>,
    private readonly strategy: ProviderStrategy,
  ) {}

  /** One instance, or undefined when none is alive and enabled. */
  getInstance(): ServiceInstance<Payload> | undefined {
    const alive = this.getAllInstances();
    return alive.length === 0 ? undefined : this.strategy(alive);
  }

  getAllInstances(): ServiceInstance<Payload>[] {
    return this.cache.instances().filter((instance) => instance.enabled);
  }

  close(): Promise<void> {
    return this.cache.close();
  }
}
