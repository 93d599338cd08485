export { AcquireTimeoutError, type WaitOptions } from './internal/wait';
export { LATCH_NAME, LeaderLatch, type LeaderLatchEvents } from './leader/leader-latch';
export {
  LeaderSelector,
  type LeaderSelectorEvents,
  type LeaderSelectorOptions,
} from './leader/leader-selector';
export type { Lease } from './locks/lease';
export { LOCK_NAME, Mutex, type MutexOptions } from './locks/mutex';
export { Semaphore } from './locks/semaphore';
export { SemaphoreMutex } from './locks/semaphore-mutex';
