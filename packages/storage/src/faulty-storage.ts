import { type FileStorage, type FileStorageOptions, openFileStorage } from './file-storage';
import { type FaultPoint, SimulatedDisk } from './simulated-disk';

export interface FaultyStorageOptions extends Omit<FileStorageOptions, 'disk' | 'dataDir'> {
  /** Uniform in [0, 1); seed it (see `seededRandom`) so a failing run replays. */
  readonly random: () => number;
  /** Probability per eligible operation of each named fault. */
  readonly faultRates?: Partial<Record<FaultPoint, number>> | undefined;
  /** Reopen on the disk of an earlier instance (after `disk.crash()`), running recovery on what survived. */
  readonly disk?: SimulatedDisk | undefined;
  readonly dataDir?: string | undefined;
}

export interface FaultyStorage extends FileStorage {
  /** The simulated disk: `crash()`, `failNext(point)`, `setFull(full)`, `fired` counters. */
  readonly disk: SimulatedDisk;
}

/**
 * The file backend over a simulated disk with named fault points, for whole-ensemble
 * simulations: same formats and recovery code as production, with power loss (`disk.crash()`),
 * torn writes, fsync errors and a full disk. After a fault the log refuses appends; reopen with
 * `createFaultyStorage({ ...options, disk })` to recover, as a restarted server would.
 */
export async function createFaultyStorage(options: FaultyStorageOptions): Promise<FaultyStorage> {
  const disk = options.disk ?? new SimulatedDisk({ random: options.random, faultRates: options.faultRates });
  const storage = await openFileStorage({
    ...options,
    // Small files keep simulated crashes cheap; callers may override.
    segmentSize: options.segmentSize ?? 1024 * 1024,
    preallocSize: options.preallocSize ?? 64 * 1024,
    dataDir: options.dataDir ?? '/sim/data',
    disk: disk.forProcess(),
  });
  return Object.assign(storage, { disk });
}
