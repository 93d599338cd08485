// Opening a txn log directory: validate every segment, cut a torn tail, refuse damage in the
// middle. The rule that decides between the two: damage is a torn tail only if it is in the
// last segment and no valid record follows it. Anything after a valid later record may have
// been acknowledged, so cutting there could silently drop acknowledged txns.
import { join } from 'node:path';
import type { Disk } from './disk';
import { hexZxid, StorageError } from './errors';
import { parseSegmentFileName, SEGMENT_HEADER_SIZE } from './log-format';
import { SegmentReader } from './segment-reader';
import type { WarningSink } from './storage';

/** Where an operator finds the repair switch (named in LOG_CORRUPT messages). */
const REPAIR_FLAGS = '`zkts server --repair-log`, or createServer({ repairLog: true })';

/** A segment as the log keeps it in memory. */
export interface Segment {
  readonly name: string;
  readonly path: string;
  readonly baseZxid: number;
  firstZxid: number;
  lastZxid: number;
  count: number;
  /** Offset just past the last valid record. */
  end: number;
  /** Current file size (preallocated zeros included). */
  size: number;
  /** Complete and synced; no more writes will go to it (every segment but the one being appended to). */
  sealed: boolean;
  /**
   * False for a segment older than the newest snapshot: never read at open (its count, end and
   * lastZxid are estimates); read, and checked as it is read, only if an older snapshot is needed.
   */
  verified: boolean;
}

export interface ScanOptions {
  readonly repair: boolean;
  readonly warn: WarningSink;
  /**
   * The newest snapshot's zxid (0 or absent: none). Segments wholly before the one holding the txn
   * after it are not read: the snapshot already holds their txns (ZooKeeper starts its replay at
   * the same file), so damage there can neither stop a start nor make a repair cut newer txns.
   */
  readonly snapshotZxid?: number | undefined;
}

export interface ScanResult {
  readonly segments: Segment[];
}

export async function listSegments(disk: Disk, dir: string): Promise<{ name: string; baseZxid: number }[]> {
  const segments: { name: string; baseZxid: number }[] = [];
  for (const name of await disk.list(dir)) {
    const baseZxid = parseSegmentFileName(name);
    if (baseZxid !== undefined) segments.push({ name, baseZxid });
  }
  return segments.sort((a, b) => a.baseZxid - b.baseZxid);
}

