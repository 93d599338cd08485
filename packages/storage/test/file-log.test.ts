// The file backend on the real file system: formats on disk, reopening, segment rolls,
// preallocation and truncation surviving a restart.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/index';
import { openFileStorage, STORAGE_SUBDIR } from '../src/index';
import { collect, entry, useTempDirs, zxidsOf } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};

describe('file txn log', () => {
  it('survives a reopen with every flushed entry, in segments named by first zxid', async () => {
    const dataDir = await tempDir();
    const first = await openFileStorage({ dataDir, segmentSize: 1000, preallocSize: 4096, warn: quiet });
    for (let zxid = 0x100; zxid < 0x100 + 100; zxid++) first.log.append(entry(zxid, 30));
    await first.log.flush();
    await first.close();

    const names = (await readdir(join(dataDir, STORAGE_SUBDIR))).filter((n) => n.startsWith('log.')).sort();
    expect(names.length).toBeGreaterThan(3);
    expect(names).toContain('log.100');
    // 46-byte records, 24-byte header: 21 records fit in 1000 bytes.
    expect(names).toContain(`log.${(0x100 + 21).toString(16)}`);
    const header = await readFile(join(dataDir, STORAGE_SUBDIR, 'log.100'));
    expect(header.subarray(0, 4).toString('latin1')).toBe('ZKTL');
    // Preallocated: the file is a whole number of 4096-byte steps, zeros past the last record.
    expect((await stat(join(dataDir, STORAGE_SUBDIR, 'log.100'))).size % 4096).toBe(0);

    const second = await openFileStorage({ dataDir, segmentSize: 1000, preallocSize: 4096, warn: quiet });
    expect(second.log.lastZxid).toBe(0x100 + 99);
    expect(second.log.firstZxid).toBe(0x100);
    const all = await collect(second.log.readAfter(0));
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => entry(0x100 + i, 30)));
    second.log.append(entry(0x100 + 100, 30));
    await second.log.flush();
    await second.close();

    const third = await openFileStorage({ dataDir, warn: quiet });
    expect(third.log.lastZxid).toBe(0x100 + 100);
    await third.close();
  });

  it('keeps a truncation across a restart, with no stale entries resurfacing', async () => {
    const dataDir = await tempDir();
    const options = { dataDir, segmentSize: 800, preallocSize: 2048, warn: quiet };
    const first = await openFileStorage(options);
    for (let zxid = 1; zxid <= 80; zxid++) first.log.append(entry(zxid, 25));
    await first.log.flush();
    await first.log.truncate(33);
    // A new epoch's zxids after the cut.
    for (let zxid = 2 ** 32 + 1; zxid <= 2 ** 32 + 5; zxid++) first.log.append(entry(zxid, 3));
    await first.log.flush();
    await first.close();

    const second = await openFileStorage(options);
    const expected = [
      ...Array.from({ length: 33 }, (_, i) => i + 1),
      ...[1, 2, 3, 4, 5].map((i) => 2 ** 32 + i),
    ];
    expect(zxidsOf(await collect(second.log.readAfter(0)))).toEqual(expected);
    await second.close();
  });

  it('puts the log in dataLogDir and snapshots and epochs in dataDir', async () => {
    const dataDir = await tempDir();
    const dataLogDir = await tempDir();
    const storage = await openFileStorage({ dataDir, dataLogDir, preallocSize: 4096, warn: quiet });
    storage.log.append(entry(1));
    await storage.log.flush();
    await storage.snapshots.write(1, [new Uint8Array([1])]);
    await storage.epochs.write('currentEpoch', 3);
    await storage.close();
    expect(await readdir(join(dataLogDir, STORAGE_SUBDIR))).toEqual(['log.1']);
    expect((await readdir(join(dataDir, STORAGE_SUBDIR))).sort()).toEqual(['currentEpoch', 'snapshot.1']);
    expect(await readFile(join(dataDir, STORAGE_SUBDIR, 'currentEpoch'), 'utf8')).toBe('3\n');
  });

  it('with forceSync off still writes everything (see group-commit for the fsync count)', async () => {
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, forceSync: false, preallocSize: 4096, warn: quiet });
    for (let zxid = 1; zxid <= 10; zxid++) storage.log.append(entry(zxid));
    await storage.log.flush();
    expect(storage.log.durableZxid).toBe(10);
    await storage.close();
    const reopened = await openFileStorage({ dataDir, warn: quiet });
    expect(reopened.log.lastZxid).toBe(10);
    await reopened.close();
  });
  it('keeps every record intact while group writes reuse their encoding buffers', async () => {
    // Entries of 70-150 KB fill several 256 KiB arenas per batch, and appends keep arriving while
    // earlier batches are being written, so a buffer handed back too early would be overwritten
    // before (or while) the kernel copies it.
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, warn: quiet });
    const expected: LogEntry[] = [];
    const flushes: Promise<void>[] = [];
    for (let zxid = 1; zxid <= 60; zxid++) {
      const appended = entry(zxid, 70_000 + ((zxid * 7919) % 80_000));
      storage.log.append(appended);
      expected.push(appended);
      if (zxid % 3 === 0) flushes.push(storage.log.flush());
      if (zxid % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(flushes);
    await storage.log.flush();
    await storage.close();

    const reopened = await openFileStorage({ dataDir, warn: quiet });
    const read = await collect(reopened.log.readAfter(0));
    expect(zxidsOf(read)).toEqual(zxidsOf(expected));
    // Byte comparison by Buffer.equals: a deep toEqual over megabytes is too slow.
    const damaged = read
      .filter((got, i) => !Buffer.from(got.data).equals(expected[i]!.data))
      .map((e) => e.zxid);
    expect(damaged).toEqual([]);
    await reopened.close();
  });
});
