// Startup cost and snapshot throughput: open (validate) a txn log of N 100-byte entries, replay
// it, and write/verify/read a snapshot of many small chunks, on the real file system.
// Run: node --import tsx bench/storage/recovery.bench.ts [entries] [snapshot MiB]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileStorage } from '../../packages/storage/src/index';

const entries = Number(process.argv[2] ?? 300_000);
const snapshotMiB = Number(process.argv[3] ?? 64);
const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

const dataDir = await mkdtemp(join(tmpdir(), 'zkts-recovery-bench-'));
try {
  let storage = await openFileStorage({ dataDir, warn: () => {} });
  const payload = new Uint8Array(100).fill(7);
  let started = performance.now();
  for (let zxid = 1; zxid <= entries; zxid++) {
    storage.log.append({ zxid, data: payload });
    if (zxid % 1000 === 0) await storage.log.flush();
  }
  await storage.log.flush();
  console.log(`append+flush ${entries} entries (1000 per flush): ${ms(started)}`);

  // A snapshot of 200-byte chunks, produced lazily like a tree walk.
  const chunk = new Uint8Array(200).fill(3);
  const chunkCount = Math.floor((snapshotMiB * 1024 * 1024) / chunk.byteLength);
  function* walk() {
    for (let i = 0; i < chunkCount; i++) yield chunk;
  }
  started = performance.now();
  await storage.snapshots.write(entries, walk());
  const writeMs = performance.now() - started;
  console.log(
    `snapshot write ${snapshotMiB} MiB in ${chunkCount} chunks: ${ms(started)} (${Math.round(snapshotMiB / (writeMs / 1000))} MiB/s)`,
  );
  await storage.close();

  started = performance.now();
  storage = await openFileStorage({ dataDir, warn: () => {} });
  console.log(`open (validate log, rewrite + fsync tail): ${ms(started)}`);
  started = performance.now();
  const recovery = await storage.recover();
  console.log(`latestValid (verify snapshot): ${ms(started)}`);
  started = performance.now();
  let chunks = 0;
  for await (const _ of recovery.snapshot!.chunks) chunks++;
  console.log(`read snapshot (${chunks} chunks): ${ms(started)}`);
  started = performance.now();
  let replayed = 0;
  for await (const _ of storage.log.readAfter(0)) replayed++;
  console.log(`replay ${replayed} entries: ${ms(started)}`);
  await storage.close();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
