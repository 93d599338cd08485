import { join } from 'node:path';
import type { Disk } from './disk';
import { STORAGE_SUBDIR } from './file-storage';
import { listSegments } from './log-scan';
import { nodeDisk } from './node-disk';
import { MIN_RETAIN_COUNT, planPurge } from './purge-plan';
import { isSnapshotTempName, parseSnapshotFileName } from './snapshot-format';
import type { PurgeResult } from './storage';

export interface PurgeDataDirOptions {
  readonly dataDir: string;
  readonly dataLogDir?: string | undefined;
  /** Snapshots to keep, at least 3 (default 3). */
  readonly retainCount?: number | undefined;
  /** Also delete temp files of interrupted snapshot writes (only safe when no server uses the directory). */
  readonly removeTempFiles?: boolean | undefined;
  readonly disk?: Disk | undefined;
}

/**
 * Purge by file names only, without opening the storage: for a CLI command or an external cron
 * job. It never reads, cuts or rewrites a log and never deletes the newest segment, so it does not
 * disturb a server using the directory; a running server should still prefer `storage.purge()`,
 * which also keeps its in-memory view of the segments in step.
 */
export async function purgeDataDir(options: PurgeDataDirOptions): Promise<PurgeResult> {
  const disk = options.disk ?? nodeDisk;
  const snapshotDir = join(options.dataDir, STORAGE_SUBDIR);
  const logDir = join(options.dataLogDir ?? options.dataDir, STORAGE_SUBDIR);
  const names = await disk.list(snapshotDir);
  const zxids = names.map(parseSnapshotFileName).filter((zxid): zxid is number => zxid !== undefined);
  const plan = planPurge(zxids, options.retainCount ?? MIN_RETAIN_COUNT);
  const deletedSnapshots: string[] = [];
  for (const zxid of plan.deleteSnapshots) {
    const name = `snapshot.${zxid.toString(16)}`;
    await disk.remove(join(snapshotDir, name));
    deletedSnapshots.push(name);
  }
  if (options.removeTempFiles === true) {
    for (const name of names.filter(isSnapshotTempName)) {
      await disk.remove(join(snapshotDir, name));
      deletedSnapshots.push(name);
    }
  }
  if (deletedSnapshots.length > 0) await disk.syncDir(snapshotDir);
  const deletedLogs: string[] = [];
  if (plan.oldestKeptZxid !== undefined) {
    const segments = await listSegments(disk, logDir);
    // A segment's entries all come before the next segment's base zxid.
    for (let i = 0; i + 1 < segments.length && segments[i + 1]!.baseZxid <= plan.oldestKeptZxid + 1; i++) {
      await disk.remove(join(logDir, segments[i]!.name));
      deletedLogs.push(segments[i]!.name);
    }
    if (deletedLogs.length > 0) await disk.syncDir(logDir);
  }
  return { deletedSnapshots, deletedLogs };
}
