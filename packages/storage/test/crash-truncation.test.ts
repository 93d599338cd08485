// Crash safety of the txn log: write a log under concurrent load, then for every possible cut of
// its last segment (byte by byte for a small log, sampled for a larger one), with the file ending
// at the cut, zero-filled after it (preallocation) or followed by random garbage, recovery must
// yield exactly the complete records before the cut: a prefix of what was appended, including
// everything a flush reported durable at or before the cut, and nothing invented.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFaultyStorage, type LogEntry, nodeDisk, openFileStorage, SimulatedDisk } from '../src/index';
import { RECORD_HEADER_SIZE, SEGMENT_HEADER_SIZE } from '../src/log-format';
import { collect, payloadFor, testSeed, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};
type Variant = 'short' | 'zeros' | 'garbage';
const variants: Variant[] = ['short', 'zeros', 'garbage'];

interface WrittenLog {
  entries: LogEntry[];
  /** Segment files (path → bytes) as they were on disk after the load. */
  files: Map<string, Uint8Array>;
  lastSegmentPath: string;
  /** Offset in the last segment just past each of its records. */
  lastSegmentRecordEnds: number[];
  /** How many entries precede the last segment. */
  entriesBeforeLastSegment: number;
  /** For each flush that resolved: how many entries were durable and where they ended in the last segment. */
  durablePoints: { count: number; endInLastSegment: number }[];
}

