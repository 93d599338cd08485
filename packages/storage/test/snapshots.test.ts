// Snapshot files: atomic appearance, verification, skipping damaged ones, and a writer that
// consumes a lazy producer with bounded buffering while the event loop keeps running.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Disk, type DiskFile, nodeDisk, openFileStorage, StorageError } from '../src/index';
import { collect, useTempDirs } from './helpers';

const tempDir = useTempDirs();

async function storageWithSnapshots(zxids: number[]) {
  const dataDir = await tempDir();
  const warnings: string[] = [];
  const storage = await openFileStorage({ dataDir, preallocSize: 4096, warn: (m) => warnings.push(m) });
  for (const zxid of zxids) {
    await storage.snapshots.write(zxid, [new Uint8Array([zxid & 0xff]), new Uint8Array(100).fill(7)]);
  }
  const pathOf = (zxid: number) => join(storage.snapshotDir, `snapshot.${zxid.toString(16)}`);
  return { storage, warnings, pathOf };
}

describe('file snapshots', () => {
  it('skips a corrupt newest snapshot and an incomplete one, with a warning each', async () => {
    const { storage, warnings, pathOf } = await storageWithSnapshots([0x10, 0x20, 0x30]);
    const newest = await readFile(pathOf(0x30));
    newest[40]! ^= 1;
    await writeFile(pathOf(0x30), newest);
    const middle = await readFile(pathOf(0x20));
    await writeFile(pathOf(0x20), middle.subarray(0, middle.byteLength - 3));

    expect((await storage.snapshots.latestValid())?.zxid).toBe(0x10);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('snapshot.30 is corrupt: checksum mismatch');
    expect(warnings[1]).toContain('snapshot.20 is corrupt: trailer cut short');
    const recovery = await storage.recover();
    expect(recovery.snapshot?.info.zxid).toBe(0x10);
  });

  it('reading a damaged snapshot throws SNAPSHOT_CORRUPT naming the file', async () => {
    const { storage, pathOf } = await storageWithSnapshots([5]);
    const bytes = await readFile(pathOf(5));
    await writeFile(pathOf(5), Buffer.concat([bytes, Buffer.from([0])]));
    const error = await collect(storage.snapshots.read(5)).catch((e: unknown) => e);
    expect(StorageError.isInstance(error, 'SNAPSHOT_CORRUPT')).toBe(true);
    expect((error as StorageError).message).toContain(pathOf(5));
    expect((error as StorageError).message).toContain('bytes after the trailer');
  });

  it('ignores temp files of interrupted writes, and purge removes them', async () => {
    const { storage } = await storageWithSnapshots([1, 2, 3]);
    await writeFile(join(storage.snapshotDir, 'snapshot.4.tmp-1'), 'half a snapshot');
    expect((await storage.snapshots.list()).map((s) => s.zxid)).toEqual([3, 2, 1]);
    const result = await storage.purge({ retainCount: 3 });
    expect(result.deletedSnapshots).toEqual(['snapshot.4.tmp-1']);
    expect((await readdir(storage.snapshotDir)).sort()).toEqual(['snapshot.1', 'snapshot.2', 'snapshot.3']);
  });

  it('pulls chunks lazily with bounded buffering and lets the event loop run while writing', async () => {
    const { storage } = await storageWithSnapshots([]);
    const chunkSize = 64 * 1024;
    const total = 256; // 16 MiB
    let produced = 0;
    let maxAhead = 0;
    let writtenAtLastTick = 0;
    let ticks = 0;
    let done = false;
    // Counts event-loop turns that happen while the snapshot is being written.
    const ticker = () => {
      if (done) return;
      ticks++;
      writtenAtLastTick = produced;
      setImmediate(ticker);
    };
    setImmediate(ticker);
    async function* producer(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < total; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - writtenAtLastTick);
        yield new Uint8Array(chunkSize).fill(i & 0xff);
      }
    }
    await storage.snapshots.write(99, producer());
    done = true;
    // Other callbacks ran many times during the write, and the producer was never more than about
    // one write buffer (1 MiB = 16 chunks) ahead of an event-loop turn.
    expect(ticks).toBeGreaterThan(10);
    expect(maxAhead).toBeLessThanOrEqual(32);
    const chunks = await collect(storage.snapshots.read(99));
    expect(chunks).toHaveLength(total);
    expect(chunks[200]![0]).toBe(200);
  });

  it('accepts a synchronous iterable', async () => {
    const { storage } = await storageWithSnapshots([]);
    function* chunks() {
      yield new Uint8Array([1]);
      yield new Uint8Array([2, 3]);
    }
    await storage.snapshots.write(1, chunks());
    expect(await collect(storage.snapshots.read(1))).toEqual([new Uint8Array([1]), new Uint8Array([2, 3])]);
  });

  it('a failing producer leaves no snapshot behind', async () => {
    const { storage } = await storageWithSnapshots([1]);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('tree changed shape');
    }
    await expect(storage.snapshots.write(2, failing())).rejects.toThrow('tree changed shape');
    expect(await readdir(storage.snapshotDir)).toEqual(['snapshot.1']);
  });
  it('with forceSync, fsyncs a large snapshot in steps while writing it, not only at the end', async () => {
    // One fsync of a whole large snapshot made the txn log's concurrent fsync wait 30-45 ms.
    const snapshotSyncs: number[] = [];
    let written = 0;
    const wrap = (file: DiskFile): DiskFile => ({
      path: file.path,
      size: () => file.size(),
      read: (into, length, position) => file.read(into, length, position),
      async write(chunks, position) {
        await file.write(chunks, position);
        if (file.path.includes('snapshot.')) for (const chunk of chunks) written += chunk.byteLength;
      },
      truncate: (length) => file.truncate(length),
      close: () => file.close(),
      async sync() {
        if (file.path.includes('snapshot.')) snapshotSyncs.push(written);
        await file.sync();
      },
    });
    const disk: Disk = { ...nodeDisk, open: async (path, mode) => wrap(await nodeDisk.open(path, mode)) };
    const storage = await openFileStorage({ dataDir: await tempDir(), disk, warn: () => {} });
    const chunk = new Uint8Array(64 * 1024).fill(3);
    await storage.snapshots.write(
      0x40,
      Array.from({ length: 400 }, () => chunk),
    ); // 25 MiB
    await storage.close();
    expect(snapshotSyncs.length).toBeGreaterThanOrEqual(3);
    // the first step comes early, not after everything was written
    expect(snapshotSyncs[0]).toBeLessThan(12 << 20);
  });
});
