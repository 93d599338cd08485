// Recovery starts at the log segment that holds the newest snapshot's zxid, as ZooKeeper does:
// older segments are never read, so damage there cannot stop the server, and a repair never
// throws away txns newer than the snapshot because of it.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStorage, recoverWith, StorageError } from '../src/index';
import { RECORD_HEADER_SIZE, SEGMENT_HEADER_SIZE } from '../src/log-format';
import { collect, entry, useTempDirs, zxidsOf } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};
const DATA = 20;
const RECORD = RECORD_HEADER_SIZE + DATA;
const PER_SEGMENT = 10;
const SNAPSHOT_ZXID = 25;

/** zxids 1..40 in segments log.1, log.b, log.15, log.1f; a snapshot at 25 (inside log.15). */
async function logWithSnapshot(): Promise<string> {
  const dataDir = await tempDir();
  const storage = await openFileStorage({
    dataDir,
    preallocSize: 0,
    segmentSize: SEGMENT_HEADER_SIZE + PER_SEGMENT * RECORD,
    warn: quiet,
  });
  for (let zxid = 1; zxid <= 40; zxid++) storage.log.append(entry(zxid, DATA));
  await storage.log.flush();
  await storage.snapshots.write(SNAPSHOT_ZXID, [new Uint8Array([1, 2, 3])]);
  expect(storage.log.segmentList().map((s) => s.name)).toEqual(['log.1', 'log.b', 'log.15', 'log.1f']);
  await storage.close();
  return dataDir;
}

/** Flips bits in the data of the record holding `zxid`. */
async function damage(dataDir: string, segment: string, firstZxid: number, zxid: number): Promise<void> {
  const path = join(dataDir, 'zkts-v1', segment);
  const bytes = await readFile(path);
  const at = SEGMENT_HEADER_SIZE + (zxid - firstZxid) * RECORD + RECORD_HEADER_SIZE + 3;
  for (let i = 0; i < 4; i++) bytes[at + i]! ^= 0x5a;
  await writeFile(path, bytes);
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    if (StorageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('log segments older than the newest snapshot', () => {
  it('are not read: damage in the oldest segment neither refuses the start nor loses a txn', async () => {
    const dataDir = await logWithSnapshot();
    await damage(dataDir, 'log.1', 1, 8);
    const storage = await openFileStorage({ dataDir, warn: quiet });
    const recovery = await storage.recover();
    expect(recovery.snapshot?.info.zxid).toBe(SNAPSHOT_ZXID);
    expect(zxidsOf(await collect(recovery.entries))).toEqual(range(26, 40));
    expect(storage.log.lastZxid).toBe(40);
    await storage.close();
  });

  it('a repair does not touch them nor drop the intact segments after them', async () => {
    const dataDir = await logWithSnapshot();
    await damage(dataDir, 'log.1', 1, 8);
    const warnings: string[] = [];
    const storage = await openFileStorage({ dataDir, repair: true, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(storage.log.segmentList().map((s) => s.name)).toEqual(['log.1', 'log.b', 'log.15', 'log.1f']);
    expect(zxidsOf(await collect((await storage.recover()).entries))).toEqual(range(26, 40));
    await storage.close();
  });

  it('a repair after the snapshot reports exactly the segments and txns it removed', async () => {
    const dataDir = await logWithSnapshot();
    await damage(dataDir, 'log.15', 21, 28);
    const error = await rejection(openFileStorage({ dataDir, warn: quiet }));
    expect(error.code).toBe('LOG_CORRUPT');
    const warnings: string[] = [];
    const storage = await openFileStorage({ dataDir, repair: true, warn: (m) => warnings.push(m) });
    expect(zxidsOf(await collect((await storage.recover()).entries))).toEqual([26, 27]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('after zxid 0x1b');
    expect(warnings[0]).toContain(
      'removed txns after 0x1b: the damaged record and 12 readable txn(s) up to zxid 0x28',
    );
    expect(warnings[0]).toContain('with later segment(s) log.1f');
    await storage.close();
  });

  it('are still replayed, and checked as they are read, when the newest snapshot turns out damaged', async () => {
    const dataDir = await logWithSnapshot();
    const [snapshotName] = (await readdir(join(dataDir, 'zkts-v1'))).filter((n) => n.startsWith('snapshot.'));
    const snapshotPath = join(dataDir, 'zkts-v1', snapshotName!);
    const bytes = await readFile(snapshotPath);
    bytes[bytes.length - 1]! ^= 0xff;
    await writeFile(snapshotPath, bytes);
    const storage = await openFileStorage({ dataDir, warn: quiet });
    const recovery = await recoverWith(storage, async (chunks) => collect(chunks), quiet);
    expect(recovery.snapshot).toBeUndefined();
    expect(zxidsOf(await collect(recovery.entries))).toEqual(range(1, 40));
    await storage.close();

    await damage(dataDir, 'log.1', 1, 8);
    const damaged = await openFileStorage({ dataDir, warn: quiet });
    const again = await recoverWith(damaged, async (chunks) => collect(chunks), quiet);
    const error = await rejection(collect(again.entries));
    expect(error.code).toBe('LOG_CORRUPT');
    expect(error.message).toContain('needed because the newest snapshot could not be used');
    await damaged.close();
  });

  it('damage in the snapshot segment before the snapshot zxid is refused even with repair', async () => {
    const dataDir = await logWithSnapshot();
    await damage(dataDir, 'log.15', 21, 23);
    const error = await rejection(openFileStorage({ dataDir, repair: true, warn: quiet }));
    expect(error.code).toBe('LOG_CORRUPT');
    expect(error.message).toContain('snapshot at zxid 0x19');
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
