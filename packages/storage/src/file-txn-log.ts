import { join } from 'node:path';
import type { Disk, DiskFile } from './disk';
import { hexZxid, StorageError } from './errors';
import { recordSize, SEGMENT_HEADER_SIZE, segmentFileName } from './log-format';
import { type Segment, scanLog } from './log-scan';
import { SegmentReader } from './segment-reader';
import type { LogEntry, TxnLog, WarningSink } from './storage';
import { ArenaPool, WriteBatch } from './write-batch';

export interface FileTxnLogOptions {
  readonly disk: Disk;
  readonly dir: string;
  /** fsync every group write (default true). Off, writes are only handed to the OS: unsafe on power loss. */
  readonly forceSync: boolean;
  /** Roll to a new segment once the current one would grow past this many bytes. */
  readonly segmentSize: number;
  /** Grow segment files in steps of this many bytes of zeros, so fsync rarely has to update the size. */
  readonly preallocSize: number;
  /** Cut the log at mid-log damage instead of refusing to open. */
  readonly repair: boolean;
  readonly warn: WarningSink;
  /** The newest snapshot's zxid: older segments are not read at open (see ScanOptions). */
  readonly snapshotZxid?: number | undefined;
}

interface FlushWaiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Opens (validating and cutting torn tails) the segment files in `options.dir`. */
export async function openFileTxnLog(options: FileTxnLogOptions): Promise<FileTxnLog> {
  await options.disk.mkdirp(options.dir);
  const { segments } = await scanLog(options.disk, options.dir, options);
  const tail = segments.at(-1);
  let tailFile: DiskFile | undefined;
  if (tail !== undefined) {
    tail.sealed = false;
    tailFile = await options.disk.open(tail.path, 'update');
  }
  if (options.forceSync) {
    // What recovery found may exist only in the page cache: the previous process may have died
    // before its fsync, or its fsync failed, after which Linux forgets the pages were dirty and a
    // plain fsync would not write them. Rewriting the tail's records re-dirties them, so this
    // fsync really makes durable everything the host is about to treat as its logged history.
    if (tail !== undefined && tailFile !== undefined) await rewriteRecords(tailFile, tail.end);
    await tailFile?.sync();
    await options.disk.syncDir(options.dir);
  }
  return new FileTxnLog(options, segments, tailFile);
}

/**
 * Segment files with group commit: `append` encodes into an in-memory batch; a single writer
 * loop repeatedly takes everything appended so far, writes it with one writev and fsyncs once.
 * Entries appended while an fsync runs form the next batch, so under load the number of fsyncs
 * per second stays near what the disk allows while appends per second keep growing.
 */
export class FileTxnLog implements TxnLog {
  private pending: WriteBatch[] = [];
  private readonly arenas = new ArenaPool();
  private waiters: FlushWaiter[] = [];
  private appended = 0;
  private durable = 0;
  private writing = false;
  private scheduled = false;
  private rollRequested = false;
  private truncating = false;
  private closed = false;
  private tailLogicalEnd: number;
  private allocated: number;
  private lastAppendedZxid: number;
  private lastDurableZxid: number;
  private failedWith: Error | undefined;

  constructor(
    private readonly options: FileTxnLogOptions,
    private readonly segments: Segment[],
    private tailFile: DiskFile | undefined,
  ) {
    const tail = segments.at(-1);
    this.tailLogicalEnd = tail?.end ?? 0;
    this.allocated = tail?.size ?? 0;
    this.lastAppendedZxid = tail?.lastZxid ?? 0;
    this.lastDurableZxid = this.lastAppendedZxid;
  }

  get lastZxid(): number {
    return this.lastAppendedZxid;
  }

  get durableZxid(): number {
    return this.lastDurableZxid;
  }

  get firstZxid(): number {
    return this.segments[0]?.firstZxid ?? 0;
  }

  get failure(): Error | undefined {
    return this.failedWith;
  }

  /** Segment files currently in the log, oldest first (for purge and diagnostics). */
  segmentList(): readonly Readonly<Segment>[] {
    return this.segments;
  }

