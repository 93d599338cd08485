// The in-memory backend: same contract, nothing survives the process. The default when no
// dataDir is configured (embedded servers, tests). Entries and chunks are copied on the way in
// so callers may reuse their buffers, as with the file backend.
import { hexZxid, StorageError } from './errors';
import { MIN_RETAIN_COUNT, planPurge } from './purge-plan';
import { recoverFrom } from './recover';
import { snapshotFileName } from './snapshot-format';
import type {
  EpochName,
  EpochStore,
  LogEntry,
  PurgeOptions,
  PurgeResult,
  SnapshotChunks,
  SnapshotInfo,
  SnapshotStore,
  Storage,
  TxnLog,
} from './storage';

class MemoryTxnLog implements TxnLog {
  private entries: LogEntry[] = [];
  private closed = false;
  private truncating = false;
  readonly failure = undefined;

  get lastZxid(): number {
    return this.entries.at(-1)?.zxid ?? 0;
  }

  get durableZxid(): number {
    return this.lastZxid;
  }

  get firstZxid(): number {
    return this.entries[0]?.zxid ?? 0;
  }

  append(entry: LogEntry): void {
    if (this.closed) throw new StorageError('CLOSED', 'the txn log is closed');
    if (this.truncating)
      throw new StorageError('BUSY', 'the txn log is being truncated; wait for truncate()');
    if (!Number.isSafeInteger(entry.zxid) || entry.zxid <= this.lastZxid) {
      throw new RangeError(
        `append zxid ${hexZxid(entry.zxid)} must be an integer above the last logged zxid ${hexZxid(this.lastZxid)}`,
      );
    }
    this.entries.push({ zxid: entry.zxid, data: entry.data.slice() });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  roll(): void {}

  async truncate(zxid: number): Promise<void> {
    this.truncating = true;
    try {
      await Promise.resolve();
      this.entries.length = this.countThrough(zxid);
    } finally {
      this.truncating = false;
    }
  }

  async *readAfter(zxid: number): AsyncGenerator<LogEntry> {
    const snapshot = this.entries.slice(this.countThrough(zxid));
    for (const entry of snapshot) yield { zxid: entry.zxid, data: entry.data.slice() };
  }

  /** Forgets entries at or below `zxid` (purge). */
  dropThrough(zxid: number): number {
    const count = this.countThrough(zxid);
    this.entries.splice(0, count);
    return count;
  }

  close(): void {
    this.closed = true;
  }

  /** How many entries have a zxid at or below `zxid` (binary search: zxids ascend). */
  private countThrough(zxid: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid]!.zxid <= zxid) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<number, Uint8Array[]>();

  async write(zxid: number, chunks: SnapshotChunks): Promise<SnapshotInfo> {
    const copies: Uint8Array[] = [];
    for await (const chunk of chunks) copies.push(chunk.slice());
    this.snapshots.set(zxid, copies);
    return { zxid, name: snapshotFileName(zxid) };
  }

  async list(): Promise<SnapshotInfo[]> {
    return [...this.snapshots.keys()]
      .sort((a, b) => b - a)
      .map((zxid) => ({ zxid, name: snapshotFileName(zxid) }));
  }

  async latestValid(): Promise<SnapshotInfo | undefined> {
    return (await this.list())[0];
  }

  async *read(zxid: number): AsyncGenerator<Uint8Array> {
    const chunks = this.snapshots.get(zxid);
    if (chunks === undefined) {
      throw new StorageError('SNAPSHOT_NOT_FOUND', `no snapshot at zxid ${hexZxid(zxid)}`, { zxid });
    }
    for (const chunk of chunks) yield chunk.slice();
  }

  remove(zxids: readonly number[]): string[] {
    for (const zxid of zxids) this.snapshots.delete(zxid);
    return zxids.map(snapshotFileName);
  }
}

class MemoryEpochStore implements EpochStore {
  private readonly epochs = new Map<EpochName, number>();

  async read(name: EpochName): Promise<number | undefined> {
    return this.epochs.get(name);
  }

  async write(name: EpochName, epoch: number): Promise<void> {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`invalid epoch ${epoch}`);
    this.epochs.set(name, epoch);
  }
}

/** Storage that lives only in memory: for embedded use and tests (nothing survives a restart). */
export function createMemoryStorage(): Storage {
  const log = new MemoryTxnLog();
  const snapshots = new MemorySnapshotStore();
  const epochs = new MemoryEpochStore();
  return {
    log,
    snapshots,
    epochs,
    recover: () => recoverFrom({ log, snapshots }),
    async purge(options: PurgeOptions = {}): Promise<PurgeResult> {
      const plan = planPurge(
        (await snapshots.list()).map((info) => info.zxid),
        options.retainCount ?? MIN_RETAIN_COUNT,
      );
      const deletedSnapshots = snapshots.remove(plan.deleteSnapshots);
      if (plan.oldestKeptZxid !== undefined) log.dropThrough(plan.oldestKeptZxid);
      return { deletedSnapshots, deletedLogs: [] };
    },
    async close() {
      log.close();
    },
  };
}
