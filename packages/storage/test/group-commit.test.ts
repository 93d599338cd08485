// Group commit: appends that arrive while an fsync is in flight share the next fsync, and
// flushes resolve in call order. fsyncs are counted (and held) through an injected disk.
import { describe, expect, it } from 'vitest';
import { type Disk, type DiskFile, nodeDisk, openFileStorage } from '../src/index';
import { entry, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const quiet = () => {};

/** The real disk, with file fsyncs counted and, while held, parked until released. */
function holdableDisk(base: Disk) {
  let held: Promise<void> | undefined;
  let release = () => {};
  const waitingForSync: Array<() => void> = [];
  const control = {
    fileSyncs: 0,
    hold() {
      held = new Promise((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
    },
    release: () => release(),
    /** Resolves when the next file fsync has started. */
    syncStarted: () => new Promise<void>((resolve) => waitingForSync.push(resolve)),
  };
  const wrap = (file: DiskFile): DiskFile => ({
    path: file.path,
    size: () => file.size(),
    read: (into, length, position) => file.read(into, length, position),
    write: (chunks, position) => file.write(chunks, position),
    truncate: (length) => file.truncate(length),
    close: () => file.close(),
    async sync() {
      control.fileSyncs++;
      for (const notify of waitingForSync.splice(0)) notify();
      if (held !== undefined) await held;
      await file.sync();
    },
  });
  const disk: Disk = { ...base, open: async (path, mode) => wrap(await base.open(path, mode)) };
  return { disk, control };
}

describe('group commit', () => {
  it('puts appends made during an fsync into one next fsync and resolves flushes in order', async () => {
    const { disk, control } = holdableDisk(nodeDisk);
    const storage = await openFileStorage({
      dataDir: await tempDir(),
      disk,
      preallocSize: 1 << 20,
      warn: quiet,
    });
    const { log } = storage;
    control.hold();
    const resolvedOrder: number[] = [];
    const flushes: Promise<void>[] = [];
    const started = control.syncStarted();
    log.append(entry(1));
    flushes.push(log.flush().then(() => void resolvedOrder.push(1)));
    await started; // the first write's fsync is now in flight, and parked
    for (let zxid = 2; zxid <= 1000; zxid++) {
      log.append(entry(zxid));
      flushes.push(log.flush().then(() => void resolvedOrder.push(zxid)));
    }
    expect(log.durableZxid).toBe(0);
    control.release();
    await Promise.all(flushes);
    expect(resolvedOrder).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(log.durableZxid).toBe(1000);
    expect(control.fileSyncs).toBe(2);
    await storage.close();
  });

  it('does not fsync when nothing is pending, nor at all with forceSync off', async () => {
    const { disk, control } = holdableDisk(nodeDisk);
    const storage = await openFileStorage({
      dataDir: await tempDir(),
      disk,
      preallocSize: 1 << 20,
      warn: quiet,
    });
    await storage.log.flush();
    expect(control.fileSyncs).toBe(0);
    storage.log.append(entry(1));
    await storage.log.flush();
    await storage.log.flush();
    expect(control.fileSyncs).toBe(1);
    await storage.close();

    const unsynced = holdableDisk(nodeDisk);
    const fast = await openFileStorage({
      dataDir: await tempDir(),
      disk: unsynced.disk,
      forceSync: false,
      preallocSize: 1 << 20,
      warn: quiet,
    });
    for (let zxid = 1; zxid <= 100; zxid++) {
      fast.log.append(entry(zxid));
      await fast.log.flush();
    }
    await fast.snapshots.write(100, [new Uint8Array(10)]);
    expect(unsynced.control.fileSyncs).toBe(0);
    await fast.close();
  });

  it('a flush only waits for entries appended before it', async () => {
    const { disk, control } = holdableDisk(nodeDisk);
    const storage = await openFileStorage({
      dataDir: await tempDir(),
      disk,
      preallocSize: 1 << 20,
      warn: quiet,
    });
    const { log } = storage;
    log.append(entry(1));
    const started = control.syncStarted();
    control.hold();
    const first = log.flush();
    await started;
    log.append(entry(2)); // arrives during the fsync of entry 1
    const second = log.flush();
    const secondStarted = control.syncStarted();
    control.release();
    await first;
    // Entry 1 is durable; entry 2 is in the next group write.
    expect(log.durableZxid).toBe(1);
    await secondStarted;
    await second;
    expect(log.durableZxid).toBe(2);
    await storage.close();
  });
});
