import { StorageError } from './errors';
import type { LogEntry, Recovery, SnapshotInfo, Storage, WarningSink } from './storage';

/** Recovery for every backend: the newest valid snapshot, then the log entries after it. */
export async function recoverFrom(parts: Pick<Storage, 'log' | 'snapshots'>): Promise<Recovery> {
  const { log, snapshots } = parts;
  const info = await snapshots.latestValid();
  return {
    snapshot: info === undefined ? undefined : { info, chunks: snapshots.read(info.zxid) },
    entries: log.readAfter(info?.zxid ?? 0),
    lastLoggedZxid: log.lastZxid,
  };
}

/** What `recoverWith` found: the loaded snapshot (if any) and the log entries to replay over it. */
export interface LoadedRecovery<T> {
  readonly snapshot: { readonly info: SnapshotInfo; readonly value: T } | undefined;
  /** Log entries with a zxid greater than the loaded snapshot's (all entries when there is none). */
  readonly entries: AsyncIterable<LogEntry>;
  /** The last zxid in the log (0 if empty); the server's last logged zxid is max(this, snapshot zxid). */
  readonly lastLoggedZxid: number;
}

/**
 * Recovery that reads the snapshot once: `load` consumes the newest snapshot's chunks as they
 * stream off the disk (verified as read; the stream throws SNAPSHOT_CORRUPT at the end if the
 * checksum does not match, so `load` fails instead of returning a value). A snapshot that does
 * not verify is skipped with a warning and the next older one is loaded instead, as
 * `latestValid()` would have chosen. An error of `load` itself (its parser refusing the
 * contents) is rethrown, unless reading the rest of the file shows the file was damaged.
 */
export async function recoverWith<T>(
  storage: Pick<Storage, 'log' | 'snapshots'>,
  load: (chunks: AsyncIterable<Uint8Array>, info: SnapshotInfo) => Promise<T>,
  warn: WarningSink = (message) => console.warn(message),
): Promise<LoadedRecovery<T>> {
  const { log, snapshots } = storage;
  let snapshot: LoadedRecovery<T>['snapshot'];
  for (const info of await snapshots.list()) {
    const iterator = snapshots.read(info.zxid)[Symbol.asyncIterator]();
    // `load` may stop early (its own error); the iterator stays open so the rest can still be checked
    const chunks: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => iterator.next() }),
    };
    try {
      snapshot = { info, value: await load(chunks, info) };
      break;
    } catch (error) {
      const damage = StorageError.isInstance(error) ? error : await damageAfter(iterator);
      if (
        damage === undefined ||
        (damage.code !== 'SNAPSHOT_CORRUPT' && damage.code !== 'SNAPSHOT_NOT_FOUND')
      ) {
        await iterator.return?.();
        throw error;
      }
      warn(`skipping snapshot ${info.name}: ${damage.message}`);
    }
  }
  return {
    snapshot,
    entries: log.readAfter(snapshot?.info.zxid ?? 0),
    lastLoggedZxid: log.lastZxid,
  };
}

/** Reads the rest of a snapshot stream; the storage error it ends with, if any. */
async function damageAfter(iterator: AsyncIterator<Uint8Array>): Promise<StorageError | undefined> {
  try {
    for (;;) if ((await iterator.next()).done === true) return undefined;
  } catch (error) {
    return StorageError.isInstance(error) ? error : undefined;
  }
}
