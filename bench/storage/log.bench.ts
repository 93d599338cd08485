// Txn log throughput: appends/s and fsyncs/s with group commit, on the real file system.
// Each of `outstanding` simulated writers appends a 100-byte entry, awaits flush(), and repeats
// (16 clients x 16 in-flight requests = 256 outstanding appends, like ZooKeeper's benchmark).
// Run: node --import tsx bench/storage/log.bench.ts [seconds-per-round] [rounds]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Disk, nodeDisk, openFileStorage } from '../../packages/storage/src/index';

const secondsPerRound = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 5);
const ENTRY_SIZE = 100;

/** node:fs with file fsyncs counted. */
function countingDisk(): { disk: Disk; fsyncs: () => number } {
  let fsyncs = 0;
  const disk: Disk = {
    ...nodeDisk,
    async open(path, mode) {
      const file = await nodeDisk.open(path, mode);
      return Object.assign(Object.create(file) as typeof file, {
        sync: () => {
          fsyncs++;
          return file.sync();
        },
      });
    },
  };
  return { disk, fsyncs: () => fsyncs };
}

async function round(forceSync: boolean, outstanding: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'zkts-log-bench-'));
  const { disk, fsyncs } = countingDisk();
  const storage = await openFileStorage({ dataDir, forceSync, disk, warn: () => {} });
  const payload = new Uint8Array(ENTRY_SIZE).fill(42);
  let zxid = 0;
  let acknowledged = 0;
  const deadline = performance.now() + secondsPerRound * 1000;
  const started = performance.now();
  const syncsBefore = fsyncs();
  const writer = async () => {
    while (performance.now() < deadline) {
      storage.log.append({ zxid: ++zxid, data: payload });
      await storage.log.flush();
      acknowledged++;
    }
  };
  await Promise.all(Array.from({ length: outstanding }, writer));
  const seconds = (performance.now() - started) / 1000;
  const syncs = fsyncs() - syncsBefore;
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
  return {
    appendsPerSecond: acknowledged / seconds,
    fsyncsPerSecond: syncs / seconds,
    perFsync: syncs === 0 ? Number.NaN : acknowledged / syncs,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function scenario(label: string, forceSync: boolean, outstanding: number, count = rounds) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await round(forceSync, outstanding));
  const appends = results.map((r) => r.appendsPerSecond);
  const syncs = results.map((r) => r.fsyncsPerSecond);
  console.log(
    `${label.padEnd(34)} appends/s best ${fmt(Math.max(...appends)).padStart(9)}  median ${fmt(median(appends)).padStart(9)}` +
      `   fsyncs/s median ${fmt(median(syncs)).padStart(6)}` +
      (forceSync ? `   appends per fsync median ${median(results.map((r) => r.perFsync)).toFixed(1)}` : ''),
  );
}

console.log(
  `txn log bench: ${ENTRY_SIZE}-byte entries, ${rounds} rounds x ${secondsPerRound}s, dir ${tmpdir()}, node ${process.version}`,
);
await scenario('forceSync on,  256 outstanding', true, 256);
await scenario('forceSync off, 256 outstanding', false, 256);
await scenario('forceSync on,    1 outstanding', true, 1, Math.min(rounds, 3));
console.log(
  'Reference: the real ZooKeeper 3.8 measured on this machine at set ≈ 75k/s (16x16 clients, forceSync on), end to end.',
);
