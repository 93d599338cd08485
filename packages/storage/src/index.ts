export { readSegmentFile, readSnapshotFile, type SegmentFileItem } from './data-file-readers';
export type { Disk, DiskFile, OpenMode } from './disk';
export { hexZxid, StorageError, type StorageErrorCode } from './errors';
export { createFaultyStorage, type FaultyStorage, type FaultyStorageOptions } from './faulty-storage';
export {
  DEFAULT_PREALLOC_SIZE,
  DEFAULT_SEGMENT_SIZE,
  type FileStorage,
  type FileStorageOptions,
  openFileStorage,
  STORAGE_SUBDIR,
} from './file-storage';
export type { FileTxnLog } from './file-txn-log';
export { createMemoryStorage } from './memory-storage';
export { nodeDisk } from './node-disk';
export { type PurgeDataDirOptions, purgeDataDir } from './purge-data-dir';
export { MIN_RETAIN_COUNT, type PurgePlan, planPurge } from './purge-plan';
export { type LoadedRecovery, recoverWith } from './recover';
export { type FaultPoint, SimulatedDisk, type SimulatedDiskOptions, seededRandom } from './simulated-disk';
export {
  DEFAULT_SNAP_COUNT,
  DEFAULT_SNAP_SIZE_LIMIT_BYTES,
  SnapshotTrigger,
  type SnapshotTriggerOptions,
} from './snapshot-trigger';
export type * from './storage';