/** Appends `count` entries from `writers` concurrent writers, each appending then awaiting flush. */
async function writeUnderLoad(random: () => number, count: number, writers: number, segmentSize: number) {
  const storage = await createFaultyStorage({ random, segmentSize, preallocSize: 4096, warn: quiet });
  const entries: LogEntry[] = [];
  const flushedCounts: number[] = [];
  let next = 1;
  const writer = async () => {
    while (next <= count) {
      const zxid = next++;
      const data = payloadFor(zxid, Math.floor(random() * 48));
      entries.push({ zxid, data });
      storage.log.append({ zxid, data });
      await storage.log.flush();
      flushedCounts.push(storage.log.durableZxid);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const segments = storage.log.segmentList();
  const last = segments.at(-1)!;
  const files = new Map<string, Uint8Array>();
  for (const segment of segments) files.set(segment.path, storage.disk.contentOf(segment.path)!);
  const before = entries.filter((e) => e.zxid < last.baseZxid).length;
  const ends: number[] = [];
  let offset = SEGMENT_HEADER_SIZE;
  for (const e of entries.slice(before)) {
    offset += RECORD_HEADER_SIZE + e.data.byteLength;
    ends.push(offset);
  }
  const durablePoints = flushedCounts.map((count) => ({
    count,
    endInLastSegment: count <= before ? SEGMENT_HEADER_SIZE : ends[count - before - 1]!,
  }));
  await storage.close();
  return {
    entries,
    files,
    lastSegmentPath: last.path,
    lastSegmentRecordEnds: ends,
    entriesBeforeLastSegment: before,
    durablePoints,
  } satisfies WrittenLog;
}

/** Entries as comparable strings (deep-comparing many Uint8Arrays is slow). */
function describeEntries(entries: readonly LogEntry[]): string[] {
  return entries.map((e) => `${e.zxid}:${Buffer.from(e.data).toString('hex')}`);
}

/**
 * How many records at the start of the damaged file are byte-for-byte the originals. Usually those
 * ending at or before the cut, but a cut record whose lost tail was zeros is restored for real by
 * the zero fill, and recovery rightly keeps it.
 */
function intactRecords(original: Uint8Array, damaged: Uint8Array, ends: readonly number[]): number {
  const same = (from: number, to: number) =>
    to <= damaged.byteLength && Buffer.compare(original.subarray(from, to), damaged.subarray(from, to)) === 0;
  if (!same(0, SEGMENT_HEADER_SIZE)) return 0;
  let count = 0;
  let start = SEGMENT_HEADER_SIZE;
  for (const end of ends) {
    if (!same(start, end)) break;
    count++;
    start = end;
  }
  return count;
}

function cutFile(bytes: Uint8Array, cut: number, variant: Variant, random: () => number): Uint8Array {
  if (variant === 'short') return bytes.slice(0, cut);
  if (variant === 'zeros') {
    const out = new Uint8Array(bytes.byteLength);
    out.set(bytes.subarray(0, cut));
    return out;
  }
  const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
    Math.floor(random() * 256),
  );
  // Garbage that happened to start with the original byte could complete the cut record for real.
  if (cut < bytes.byteLength && garbage[0] === bytes[cut]) garbage[0] = (garbage[0]! + 1) & 0xff;
  const out = new Uint8Array(cut + garbage.byteLength);
  out.set(bytes.subarray(0, cut));
  out.set(garbage, cut);
  return out;
}

/** Recovers from a disk holding the log with its last segment cut, and checks the result. */
async function checkCut(
  log: WrittenLog,
  cut: number,
  variant: Variant,
  random: () => number,
  appendAfter: boolean,
) {
  const disk = new SimulatedDisk({ random });
  const original = log.files.get(log.lastSegmentPath)!;
  const damaged = cutFile(original, cut, variant, random);
  for (const [path, bytes] of log.files) disk.overwrite(path, path === log.lastSegmentPath ? damaged : bytes);
  const context = `cut at byte ${cut} of ${log.lastSegmentPath} (${variant})`;
  const storage = await createFaultyStorage({ random, disk, segmentSize: 1 << 30, warn: quiet });
  const complete = intactRecords(original, damaged, log.lastSegmentRecordEnds);
  const expected = log.entries.slice(0, log.entriesBeforeLastSegment + complete);
  const recovered = await collect(storage.log.readAfter(0));
  expect(describeEntries(recovered), context).toEqual(describeEntries(expected));
  expect(storage.log.lastZxid, context).toBe(expected.at(-1)?.zxid ?? 0);
  const durableBeforeCut = Math.max(
    0,
    ...log.durablePoints.filter((p) => p.endInLastSegment <= cut).map((p) => p.count),
  );
  expect(recovered.length, `${context}: lost an entry reported durable`).toBeGreaterThanOrEqual(
    durableBeforeCut,
  );

  if (appendAfter) {
    // The torn tail must be gone for good: new entries, a restart, and nothing stale reappears.
    const base = storage.log.lastZxid;
    const added = [1, 2, 3].map((i) => ({ zxid: base + i, data: new Uint8Array([i, i, i]) }));
    for (const e of added) storage.log.append(e);
    await storage.log.flush();
    await storage.close();
    const reopened = await createFaultyStorage({ random, disk, warn: quiet });
    expect(describeEntries(await collect(reopened.log.readAfter(0))), `${context}, then appended`).toEqual(
      describeEntries([...expected, ...added]),
    );
    await reopened.close();
  } else {
    await storage.close();
  }
}

// CPU-bound on a shared 2-core machine: generous timeouts, no timing assertions.
describe('txn log recovery after a cut at any byte', { timeout: 60_000 }, () => {
  it('small single-segment log: every byte, every tail variant', async () => {
    const { random } = testSeed('crash-truncation small');
    const log = await writeUnderLoad(random, 40, 6, 1 << 30);
    const end = log.lastSegmentRecordEnds.at(-1)!;
    expect(log.files.size).toBe(1);
    for (let cut = 0; cut <= end; cut++) {
      for (const variant of variants) await checkCut(log, cut, variant, random, cut % 97 === 0);
    }
  });

  it('multi-segment log: every byte of the last segment', async () => {
    const { random } = testSeed('crash-truncation segments');
    const log = await writeUnderLoad(random, 120, 8, 900);
    expect(log.files.size).toBeGreaterThan(3);
    const end = log.lastSegmentRecordEnds.at(-1)!;
    for (let cut = 0; cut <= end; cut++) {
      for (const variant of variants) await checkCut(log, cut, variant, random, cut % 131 === 0);
    }
  });

  it('larger log: sampled cuts', async () => {
    const { random } = testSeed('crash-truncation sampled');
    const log = await writeUnderLoad(random, 1500, 32, 32 * 1024);
    const end = log.lastSegmentRecordEnds.at(-1)!;
    for (let i = 0; i < 120; i++) {
      const cut = Math.floor(random() * (end + 1));
      await checkCut(log, cut, variants[i % 3]!, random, i % 10 === 0);
    }
  });

  it('real files: sampled cuts through node:fs', async () => {
    const { random } = testSeed('crash-truncation real files');
    const log = await writeUnderLoad(random, 60, 4, 1 << 30);
    const bytes = log.files.get(log.lastSegmentPath)!;
    const end = log.lastSegmentRecordEnds.at(-1)!;
    for (let i = 0; i < 24; i++) {
      const cut = Math.floor(random() * (end + 1));
      const variant = variants[i % 3]!;
      const dataDir = await tempDir();
      const logDir = join(dataDir, 'zkts-v1');
      await nodeDisk.mkdirp(logDir);
      const damaged = cutFile(bytes, cut, variant, random);
      await writeFile(join(logDir, 'log.1'), damaged);
      const storage = await openFileStorage({ dataDir, warn: quiet });
      const complete = intactRecords(bytes, damaged, log.lastSegmentRecordEnds);
      expect(describeEntries(await collect(storage.log.readAfter(0))), `cut ${cut} (${variant})`).toEqual(
        describeEntries(log.entries.slice(0, complete)),
      );
      await storage.close();
    }
  });
});
