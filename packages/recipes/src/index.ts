export { AcquireTimeoutError, type WaitOptions } from './internal/wait';
export type { Lease } from './locks/lease';
export { LOCK_NAME, Mutex, type MutexOptions } from './locks/mutex';
export { Semaphore } from './locks/semaphore';
export { SemaphoreMutex } from './locks/semaphore-mutex';
