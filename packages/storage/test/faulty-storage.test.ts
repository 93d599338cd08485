// The fault-injecting backend: fsync errors and a full disk make flush reject and the log refuse
// further appends; power loss keeps durable data only. A randomised run over all of it checks
// that recovery never loses an entry a flush reported durable and never invents one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createFaultyStorage,
  type FaultyStorage,
  type LogEntry,
  SimulatedDisk,
  StorageError,
  seededRandom,
} from '../src/index';
import { collect, entry, payloadFor, thrown, zxidsOf } from './helpers';

const quiet = () => {};

async function withEntries(count: number, disk?: SimulatedDisk) {
  const storage = await createFaultyStorage({
    random: seededRandom(3),
    warn: quiet,
    ...(disk === undefined ? {} : { disk }),
  });
  for (let zxid = 1; zxid <= count; zxid++) storage.log.append(entry(zxid));
  await storage.log.flush();
  return storage;
}

async function flushError(storage: FaultyStorage): Promise<StorageError> {
  const error = await storage.log.flush().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!StorageError.isInstance(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

describe('faulty storage', () => {
  it('an fsync error rejects the flush, refuses later appends, and never counts the entry durable', async () => {
    const storage = await withEntries(5);
    storage.disk.failNext('fsync-error');
    storage.log.append(entry(6));
    const error = await flushError(storage);
    expect(error.code).toBe('LOG_FAILED');
    expect(error.message).toMatch(/EIO: fsync of .*log\.1 failed/);
    expect(error.message).toContain('stop acknowledging writes');
    expect(storage.log.durableZxid).toBe(5);
    expect(
      StorageError.isInstance(
        thrown(() => storage.log.append(entry(7))),
        'LOG_FAILED',
      ),
    ).toBe(true);
    expect((await flushError(storage)).code).toBe('LOG_FAILED');
    expect(storage.disk.fired['fsync-error']).toBe(1);

    // Like Linux after a failed fsync, the data never becomes durable: power loss takes it.
    storage.disk.crash();
    const reopened = await createFaultyStorage({ random: seededRandom(4), disk: storage.disk, warn: quiet });
    expect(zxidsOf(await collect(reopened.log.readAfter(0)))).toEqual([1, 2, 3, 4, 5]);
  });

  it('after an fsync error, a restart without power loss makes what it recovers durable', async () => {
    const storage = await withEntries(2);
    storage.disk.failNext('fsync-error');
    storage.log.append(entry(3));
    await expect(storage.log.flush()).rejects.toThrow(/EIO/);
    await storage.close();
    // The page cache still holds entry 3, but no longer as dirty data: a plain fsync would skip it.
    const restarted = await createFaultyStorage({ random: seededRandom(8), disk: storage.disk, warn: quiet });
    expect(restarted.log.lastZxid).toBe(3);
    storage.disk.crash();
    const afterPowerLoss = await createFaultyStorage({
      random: seededRandom(9),
      disk: storage.disk,
      warn: quiet,
    });
    expect(zxidsOf(await collect(afterPowerLoss.log.readAfter(0)))).toEqual([1, 2, 3]);
  });

  it('a full disk rejects the flush and refuses appends until the storage is reopened', async () => {
    const storage = await withEntries(3);
    storage.disk.setFull(true);
    storage.log.append(entry(4, 5000)); // larger than the preallocated space left? either way a write
    const error = await flushError(storage);
    expect(error.message).toContain('ENOSPC');
    expect(
      StorageError.isInstance(
        thrown(() => storage.log.append(entry(5))),
        'LOG_FAILED',
      ),
    ).toBe(true);
    expect(storage.disk.fired['disk-full'] + 0).toBe(0); // sticky full is not a random fault
    storage.disk.setFull(false);
    const reopened = await createFaultyStorage({ random: seededRandom(5), disk: storage.disk, warn: quiet });
    expect(reopened.log.lastZxid).toBe(3);
    reopened.log.append(entry(4));
    await reopened.log.flush();
    expect(reopened.log.durableZxid).toBe(4);
  });

  it('a snapshot that hits a full disk does not exist afterwards', async () => {
    const storage = await withEntries(1);
    await storage.snapshots.write(1, [new Uint8Array(10)]);
    storage.disk.failNext('disk-full');
    await expect(storage.snapshots.write(2, [new Uint8Array(10)])).rejects.toThrow(/ENOSPC/);
    expect((await storage.snapshots.list()).map((s) => s.zxid)).toEqual([1]);
    expect((await storage.disk.list('/sim/data/zkts-v1')).filter((n) => n.includes('tmp'))).toEqual([]);
  });

  it('a crash while a snapshot is being written leaves the previous snapshot as the latest', async () => {
    const storage = await withEntries(1);
    await storage.snapshots.write(1, [new Uint8Array([1])]);
    async function* crashMidway(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(2 << 20);
      storage.disk.crash();
      yield new Uint8Array(10);
    }
    await expect(storage.snapshots.write(2, crashMidway())).rejects.toThrow(/crash/);
    const reopened = await createFaultyStorage({ random: seededRandom(6), disk: storage.disk, warn: quiet });
    expect((await reopened.snapshots.latestValid())?.zxid).toBe(1);
  });

  it('random appends, flushes, truncations, faults and crashes never lose a durable entry', async () => {
    type Op =
      | { kind: 'append'; count: number; size: number }
      | { kind: 'flush' }
      | { kind: 'truncate'; back: number }
      | { kind: 'fault'; point: 'fsync-error' | 'disk-full' }
      | { kind: 'crash' }
      | { kind: 'restart' }
      | { kind: 'roll' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('append' as const),
          count: fc.integer({ min: 1, max: 30 }),
          size: fc.integer({ min: 0, max: 300 }),
        }),
      },
      { weight: 4, arbitrary: fc.constant({ kind: 'flush' as const }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('truncate' as const),
          back: fc.integer({ min: 0, max: 40 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('fault' as const),
          point: fc.constantFrom('fsync-error' as const, 'disk-full' as const),
        }),
      },
      { weight: 2, arbitrary: fc.constant({ kind: 'crash' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'roll' as const }) },
    );
    const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(op, { maxLength: 60 }),
        async (diskSeed, ops) => {
          const random = seededRandom(diskSeed);
          const disk = new SimulatedDisk({
            random,
            faultRates: { 'crash-torn-write': 0.5, 'crash-lose-unsynced': 0.2 },
          });
          const open = async (): Promise<FaultyStorage> => {
            // Reopening may itself hit a forced fault (it syncs after cutting a tail): try again, as an operator would.
            for (;;) {
              try {
                return await createFaultyStorage({
                  random,
                  disk,
                  segmentSize: 4096,
                  preallocSize: 1024,
                  warn: quiet,
                });
              } catch (error) {
                if (!/EIO|ENOSPC/.test(String(error))) throw error;
              }
            }
          };
          let storage = await open();
          /** What the log holds if every write lands, and how much of it must survive any crash. */
          let lineage: LogEntry[] = [];
          let mustSurvive = 0;
          const flushes: Promise<void>[] = [];
          for (const step of ops) {
            if (step.kind === 'append') {
              for (let i = 0; i < step.count; i++) {
                const zxid = (lineage.at(-1)?.zxid ?? 0) + 1;
                const e = { zxid, data: payloadFor(zxid, step.size) };
                try {
                  storage.log.append(e);
                } catch (error) {
                  expect(StorageError.isInstance(error, 'LOG_FAILED')).toBe(true);
                  break;
                }
                lineage.push(e);
              }
              const upTo = lineage.length;
              // A flush nobody awaits yet: when it resolves, everything before it must survive.
              flushes.push(
                storage.log.flush().then(
                  () => {
                    mustSurvive = Math.max(mustSurvive, upTo);
                  },
                  () => {},
                ),
              );
            } else if (step.kind === 'flush') {
              await Promise.all(flushes.splice(0));
              const upTo = lineage.length;
              if (
                await storage.log.flush().then(
                  () => true,
                  () => false,
                )
              )
                mustSurvive = Math.max(mustSurvive, upTo);
            } else if (step.kind === 'truncate') {
              await Promise.all(flushes.splice(0));
              const zxid = Math.max(0, storage.log.lastZxid - step.back);
              const kept = lineage.filter((e) => e.zxid <= zxid).length;
              const ok = await storage.log.truncate(zxid).then(
                () => true,
                () => false,
              );
              // Whether or not it completed, entries above zxid are no longer owed.
              mustSurvive = Math.min(mustSurvive, kept);
              if (ok) {
                lineage = lineage.slice(0, kept);
                expect(zxidsOf(await collect(storage.log.readAfter(0)))).toEqual(zxidsOf(lineage));
              }
            } else if (step.kind === 'fault') {
              disk.failNext(step.point);
            } else if (step.kind === 'roll') {
              storage.log.roll();
            } else if (step.kind === 'restart') {
              // The process stops (no power loss) and starts again: the page cache still holds what
              // was written, even what a failed fsync left non-durable. Reopening must make whatever
              // it reports durable, because the host will treat it as its logged history.
              await storage.close();
              await Promise.all(flushes.splice(0));
              storage = await open();
              const recovered = await collect(storage.log.readAfter(0));
              expect(recovered.length).toBeGreaterThanOrEqual(mustSurvive);
              expect(recovered).toEqual(lineage.slice(0, recovered.length));
              lineage = recovered;
              mustSurvive = recovered.length;
            } else {
              disk.crash();
              await Promise.all(flushes.splice(0));
              storage = await open();
              const recovered = await collect(storage.log.readAfter(0));
              expect(recovered.length).toBeGreaterThanOrEqual(mustSurvive);
              expect(recovered).toEqual(lineage.slice(0, recovered.length));
              lineage = recovered;
              mustSurvive = recovered.length;
            }
          }
          await Promise.all(flushes.splice(0));
        },
      ),
      { numRuns: 250, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
