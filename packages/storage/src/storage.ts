// The contract the host (standalone server, Zab host loop, simulator) codes against. Storage
// knows nothing about txn contents or Zab: a log entry is a zxid and opaque bytes, a snapshot
// is a zxid and a stream of opaque chunks.

/** One txn as stored: its zxid and the bytes core's `encodeTxn` produced. */
export interface LogEntry {
  readonly zxid: number;
  readonly data: Uint8Array;
}

/**
 * The append-only txn log with group commit.
 *
 * Durability rule for the host: acknowledge a txn (ACK a proposal, reply to a standalone
 * write) only after a `flush()` called after its `append()` has resolved. If a flush rejects,
 * the log has failed: it refuses every further append and flush, and the host must stop
 * acknowledging, close the storage and reopen it (recovery then finds what really survived).
 * A failed fsync is never retried, because after a failed fsync the kernel may have dropped
 * the dirty pages and a second fsync could falsely succeed.
 */
export interface TxnLog {
  /** Zxid of the last appended entry (buffered or durable); 0 when the log is empty. */
  readonly lastZxid: number;
  /** Zxid of the last entry known durable (fsynced, or written when forceSync is off); 0 if none. */
  readonly durableZxid: number;
  /** Zxid of the oldest entry still in the log (after purges); 0 when the log is empty. */
  readonly firstZxid: number;
  /** The error that made the log fail, if it has failed. */
  readonly failure: Error | undefined;
  /**
   * Buffers one entry and returns at once; the bytes go to disk in the next group write.
   * Throws `StorageError` (code LOG_FAILED / CLOSED / BUSY) when the log cannot accept it, and
   * RangeError when `entry.zxid` is not greater than `lastZxid`.
   */
  append(entry: LogEntry): void;
  /**
   * Resolves when every entry appended before this call is durable. Flushes resolve in call
   * order. While one write+fsync is in flight, newer appends wait and go to disk together in
   * the next one (group commit).
   */
  flush(): Promise<void>;
  /** Makes the next append start a new segment (call after taking a snapshot, so purge can free old logs). */
  roll(): void;
  /**
   * Drops every entry with a zxid greater than `zxid` (Zab's TRUNC), across segments, durably.
   * Waits for pending writes first; appending while it runs throws (code BUSY).
   */
  truncate(zxid: number): Promise<void>;
  /**
   * The entries with a zxid strictly greater than `zxid`, in order, for replay or a DIFF. When
   * iteration starts it waits for the entries appended so far to be written, and yields at least
   * those. Do not truncate or purge the log while iterating.
   */
  readAfter(zxid: number): AsyncIterable<LogEntry>;
}

/** A snapshot on disk (or in memory), newest first in listings. */
export interface SnapshotInfo {
  /** The zxid at which the (fuzzy) snapshot started: replay the log after it. */
  readonly zxid: number;
  /** File name (file backends) or a synthetic name (memory backend); for messages. */
  readonly name: string;
}

export type SnapshotChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface SnapshotStore {
  /**
   * Writes a snapshot: chunks go to a temporary file (consumed lazily with bounded buffering,
   * yielding to the event loop between writes), then a trailing checksum, fsync, atomic rename and
   * a directory fsync. Only after the promise resolves does the snapshot exist. Chunk boundaries
   * are preserved on read.
   */
  write(zxid: number, chunks: SnapshotChunks): Promise<SnapshotInfo>;
  /** Every complete-looking snapshot, newest first, without verifying contents. */
  list(): Promise<SnapshotInfo[]>;
  /** The newest snapshot whose contents verify; corrupt or incomplete ones are skipped (with a warning). */
  latestValid(): Promise<SnapshotInfo | undefined>;
  /**
   * The chunks of the snapshot taken at `zxid`, as written. Checksums are verified while reading; the
   * iterator throws `StorageError` (code SNAPSHOT_CORRUPT) if they do not match.
   */
  read(zxid: number): AsyncIterable<Uint8Array>;
}

/** The two epochs Zab persists: see ZooKeeper's acceptedEpoch / currentEpoch files. */
export type EpochName = 'acceptedEpoch' | 'currentEpoch';

export interface EpochStore {
  /** The stored epoch, or undefined if it was never written. Throws (code EPOCH_CORRUPT) on a damaged file. */
  read(name: EpochName): Promise<number | undefined>;
  /** Stores the epoch atomically and durably (temp file, fsync, rename, directory fsync). */
  write(name: EpochName, epoch: number): Promise<void>;
}

/** What a restarting server loads: the newest valid snapshot, then the log entries after it. */
export interface Recovery {
  readonly snapshot: { readonly info: SnapshotInfo; readonly chunks: AsyncIterable<Uint8Array> } | undefined;
  /** Log entries with a zxid greater than the snapshot's (all entries when there is no snapshot). */
  readonly entries: AsyncIterable<LogEntry>;
  /** The last zxid in the log (0 if empty); the server's last logged zxid is max(this, snapshot zxid). */
  readonly lastLoggedZxid: number;
}

export interface PurgeOptions {
  /** How many of the newest snapshots to keep; at least 3 (ZooKeeper's autopurge.snapRetainCount). */
  readonly retainCount?: number | undefined;
}

export interface PurgeResult {
  readonly deletedSnapshots: readonly string[];
  readonly deletedLogs: readonly string[];
}

export interface Storage {
  readonly log: TxnLog;
  readonly snapshots: SnapshotStore;
  readonly epochs: EpochStore;
  /** The newest valid snapshot and the log entries after it. */
  recover(): Promise<Recovery>;
  /**
   * Keeps the `retainCount` newest snapshots and the log segments needed to recover from the oldest
   * of them; deletes the rest. Safe to call from an autopurge timer while the server runs.
   */
  purge(options?: PurgeOptions): Promise<PurgeResult>;
  /** Flushes what is buffered (best effort if the log has failed) and releases files. */
  close(): Promise<void>;
}

/** Receives operational warnings (repaired logs, skipped snapshots). Defaults to console.warn. */
export type WarningSink = (message: string) => void;
