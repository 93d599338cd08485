// Damage before the tail of the log is not a torn write: acknowledged txns follow it. Opening
// refuses with an error naming the file and zxid, unless repair is asked for explicitly.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFaultyStorage, openFileStorage, StorageError, seededRandom } from '../src/index';
import { RECORD_HEADER_SIZE, SEGMENT_HEADER_SIZE } from '../src/log-format';
import { collect, entry, useTempDirs, zxidsOf } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};
const DATA = 20;
const RECORD = RECORD_HEADER_SIZE + DATA;
/** Offset of the record holding the n-th entry (1-based) of a segment of DATA-byte entries. */
const recordOffset = (n: number) => SEGMENT_HEADER_SIZE + (n - 1) * RECORD;

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    if (StorageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

/** A simulated-disk log of `count` DATA-byte entries with zxids 1..count, in segments of `perSegment`. */
async function simulatedLog(count: number, perSegment = 1000) {
  const random = seededRandom(7);
  const storage = await createFaultyStorage({
    random,
    segmentSize: SEGMENT_HEADER_SIZE + perSegment * RECORD,
    warn: quiet,
  });
  for (let zxid = 1; zxid <= count; zxid++) storage.log.append(entry(zxid, DATA));
  await storage.log.flush();
  const paths = storage.log.segmentList().map((s) => s.path);
  await storage.close();
  const reopen = (options: { repair?: boolean; warn?: (m: string) => void } = {}) =>
    createFaultyStorage({ random, disk: storage.disk, warn: quiet, ...options });
  const damage = (path: string, edit: (bytes: Uint8Array) => void) => {
    const bytes = storage.disk.contentOf(path)!;
    edit(bytes);
    storage.disk.overwrite(path, bytes);
  };
  return { disk: storage.disk, paths, reopen, damage };
}

describe('mid-log damage', () => {
  it('a CRC mismatch before the tail refuses to open, naming the file and zxid (real files)', async () => {
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, preallocSize: 4096, warn: quiet });
    for (let zxid = 1; zxid <= 10; zxid++) storage.log.append(entry(zxid, DATA));
    await storage.log.flush();
    await storage.close();
    const path = join(dataDir, 'zkts-v1', 'log.1');
    const bytes = await readFile(path);
    bytes[recordOffset(5) + RECORD_HEADER_SIZE + 3]! ^= 0x40; // one bit in entry 5's data
    await writeFile(path, bytes);

    const error = await rejection(openFileStorage({ dataDir, warn: quiet }));
    expect(error.code).toBe('LOG_CORRUPT');
    expect(error.file).toBe(path);
    expect(error.zxid).toBe(5);
    expect(error.message).toContain(path);
    expect(error.message).toContain('after zxid 0x4');
    expect(error.message).toContain('record claims zxid 0x5');
    expect(error.message).toContain('CRC mismatch');
    expect(error.message).toContain('repair: true');

    const warnings: string[] = [];
    const repaired = await openFileStorage({ dataDir, repair: true, warn: (m) => warnings.push(m) });
    expect(zxidsOf(await collect(repaired.log.readAfter(0)))).toEqual([1, 2, 3, 4]);
    expect(warnings.join('\n')).toMatch(/repair: cutting txn log .*log\.1 at offset \d+ after zxid 0x4/);
    await repaired.close();
    // The cut is on disk: a normal open now sees the shorter log.
    const again = await openFileStorage({ dataDir, warn: quiet });
    expect(again.log.lastZxid).toBe(4);
    await again.close();
  });

  it('damage to the last record is a torn tail: cut with a warning, not refused', async () => {
    const log = await simulatedLog(10);
    log.damage(log.paths[0]!, (bytes) => {
      bytes[recordOffset(10) + RECORD_HEADER_SIZE]! ^= 1;
    });
    const warnings: string[] = [];
    const storage = await log.reopen({ warn: (m) => warnings.push(m) });
    expect(storage.log.lastZxid).toBe(9);
    expect(warnings.join('\n')).toContain('torn tail');
  });

  it('a damaged length field is still caught as mid-log when valid records follow', async () => {
    const log = await simulatedLog(10);
    log.damage(log.paths[0]!, (bytes) => {
      bytes[recordOffset(3) + 5] = 0x7f; // entry 3 now claims a huge length
    });
    const error = await rejection(log.reopen());
    expect(error.code).toBe('LOG_CORRUPT');
    expect(error.message).toContain('after zxid 0x2');
    const repaired = await log.reopen({ repair: true });
    expect(zxidsOf(await collect(repaired.log.readAfter(0)))).toEqual([1, 2]);
  });

  it('zeros in the middle (a lost block) followed by valid records are refused', async () => {
    const log = await simulatedLog(10);
    log.damage(log.paths[0]!, (bytes) => {
      bytes.fill(0, recordOffset(4), recordOffset(6));
    });
    const error = await rejection(log.reopen());
    expect(error.message).toContain('after zxid 0x3');
  });

  it('damage in an earlier segment is refused even at its end; repair drops the later segments', async () => {
    const log = await simulatedLog(40, 10);
    expect(log.paths).toHaveLength(4);
    log.damage(log.paths[1]!, (bytes) => {
      bytes[recordOffset(10) + RECORD_HEADER_SIZE + 1]! ^= 0xff; // the last record of segment 2 (zxid 20)
    });
    const error = await rejection(log.reopen());
    expect(error.file).toBe(log.paths[1]);
    expect(error.zxid).toBe(20);
    const repaired = await log.reopen({ repair: true });
    expect(zxidsOf(await collect(repaired.log.readAfter(0)))).toEqual(
      Array.from({ length: 19 }, (_, i) => i + 1),
    );
    expect(await log.disk.list('/sim/data/zkts-v1')).toEqual(['log.1', 'log.b']);
    // The repaired log continues from where it was cut.
    repaired.log.append(entry(20));
    await repaired.log.flush();
    expect(repaired.log.lastZxid).toBe(20);
  });

  it('a torn header of the newest segment drops that file; a damaged older header is refused', async () => {
    const log = await simulatedLog(30, 10);
    log.damage(log.paths[2]!, (bytes) => bytes.fill(0, 10));
    const storage = await log.reopen();
    expect(storage.log.lastZxid).toBe(20);
    expect(await log.disk.list('/sim/data/zkts-v1')).toEqual(['log.1', 'log.b']);
    await storage.close();

    const other = await simulatedLog(30, 10);
    other.damage(other.paths[1]!, (bytes) => {
      bytes[2] = 0;
    });
    const error = await rejection(other.reopen());
    expect(error.message).toContain('bad magic');
    expect(error.file).toBe(other.paths[1]);
  });
});