  append(entry: LogEntry): void {
    this.assertAccepting();
    const { zxid, data } = entry;
    if (!Number.isSafeInteger(zxid) || zxid <= this.lastAppendedZxid) {
      throw new RangeError(
        `append zxid ${hexZxid(zxid)} must be an integer above the last logged zxid ${hexZxid(this.lastAppendedZxid)}`,
      );
    }
    const size = recordSize(data.byteLength);
    let tail = this.segments.at(-1);
    let batch = this.pending.at(-1);
    const mustRoll =
      tail === undefined ||
      (this.rollRequested && tail.count > 0) ||
      (tail.count > 0 && this.tailLogicalEnd + size > this.options.segmentSize);
    if (mustRoll) {
      const name = segmentFileName(zxid);
      tail = {
        name,
        path: join(this.options.dir, name),
        baseZxid: zxid,
        firstZxid: zxid,
        lastZxid: zxid,
        count: 0,
        end: 0,
        size: 0,
        sealed: false,
        verified: true,
      };
      this.segments.push(tail);
      batch = new WriteBatch(tail, 0, true, this.arenas);
      this.pending.push(batch);
      this.tailLogicalEnd = SEGMENT_HEADER_SIZE;
      this.rollRequested = false;
    } else if (batch === undefined || batch.segment !== tail) {
      batch = new WriteBatch(tail!, this.tailLogicalEnd, false, this.arenas);
      this.pending.push(batch);
    }
    const segment = tail!;
    this.appended++;
    batch!.add(zxid, data, this.appended);
    if (segment.count === 0) segment.firstZxid = zxid;
    segment.lastZxid = zxid;
    segment.count++;
    this.tailLogicalEnd += size;
    this.lastAppendedZxid = zxid;
    this.scheduleWrite();
  }

  flush(): Promise<void> {
    if (this.failedWith !== undefined) return Promise.reject(this.failedError());
    if (this.durable === this.appended) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ target: this.appended, resolve, reject });
      this.scheduleWrite();
    });
  }

  roll(): void {
    this.rollRequested = true;
  }

  async truncate(zxid: number): Promise<void> {
    this.assertAccepting();
    this.truncating = true;
    try {
      await this.flush();
      if (zxid >= this.lastAppendedZxid) return;
      await this.tailFile?.close();
      this.tailFile = undefined;
      // Newest first, so a crash part-way leaves a log that is still a prefix-plus-extra, never a hole.
      while ((this.segments.at(-1)?.baseZxid ?? -1) > zxid) {
        const doomed = this.segments.pop()!;
        await this.options.disk.remove(doomed.path);
      }
      const tail = this.segments.at(-1);
      if (tail !== undefined) {
        const file = await this.options.disk.open(tail.path, 'update');
        this.tailFile = file;
        const cut = await findCut(file, tail, zxid);
        await file.truncate(cut.offset);
        await file.sync();
        tail.end = cut.offset;
        tail.size = cut.offset;
        tail.lastZxid = cut.lastZxid;
        tail.count = cut.count;
        tail.sealed = false;
      }
      await this.options.disk.syncDir(this.options.dir);
      this.tailLogicalEnd = tail?.end ?? 0;
      this.allocated = tail?.size ?? 0;
      this.lastAppendedZxid = tail?.lastZxid ?? 0;
      this.lastDurableZxid = this.lastAppendedZxid;
    } catch (error) {
      if (StorageError.isInstance(error, 'LOG_FAILED')) throw error;
      this.fail(error);
      throw this.failedError();
    } finally {
      this.truncating = false;
    }
  }

  async *readAfter(zxid: number): AsyncGenerator<LogEntry> {
    await this.flush();
    const segments = this.segments.filter(
      (segment) => (segment.count > 0 || !segment.verified) && segment.lastZxid > zxid,
    );
    for (const segment of segments) {
      const file = await this.options.disk.open(segment.path, 'read');
      try {
        // a segment not verified at open (older than the newest snapshot) is checked as it is read
        const reader = new SegmentReader(file, segment.verified ? segment.end : await file.size());
        let offset = SEGMENT_HEADER_SIZE;
        let previous = 0;
        for (;;) {
          const step = reader.stepBuffered(offset, previous) ?? (await reader.step(offset, previous));
          if (step.kind === 'end') break;
          if (step.kind === 'damaged') {
            throw new StorageError(
              'LOG_CORRUPT',
              segment.verified
                ? `txn log ${segment.path} became unreadable at offset ${step.offset}: ${step.reason}`
                : `txn log ${segment.path}, needed because the newest snapshot could not be used, is damaged at offset ${step.offset}: ${step.reason}`,
              { file: segment.path, zxid: previous },
            );
          }
          previous = step.zxid;
          offset = step.next;
          if (step.zxid > zxid) yield { zxid: step.zxid, data: step.data.slice() };
        }
      } finally {
        await file.close();
      }
    }
  }

  /**
   * Deletes sealed segments whose every entry is at or below `zxid` (keeping the one that may hold
   * `zxid + 1`), oldest first. Returns the deleted file names.
   */
  async removeSegmentsThrough(zxid: number): Promise<string[]> {
    const removed: string[] = [];
    while (this.segments.length > 1) {
      const [oldest, next] = this.segments as [Segment, Segment];
      if (!oldest.sealed || next.baseZxid > zxid + 1) break;
      await this.options.disk.remove(oldest.path);
      this.segments.shift();
      removed.push(oldest.name);
    }
    if (removed.length > 0) await this.options.disk.syncDir(this.options.dir);
    return removed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => {});
    this.closed = true;
    await this.tailFile?.close().catch(() => {});
    this.tailFile = undefined;
  }

  private assertAccepting(): void {
    if (this.failedWith !== undefined) throw this.failedError();
    if (this.closed) throw new StorageError('CLOSED', 'the txn log is closed');
    if (this.truncating)
      throw new StorageError('BUSY', 'the txn log is being truncated; wait for truncate()');
  }

  private failedError(): StorageError {
    const cause = this.failedWith;
    return new StorageError(
      'LOG_FAILED',
      `the txn log failed (${cause?.message}) and accepts nothing more: stop acknowledging writes, ` +
        'close the storage and reopen it to recover what is on disk',
      { cause },
    );
  }

  private scheduleWrite(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // A microtask lets a burst of appends made in one turn share the first write.
    queueMicrotask(() => {
      this.scheduled = false;
      void this.runWriter();
    });
  }

  private async runWriter(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.pending.length > 0 && this.failedWith === undefined) {
        const batches = this.pending;
        this.pending = [];
        let createdSegment = false;
        for (const batch of batches) {
          if (batch.createsSegment) {
            await this.startSegment(batch.segment);
            createdSegment = true;
          }
          await this.writeBatch(batch);
        }
        if (this.options.forceSync) {
          await this.tailFile!.sync();
          if (createdSegment) await this.options.disk.syncDir(this.options.dir);
        }
        const last = batches.at(-1)!;
        this.durable = last.lastSequence;
        this.lastDurableZxid = last.lastZxid;
        this.resolveWaiters();
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.writing = false;
    }
    // Appends made during the final await of a failed or finished loop still need a writer.
    if (this.pending.length > 0 && this.failedWith === undefined) this.scheduleWrite();
  }

  /**
   * Seals the current tail and creates the next file. The tail is fsynced first even with
   * forceSync off (one fsync per segment): otherwise a power cut could tear an older segment
   * while a newer one survives, which recovery must refuse as mid-log damage.
   */
  private async startSegment(segment: Segment): Promise<void> {
    if (this.tailFile !== undefined) {
      await this.tailFile.sync();
      await this.tailFile.close();
      this.tailFile = undefined;
      const previous = this.segments[this.segments.indexOf(segment) - 1];
      if (previous !== undefined) previous.sealed = true;
    }
    this.tailFile = await this.options.disk.open(segment.path, 'replace');
    this.allocated = 0;
  }

  private async writeBatch(batch: WriteBatch): Promise<void> {
    const file = this.tailFile!;
    const end = batch.endOffset;
    if (end > this.allocated) {
      const step = this.options.preallocSize;
      const grown = step > 0 ? Math.ceil(end / step) * step : end;
      await file.truncate(grown);
      this.allocated = grown;
    }
    await file.write(batch.chunks, batch.startOffset);
    // The disk copied the bytes (into the kernel, or the simulated disk's own buffer).
    batch.release();
    batch.segment.end = end;
    batch.segment.size = this.allocated;
  }

  private resolveWaiters(): void {
    let resolved = 0;
    while (resolved < this.waiters.length && this.waiters[resolved]!.target <= this.durable) resolved++;
    const done = this.waiters.splice(0, resolved);
    for (const waiter of done) waiter.resolve();
  }

  private fail(error: unknown): void {
    if (this.failedWith !== undefined) return;
    this.failedWith = error instanceof Error ? error : new Error(String(error));
    this.pending = [];
    const waiters = this.waiters;
    this.waiters = [];
    const failed = this.failedError();
    for (const waiter of waiters) waiter.reject(failed);
    this.options.warn(`txn log failed: ${this.failedWith.message}`);
  }
}

