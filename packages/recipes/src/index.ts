export { Barrier } from './barriers/barrier';
export { DoubleBarrier } from './barriers/double-barrier';
export { ChildrenCache } from './cache/children-cache';
export { NodeCache } from './cache/node-cache';
export { type CachedNode, TreeCache, type TreeCacheEvents, type TreeCacheOptions } from './cache/tree-cache';
export { AtomicValue, type Codec, int32, SharedCounter } from './counters/atomic-value';
export {
  ServiceCache,
  type ServiceCacheEvents,
  ServiceDiscovery,
  ServiceProvider,
} from './discovery/service-discovery';
export type { NewServiceInstance, ServiceInstance } from './discovery/service-instance';
export { type ProviderStrategy, strategies } from './discovery/strategies';
export { AcquireTimeoutError, type WaitOptions } from './internal/wait';
export { LATCH_NAME, LeaderLatch, type LeaderLatchEvents } from './leader/leader-latch';
export {
  LeaderSelector,
  type LeaderSelectorEvents,
  type LeaderSelectorOptions,
} from './leader/leader-selector';
export type { Lease } from './locks/lease';
export { type Acquirable, MultiLock } from './locks/multi-lock';
export { LOCK_NAME, Mutex, type MutexOptions } from './locks/mutex';
export { READ_NAME, ReadWriteLock, WRITE_NAME } from './locks/read-write-lock';
export { Semaphore, type SemaphoreOptions } from './locks/semaphore';
export { SemaphoreMutex } from './locks/semaphore-mutex';
export { GroupMember, type GroupMemberEvents } from './nodes/group-member';
export {
  PersistentNode,
  type PersistentNodeEvents,
  type PersistentNodeOptions,
} from './nodes/persistent-node';
export { DistributedQueue, QUEUE_PREFIX } from './queues/distributed-queue';
export { type WorkItem, WorkQueue } from './queues/work-queue';
export {
  type ClientSource,
  type Connect,
  RenewingSession,
  type RenewingSessionEvents,
} from './session/renewing-session';
