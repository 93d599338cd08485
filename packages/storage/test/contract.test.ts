// The Storage contract, run against every backend: what the host may rely on whichever it uses.
import { describe, expect, it } from 'vitest';
import {
  createFaultyStorage,
  createMemoryStorage,
  openFileStorage,
  type Storage,
  StorageError,
  seededRandom,
} from '../src/index';
import { collect, entry, thrown, useTempDirs, zxidsOf } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};

type Backend = { name: string; open: () => Promise<Storage> };
const backends: Backend[] = [
  { name: 'memory', open: async () => createMemoryStorage() },
  {
    name: 'file',
    open: async () =>
      openFileStorage({ dataDir: await tempDir(), segmentSize: 600, preallocSize: 4096, warn: quiet }),
  },
  {
    name: 'faulty (no faults)',
    open: () => createFaultyStorage({ random: seededRandom(1), segmentSize: 600, warn: quiet }),
  },
];

async function* lazyChunks(count: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) yield new Uint8Array(i).fill(i);
}

describe.each(backends)('$name storage', ({ open }) => {
  it('appends, reports durable after flush and reads back entries after a zxid', async () => {
    const storage = await open();
    const { log } = storage;
    expect(log.lastZxid).toBe(0);
    for (let zxid = 1; zxid <= 50; zxid++) log.append(entry(zxid, zxid % 7));
    expect(log.lastZxid).toBe(50);
    await log.flush();
    expect(log.durableZxid).toBe(50);
    expect(log.firstZxid).toBe(1);
    const after = await collect(log.readAfter(20));
    expect(zxidsOf(after)).toEqual(Array.from({ length: 30 }, (_, i) => i + 21));
    expect(after[0]).toEqual(entry(21, 21 % 7));
    await storage.close();
  });

  it('rejects a zxid that does not increase', async () => {
    const storage = await open();
    storage.log.append(entry(5));
    expect(() => storage.log.append(entry(5))).toThrow(RangeError);
    expect(() => storage.log.append(entry(3))).toThrow(/above the last logged zxid 0x5/);
    await storage.close();
  });

  it('truncates to a zxid across segments, then keeps appending after it', async () => {
    const storage = await open();
    const { log } = storage;
    for (let zxid = 1; zxid <= 60; zxid++) log.append(entry(zxid * 2));
    await log.flush();
    await log.truncate(41); // between 40 and 42
    expect(log.lastZxid).toBe(40);
    log.append(entry(41));
    await log.flush();
    const all = zxidsOf(await collect(log.readAfter(0)));
    expect(all).toEqual([...Array.from({ length: 20 }, (_, i) => (i + 1) * 2), 41]);
    await log.truncate(0);
    expect(log.lastZxid).toBe(0);
    expect(await collect(log.readAfter(0))).toEqual([]);
    await storage.close();
  });

  it('stores snapshots with their chunk boundaries and finds the newest', async () => {
    const storage = await open();
    await storage.snapshots.write(10, [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4])]);
    await storage.snapshots.write(30, lazyChunks(5));
    await storage.snapshots.write(20, []);
    expect((await storage.snapshots.list()).map((s) => s.zxid)).toEqual([30, 20, 10]);
    expect((await storage.snapshots.latestValid())?.zxid).toBe(30);
    expect(await collect(storage.snapshots.read(10))).toEqual([
      new Uint8Array([1, 2, 3]),
      new Uint8Array(0),
      new Uint8Array([4]),
    ]);
    expect(await collect(storage.snapshots.read(30))).toEqual(await collect(lazyChunks(5)));
    await expect(collect(storage.snapshots.read(99))).rejects.toSatisfy((error) =>
      StorageError.isInstance(error, 'SNAPSHOT_NOT_FOUND'),
    );
    await storage.close();
  });

  it('recovers the newest snapshot and the entries after it', async () => {
    const storage = await open();
    for (let zxid = 1; zxid <= 12; zxid++) storage.log.append(entry(zxid));
    await storage.log.flush();
    await storage.snapshots.write(8, [new Uint8Array([8])]);
    const recovery = await storage.recover();
    expect(recovery.snapshot?.info.zxid).toBe(8);
    expect(await collect(recovery.snapshot!.chunks)).toEqual([new Uint8Array([8])]);
    expect(zxidsOf(await collect(recovery.entries))).toEqual([9, 10, 11, 12]);
    expect(recovery.lastLoggedZxid).toBe(12);
    await storage.close();
  });

  it('keeps epochs', async () => {
    const storage = await open();
    expect(await storage.epochs.read('acceptedEpoch')).toBeUndefined();
    await storage.epochs.write('acceptedEpoch', 7);
    await storage.epochs.write('currentEpoch', 6);
    await storage.epochs.write('acceptedEpoch', 8);
    expect(await storage.epochs.read('acceptedEpoch')).toBe(8);
    expect(await storage.epochs.read('currentEpoch')).toBe(6);
    await expect(storage.epochs.write('currentEpoch', -1)).rejects.toThrow(RangeError);
    await storage.close();
  });

  it('purges old snapshots but keeps the entries the oldest kept one needs', async () => {
    const storage = await open();
    for (let zxid = 1; zxid <= 100; zxid++) {
      storage.log.append(entry(zxid));
      if (zxid % 20 === 0) {
        await storage.log.flush();
        await storage.snapshots.write(zxid, [new Uint8Array([zxid])]);
        storage.log.roll();
      }
    }
    await storage.log.flush();
    await expect(storage.purge({ retainCount: 2 })).rejects.toThrow(RangeError);
    const result = await storage.purge({ retainCount: 3 });
    expect(result.deletedSnapshots).toEqual(['snapshot.28', 'snapshot.14']);
    expect((await storage.snapshots.list()).map((s) => s.zxid)).toEqual([100, 80, 60]);
    // Every entry after the oldest kept snapshot is still there.
    const remaining = zxidsOf(await collect(storage.log.readAfter(0)));
    expect(remaining.filter((z) => z > 60)).toEqual(Array.from({ length: 40 }, (_, i) => i + 61));
    expect(remaining[0]).toBeGreaterThan(40);
    expect(storage.log.firstZxid).toBe(remaining[0]);
    await storage.close();
  });

  it('refuses appends after close', async () => {
    const storage = await open();
    await storage.close();
    expect(
      StorageError.isInstance(
        thrown(() => storage.log.append(entry(1))),
        'CLOSED',
      ),
    ).toBe(true);
  });
});