export async function scanLog(disk: Disk, dir: string, options: ScanOptions): Promise<ScanResult> {
  const listed = await listSegments(disk, dir);
  const kept: Segment[] = [];
  let previousZxid = 0;
  let dirChanged = false;
  const snapshotZxid = options.snapshotZxid ?? 0;
  const first = firstNeededSegment(listed, snapshotZxid);
  for (let index = 0; index < first; index++) {
    const { name, baseZxid } = listed[index]!;
    const nextBase = listed[index + 1]!.baseZxid;
    kept.push({
      name,
      path: join(dir, name),
      baseZxid,
      firstZxid: baseZxid,
      lastZxid: nextBase - 1,
      count: 0,
      end: 0,
      size: 0,
      sealed: true,
      verified: false,
    });
  }

  for (let index = first; index < listed.length; index++) {
    const { name, baseZxid } = listed[index]!;
    const path = join(dir, name);
    const isLast = index === listed.length - 1;
    const file = await disk.open(path, 'update');
    let closed = false;
    const closeFile = async () => {
      closed = true;
      await file.close();
    };
    try {
      const size = await file.size();
      const reader = new SegmentReader(file, size);
      const header = await reader.header();
      const damage = (offset: number, reason: string, zxid: number | undefined) => ({
        offset,
        reason,
        zxid,
      });
      let found: { offset: number; reason: string; zxid: number | undefined } | undefined;
      const segment: Segment = {
        name,
        path,
        baseZxid,
        firstZxid: 0,
        lastZxid: 0,
        count: 0,
        end: 0,
        size,
        sealed: true,
        verified: true,
      };

      if ('problem' in header) {
        found = damage(0, header.problem, undefined);
      } else if (header.baseZxid !== baseZxid) {
        found = damage(0, `header says base zxid ${hexZxid(header.baseZxid)}`, undefined);
      } else {
        let offset = SEGMENT_HEADER_SIZE;
        for (;;) {
          // The first record must also be at or above the base zxid in the file name.
          const floor = Math.max(previousZxid, segment.count === 0 ? baseZxid - 1 : 0);
          const step = reader.stepBuffered(offset, floor) ?? (await reader.step(offset, floor));
          if (step.kind === 'entry') {
            if (segment.count === 0) segment.firstZxid = step.zxid;
            segment.lastZxid = step.zxid;
            segment.count++;
            previousZxid = step.zxid;
            offset = step.next;
            continue;
          }
          if (step.kind === 'end') {
            // A zero header ends the log only if the rest of the file is zeros too.
            if (!(await reader.zerosFrom(step.offset))) {
              found = damage(step.offset, 'non-zero bytes after the zero end marker', undefined);
            }
          } else {
            found = damage(step.offset, step.reason, step.claimedZxid);
          }
          segment.end = step.offset;
          break;
        }
      }
      if (found === undefined && segment.end === 0) segment.end = SEGMENT_HEADER_SIZE;

      if (found !== undefined) {
        const laterValid =
          !isLast || (await reader.validRecordAfter(found.offset, previousZxid)) !== undefined;
        if (laterValid) {
          const where = `${path} at offset ${found.offset}`;
          const after =
            previousZxid === 0 ? 'at the start of the log' : `after zxid ${hexZxid(previousZxid)}`;
          const claimed = found.zxid === undefined ? '' : ` (record claims zxid ${hexZxid(found.zxid)})`;
          if (previousZxid < snapshotZxid) {
            throw new StorageError(
              'LOG_CORRUPT',
              `txn log ${where} is damaged ${after}${claimed}, before the snapshot at zxid ${hexZxid(snapshotZxid)}: ` +
                `${found.reason}. The txns after the snapshot cannot be found past the damage, and a repair ` +
                'would drop txns the snapshot does not hold, so none is attempted. Restore this server from a healthy replica.',
              { file: path, zxid: found.zxid ?? previousZxid },
            );
          }
          if (!options.repair) {
            throw new StorageError(
              'LOG_CORRUPT',
              `txn log ${where} is damaged ${after}${claimed}: ${found.reason}. Valid txns follow the damage, ` +
                'so this is not a torn write and cutting here could lose acknowledged txns. Restore this ' +
                'server from a healthy replica, or reopen with repair: true to cut the log here ' +
                `(${REPAIR_FLAGS}).`,
              { file: path, zxid: found.zxid ?? previousZxid },
            );
          }
          const later = listed.slice(index + 1).map((segment) => segment.name);
          const lost = await readableAfterDamage(reader, found.offset, previousZxid);
          for (const name of later) {
            const more = await readableInSegment(disk, join(dir, name));
            lost.count += more.count;
            if (more.lastZxid > lost.lastZxid) lost.lastZxid = more.lastZxid;
          }
          options.warn(
            `repair: cutting txn log ${where} ${after}${claimed} (${found.reason}); removed txns after ` +
              `${hexZxid(previousZxid)}: the damaged record and ${lost.count} readable txn(s)` +
              (lost.count > 0 ? ` up to zxid ${hexZxid(lost.lastZxid)}` : '') +
              (later.length > 0 ? `, with later segment(s) ${later.join(', ')}` : ', no later segment'),
          );
          for (const later of listed.slice(index + 1)) await disk.remove(join(dir, later.name));
          listed.length = index + 1;
          dirChanged = true;
        }
        if (found.offset === 0 || segment.count === 0) {
          // Nothing usable in this segment (a torn creation): drop the file.
          await closeFile();
          await disk.remove(path);
          dirChanged = true;
          continue;
        }
        // Torn tail (or repair): cut the file so stale bytes can never be mistaken for records later.
        segment.end = found.offset;
        await file.truncate(found.offset);
        await file.sync();
        segment.size = found.offset;
        if (!laterValid)
          options.warn(`cut a torn tail of ${path} at offset ${found.offset} (${found.reason})`);
      }

      if (segment.count === 0) {
        // A header-only segment: harmless at the tail, but a hole if anything follows it.
        if (!isLast && index + 1 < listed.length) {
          if (!options.repair) {
            throw new StorageError(
              'LOG_CORRUPT',
              `txn log ${path} holds no txns but later segments exist; txns may be missing. Restore from a ` +
                'healthy replica, or reopen with repair: true to drop this and the later segments ' +
                `(${REPAIR_FLAGS}).`,
              { file: path, zxid: previousZxid },
            );
          }
          options.warn(`repair: dropping empty segment ${path} and every later segment`);
          for (const later of listed.slice(index + 1)) await disk.remove(join(dir, later.name));
          listed.length = index + 1;
        }
        await closeFile();
        await disk.remove(path);
        dirChanged = true;
        continue;
      }
      kept.push(segment);
    } finally {
      if (!closed) await file.close();
    }
  }
  if (dirChanged) await disk.syncDir(dir);
  return { segments: kept };
}

/** Index of the last segment whose base is at or below the txn after the snapshot (0 if none). */
function firstNeededSegment(listed: readonly { baseZxid: number }[], snapshotZxid: number): number {
  let first = 0;
  if (snapshotZxid <= 0) return first;
  for (let index = 0; index < listed.length; index++) {
    if (listed[index]!.baseZxid <= snapshotZxid + 1) first = index;
  }
  return first;
}

interface Readable {
  count: number;
  lastZxid: number;
}

/** The valid records after damage at `offset` (skipping further damage), for a repair's report. */
async function readableAfterDamage(
  reader: SegmentReader,
  offset: number,
  previousZxid: number,
): Promise<Readable> {
  return readableFrom(reader, await reader.validRecordAfter(offset, previousZxid), previousZxid);
}

async function readableFrom(
  reader: SegmentReader,
  start: number | undefined,
  previousZxid: number,
): Promise<Readable> {
  const readable: Readable = { count: 0, lastZxid: 0 };
  let at = start;
  while (at !== undefined) {
    const step = await reader.step(at, previousZxid);
    if (step.kind === 'end') break;
    if (step.kind === 'damaged') {
      at = await reader.validRecordAfter(step.offset, previousZxid);
      continue;
    }
    readable.count++;
    readable.lastZxid = step.zxid;
    previousZxid = step.zxid;
    at = step.next;
  }
  return readable;
}

/** The valid records of a whole segment file (a repair is about to remove it). */
async function readableInSegment(disk: Disk, path: string): Promise<Readable> {
  const file = await disk.open(path, 'read');
  try {
    const reader = new SegmentReader(file, await file.size());
    if ('problem' in (await reader.header())) return { count: 0, lastZxid: 0 };
    return await readableFrom(reader, SEGMENT_HEADER_SIZE, 0);
  } finally {
    await file.close();
  }
}
