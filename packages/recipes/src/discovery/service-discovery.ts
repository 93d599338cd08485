import { NoNodeError, type ZooKeeperClient } from '@zkts/client';
import EventEmitter from 'eventemitter3';
import { ChildrenCache } from '../cache/children-cache';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';
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
 * Connection states: instances stay registered while the connection is suspended (the
 * session, and with it the ephemeral node, lives until it expires). After an expiry they are
 * gone with the session; register them again on a new client.
 */
export class ServiceDiscovery<Payload = unknown> {
  private readonly registered = new Map<string, ServiceInstance<Payload>>();

  constructor(
    private readonly zk: ZooKeeperClient,
    readonly basePath: string,
  ) {}

  async register(instance: NewServiceInstance<Payload>): Promise<ServiceInstance<Payload>> {
    const complete = completeInstance(instance);
    const dir = `${this.basePath}/${complete.name}`;
    await ensurePath(this.zk, dir);
    const mode = complete.serviceType === 'DYNAMIC' ? 'ephemeral' : 'persistent';
    await this.zk.create(`${dir}/${complete.id}`, encodeInstance(complete), { mode });
    this.registered.set(complete.id, complete);
    return complete;
  }

  /** Rewrites a registered instance's node (e.g. to disable it or change its payload). */
  async update(instance: ServiceInstance<Payload>): Promise<void> {
    await untilConnected(this.zk, () =>
      this.zk.setData(`${this.basePath}/${instance.name}/${instance.id}`, encodeInstance(instance)),
    );
    this.registered.set(instance.id, instance);
  }

  async unregister(instance: Pick<ServiceInstance<Payload>, 'name' | 'id'>): Promise<void> {
    this.registered.delete(instance.id);
    await untilConnected(this.zk, () =>
      this.zk.delete(`${this.basePath}/${instance.name}/${instance.id}`),
    ).catch((error: unknown) => {
      if (!NoNodeError.isInstance(error)) throw error;
    });
  }

  async queryForNames(): Promise<string[]> {
    try {
      return (await this.zk.getChildren(this.basePath)).children.sort();
    } catch (error) {
      if (NoNodeError.isInstance(error)) return [];
      throw error;
    }
  }

  async queryForInstances(name: string): Promise<ServiceInstance<Payload>[]> {
    let children: string[];
    try {
      children = (await this.zk.getChildren(`${this.basePath}/${name}`)).children;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return [];
      throw error;
    }
    const instances = await Promise.all(
      children.sort().map((id) =>
        this.zk.getData(`${this.basePath}/${name}/${id}`).then(
          ({ data }) => decodeInstance<Payload>(data),
          () => undefined, // gone between the listing and the read
        ),
      ),
    );
    return instances.filter((instance) => instance !== undefined);
  }

  /** A live view of one service's instances (start() it). */
  cache(name: string): ServiceCache<Payload> {
    return new ServiceCache<Payload>(this.zk, `${this.basePath}/${name}`);
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

  /** Unregisters every instance this object registered. */
  async close(): Promise<void> {
    await Promise.all([...this.registered.values()].map((instance) => this.unregister(instance)));
  }
}

export interface ServiceCacheEvents<Payload> {
  /** The set of instances changed (one was added, changed or removed). */
  changed: [instances: ServiceInstance<Payload>[]];
}

/** The instances of one service, kept current by a children cache. */
export class ServiceCache<Payload> extends EventEmitter<ServiceCacheEvents<Payload>> {
  private readonly children: ChildrenCache;

  constructor(zk: ZooKeeperClient, path: string) {
    super();
    this.children = new ChildrenCache(zk, path);
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
