// Purging keeps the newest snapshots and every log entry needed to recover from the oldest kept
// one, whether done by the running storage or offline by file names.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStorage, purgeDataDir, StorageError } from '../src/index';
import { collect, entry, useTempDirs, zxidsOf } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};

/** 200 entries, a snapshot (and a log roll, as a server does) every 40, plus segment rolls by size. */
async function busyDataDir() {
  const dataDir = await tempDir();
  const dataLogDir = await tempDir();
  const storage = await openFileStorage({
    dataDir,
    dataLogDir,
    segmentSize: 700,
    preallocSize: 1024,
    warn: quiet,
  });
  for (let zxid = 1; zxid <= 200; zxid++) {
    storage.log.append(entry(zxid));
    if (zxid % 40 === 0) {
      await storage.log.flush();
      await storage.snapshots.write(zxid, [new Uint8Array([zxid])]);
      storage.log.roll();
    }
  }
  await storage.log.flush();
  return { dataDir, dataLogDir, storage };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('purge', () => {
  it('in a running storage: deletes old snapshots and segments, and the oldest kept snapshot still recovers', async () => {
    const { storage } = await busyDataDir();
    const segmentsBefore = storage.log.segmentList().length;
    const result = await storage.purge({ retainCount: 3 });
    expect(result.deletedSnapshots).toEqual(['snapshot.50', 'snapshot.28']);
    expect(result.deletedLogs.length).toBeGreaterThan(0);
    expect(storage.log.segmentList().length).toBe(segmentsBefore - result.deletedLogs.length);
    expect(zxidsOf(await collect(storage.log.readAfter(120)))).toEqual(range(121, 200));
    expect(storage.log.firstZxid).toBeLessThanOrEqual(121);
    expect(storage.log.firstZxid).toBeGreaterThan(80);
    // Appending still works after purging.
    storage.log.append(entry(201));
    await storage.log.flush();
    await storage.close();
  });

  it('offline by file names: same result, and the storage reopens and recovers', async () => {
    const { dataDir, dataLogDir, storage } = await busyDataDir();
    await storage.close();
    await writeFile(join(dataDir, 'zkts-v1', 'snapshot.c8.tmp-3'), 'partial');
    const result = await purgeDataDir({ dataDir, dataLogDir, retainCount: 4, removeTempFiles: true });
    expect(result.deletedSnapshots).toEqual(['snapshot.28', 'snapshot.c8.tmp-3']);
    expect((await readdir(join(dataDir, 'zkts-v1'))).sort()).toEqual([
      'snapshot.50',
      'snapshot.78',
      'snapshot.a0',
      'snapshot.c8',
    ]);
    const reopened = await openFileStorage({ dataDir, dataLogDir, warn: quiet });
    expect(reopened.log.firstZxid).toBeLessThanOrEqual(81);
    expect(zxidsOf(await collect(reopened.log.readAfter(80)))).toEqual(range(81, 200));
    const recovery = await reopened.recover();
    expect(recovery.snapshot?.info.zxid).toBe(200);
    await reopened.close();
  });

  it('never deletes anything when there are fewer snapshots than retainCount', async () => {
    const { dataDir, dataLogDir, storage } = await busyDataDir();
    await storage.close();
    expect(await purgeDataDir({ dataDir, dataLogDir, retainCount: 6 })).toEqual({
      deletedSnapshots: [],
      deletedLogs: [],
    });
  });
});

describe('epoch files', () => {
  it('a damaged epoch file is reported, not read as a number', async () => {
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, preallocSize: 1024, warn: quiet });
    await storage.epochs.write('acceptedEpoch', 12);
    await writeFile(join(dataDir, 'zkts-v1', 'acceptedEpoch'), '1x2');
    const error = await storage.epochs.read('acceptedEpoch').catch((e: unknown) => e);
    expect(StorageError.isInstance(error, 'EPOCH_CORRUPT')).toBe(true);
    expect(String((error as Error).message)).toContain(join(dataDir, 'zkts-v1', 'acceptedEpoch'));
    // No temp files are left behind by writes.
    expect((await readdir(join(dataDir, 'zkts-v1'))).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});
