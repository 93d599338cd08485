// recoverWith: the host's loader consumes the snapshot while it streams off the disk, so a
// restart reads it once; a damaged snapshot still makes recovery fall back to an older one.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Disk, nodeDisk, openFileStorage, recoverWith } from '../src/index';
import { entry, useTempDirs } from './helpers';

const tempDir = useTempDirs();

/** nodeDisk, counting the bytes read from each file name. */
function countingDisk(): { disk: Disk; bytesRead: Map<string, number> } {
  const bytesRead = new Map<string, number>();
  const disk: Disk = {
    ...nodeDisk,
    async open(path, mode) {
      const file = await nodeDisk.open(path, mode);
      const name = path.split('/').at(-1)!;
      return {
        path: file.path,
        size: () => file.size(),
        async read(into, length, position) {
          const n = await file.read(into, length, position);
          bytesRead.set(name, (bytesRead.get(name) ?? 0) + n);
          return n;
        },
        write: (chunks, position) => file.write(chunks, position),
        truncate: (length) => file.truncate(length),
        sync: () => file.sync(),
        close: () => file.close(),
      };
    },
  };
  return { disk, bytesRead };
}

/** Concatenates the chunks; the loader of these tests. */
async function loadAll(chunks: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of chunks) out.push(...chunk);
  return out;
}

async function setUp() {
  const dataDir = await tempDir();
  const { disk, bytesRead } = countingDisk();
  const warnings: string[] = [];
  const storage = await openFileStorage({ dataDir, preallocSize: 4096, disk, warn: (m) => warnings.push(m) });
  for (let zxid = 1; zxid <= 30; zxid++) storage.log.append(entry(zxid));
  await storage.log.flush();
  await storage.snapshots.write(10, [Uint8Array.of(10), new Uint8Array(3000).fill(1)]);
  await storage.snapshots.write(20, [Uint8Array.of(20), new Uint8Array(3000).fill(2)]);
  const pathOf = (zxid: number) => join(storage.snapshotDir, `snapshot.${zxid.toString(16)}`);
  return { storage, bytesRead, warnings, pathOf };
}

async function zxidsOf(entries: AsyncIterable<{ zxid: number }>): Promise<number[]> {
  const out: number[] = [];
  for await (const e of entries) out.push(e.zxid);
  return out;
}

describe('recoverWith', () => {
  it('reads the newest snapshot once (recover() then read() reads it twice)', async () => {
    const { storage, bytesRead, pathOf } = await setUp();
    const size = (await readFile(pathOf(20))).byteLength;
    bytesRead.clear();
    const recovery = await recoverWith(storage, loadAll);
    expect(recovery.snapshot?.info.zxid).toBe(20);
    expect(recovery.snapshot?.value.slice(0, 2)).toEqual([20, 2]);
    expect(bytesRead.get('snapshot.14')).toBe(size);
    expect(await zxidsOf(recovery.entries)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);

    bytesRead.clear();
    const twice = await storage.recover();
    await loadAll(twice.snapshot!.chunks);
    expect(bytesRead.get('snapshot.14')).toBe(2 * size);
  });

  it('a checksum mismatch found at the end fails the load and falls back to the older snapshot', async () => {
    const { storage, warnings, pathOf } = await setUp();
    const bytes = await readFile(pathOf(20));
    bytes[2000]! ^= 1; // inside the chunk: only the trailer's CRC can tell
    await writeFile(pathOf(20), bytes);
    const loaded: number[] = [];
    const recovery = await recoverWith(
      storage,
      async (chunks, info) => {
        loaded.push(info.zxid);
        return loadAll(chunks);
      },
      (m) => warnings.push(m),
    );
    expect(loaded).toEqual([20, 10]);
    expect(recovery.snapshot?.info.zxid).toBe(10);
    expect(warnings.join('\n')).toMatch(/skipping snapshot snapshot\.14: .*checksum mismatch/);
    expect((await zxidsOf(recovery.entries))[0]).toBe(11);
  });

  it("a loader that refuses a damaged file's contents early still falls back, once the file fails to verify", async () => {
    const { storage, pathOf } = await setUp();
    const bytes = await readFile(pathOf(20));
    bytes[24 + 4]! = 99; // the first chunk's first byte
    await writeFile(pathOf(20), bytes);
    const recovery = await recoverWith(
      storage,
      async (chunks) => {
        for await (const chunk of chunks) if (chunk[0] === 99) throw new Error('parser: unknown tag 99');
        return 'loaded';
      },
      () => {},
    );
    expect(recovery.snapshot?.info.zxid).toBe(10);
  });

  it("the loader's own error is rethrown when the file is intact", async () => {
    const { storage } = await setUp();
    await expect(
      recoverWith(storage, async () => {
        throw new Error('parser: bad version');
      }),
    ).rejects.toThrow('parser: bad version');
  });

  it('no snapshot: every log entry', async () => {
    const dataDir = await tempDir();
    const storage = await openFileStorage({ dataDir, preallocSize: 4096, warn: () => {} });
    storage.log.append(entry(1));
    await storage.log.flush();
    const recovery = await recoverWith(storage, loadAll);
    expect(recovery.snapshot).toBeUndefined();
    expect(await zxidsOf(recovery.entries)).toEqual([1]);
  });
});