/** Writes bytes [0, end) of `file` back in place, in bounded blocks. */
async function rewriteRecords(file: DiskFile, end: number): Promise<void> {
  const block = new Uint8Array(Math.min(end, 1 << 20));
  for (let position = 0; position < end; position += block.byteLength) {
    const length = Math.min(block.byteLength, end - position);
    const read = await file.read(block, length, position);
    if (read !== length) throw new Error(`${file.path}: short read while rewriting at ${position}`);
    await file.write([block.subarray(0, length)], position);
  }
}

/** Where to cut `segment` so that only entries up to `zxid` remain. */
async function findCut(
  file: DiskFile,
  segment: Segment,
  zxid: number,
): Promise<{ offset: number; lastZxid: number; count: number }> {
  const reader = new SegmentReader(file, segment.end);
  let offset = SEGMENT_HEADER_SIZE;
  let lastZxid = 0;
  let count = 0;
  for (;;) {
    const step = reader.stepBuffered(offset, lastZxid) ?? (await reader.step(offset, lastZxid));
    if (step.kind === 'end' || (step.kind === 'entry' && step.zxid > zxid))
      return { offset, lastZxid, count };
    if (step.kind === 'damaged') {
      throw new StorageError('LOG_CORRUPT', `txn log ${segment.path} is unreadable at offset ${offset}`, {
        file: segment.path,
        zxid: lastZxid,
      });
    }
    lastZxid = step.zxid;
    count++;
    offset = step.next;
  }
}
