import { join } from 'node:path';
import { checkWritable } from './check-writable';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import type { Disk } from './disk';
import { FileEpochStore } from './file-epoch-store';
import { FileSnapshotStore } from './file-snapshot-store';
import { type FileTxnLog, openFileTxnLog } from './file-txn-log';
import { nodeDisk } from './node-disk';
import { MIN_RETAIN_COUNT, planPurge } from './purge-plan';
import { recoverFrom } from './recover';
import type { PurgeOptions, PurgeResult, Storage, WarningSink } from './storage';

/** Our files live in their own subdirectory, so a ZooKeeper dataDir (version-2/) is never misread. */
export const STORAGE_SUBDIR = 'zkts-v1';

export interface FileStorageOptions {
  /** Snapshots and epoch files go to `<dataDir>/zkts-v1`. */
  readonly dataDir: string;
  /** Txn log segments go to `<dataLogDir>/zkts-v1` (default: dataDir). A dedicated disk helps latency. */
  readonly dataLogDir?: string | undefined;
  /** fsync before reporting writes durable (default true). False is unsafe on power loss. */
  readonly forceSync?: boolean | undefined;
  /** Segment files grow by this many zero bytes at a time (default 64 MiB, ZooKeeper's preAllocSize). */
  readonly preallocSize?: number | undefined;
  /** A new segment starts once the current one would exceed this many bytes (default 64 MiB). */
  readonly segmentSize?: number | undefined;
  /** Cut the log at damage found before its tail (losing what follows) instead of refusing to open. */
  readonly repair?: boolean | undefined;
  readonly warn?: WarningSink | undefined;
  /** File-system implementation (default: node:fs). Tests and the fault simulator inject their own. */
  readonly disk?: Disk | undefined;
  /**
   * Check first that dataDir and dataLogDir take a write and an fsync, failing with DIR_UNUSABLE
   * (a server should refuse to start, not fail its first client). Default false.
   */
  readonly checkWritable?: boolean | undefined;
  /**
   * Hold `<dataDir>/zkts-v1/zkts.lock` until close, refusing (DIR_LOCKED) a dataDir that a live
   * process holds. Uses node:fs directly, whatever `disk` is. Default false.
   */
  readonly exclusive?: boolean | undefined;
}

export const DEFAULT_SEGMENT_SIZE = 64 * 1024 * 1024;
export const DEFAULT_PREALLOC_SIZE = 64 * 1024 * 1024;

/** The file backend as returned by openFileStorage; `log` exposes its segments too. */
export interface FileStorage extends Storage {
  readonly log: FileTxnLog;
  readonly snapshots: FileSnapshotStore;
  readonly snapshotDir: string;
  readonly logDir: string;
}

/**
 * Opens (creating if needed) the storage in `dataDir`: validates the txn log, cuts a torn tail,
 * and refuses to open when damage sits before the tail unless `repair` is set.
 */
export async function openFileStorage(options: FileStorageOptions): Promise<FileStorage> {
  const disk = options.disk ?? nodeDisk;
  const warn = options.warn ?? ((message: string) => console.warn(`[zkts storage] ${message}`));
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  const preallocSize = options.preallocSize ?? DEFAULT_PREALLOC_SIZE;
  if (!Number.isSafeInteger(segmentSize) || segmentSize < 64) {
    throw new RangeError(`segmentSize must be an integer of at least 64 bytes, got ${segmentSize}`);
  }
  if (!Number.isSafeInteger(preallocSize) || preallocSize < 0) {
    throw new RangeError(`preallocSize must be a non-negative integer, got ${preallocSize}`);
  }
  const snapshotDir = join(options.dataDir, STORAGE_SUBDIR);
  const logDir = join(options.dataLogDir ?? options.dataDir, STORAGE_SUBDIR);
  if (options.checkWritable === true) {
    await checkWritable(disk, snapshotDir, 'dataDir');
    if (logDir !== snapshotDir) await checkWritable(disk, logDir, 'dataLogDir');
  }
  await disk.mkdirp(snapshotDir);
  const lock = options.exclusive === true ? await lockDataDir(snapshotDir, warn) : undefined;
  try {
    return await openLocked(options, disk, warn, snapshotDir, logDir, lock);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function openLocked(
  options: FileStorageOptions,
  disk: Disk,
  warn: WarningSink,
  snapshotDir: string,
  logDir: string,
  lock: DataDirLock | undefined,
): Promise<FileStorage> {
  const forceSync = options.forceSync ?? true;
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  const preallocSize = options.preallocSize ?? DEFAULT_PREALLOC_SIZE;
  const snapshots = new FileSnapshotStore(disk, snapshotDir, forceSync, warn);
  // Replay starts at the newest snapshot (recovery falls back to older ones only if it is damaged)
  const newestSnapshot = (await snapshots.list())[0];
  const log = await openFileTxnLog({
    disk,
    dir: logDir,
    forceSync,
    segmentSize,
    preallocSize,
    repair: options.repair ?? false,
    warn,
    snapshotZxid: newestSnapshot?.zxid,
  });
  const epochs = new FileEpochStore(disk, snapshotDir);
  return {
    log,
    snapshots,
    epochs,
    snapshotDir,
    logDir,
    recover: () => recoverFrom({ log, snapshots }),
    async purge(purgeOptions: PurgeOptions = {}): Promise<PurgeResult> {
      const plan = planPurge(
        (await snapshots.list()).map((info) => info.zxid),
        purgeOptions.retainCount ?? MIN_RETAIN_COUNT,
      );
      if (plan.oldestKeptZxid === undefined) {
        return { deletedSnapshots: await snapshots.remove([]), deletedLogs: [] };
      }
      // Snapshots first: a crash in between leaves extra logs (harmless), never a snapshot
      // whose following txns are gone.
      const deletedSnapshots = await snapshots.remove(plan.deleteSnapshots);
      const deletedLogs = await log.removeSegmentsThrough(plan.oldestKeptZxid);
      return { deletedSnapshots, deletedLogs };
    },
    async close() {
      await log.close();
      await lock?.release();
    },
  };
}
