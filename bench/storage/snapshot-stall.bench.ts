/**
 * Snapshot stall: how long zkts's server stops serving while it writes a snapshot of a large
 * tree. The server runs in its own process (test/durability/fixtures/durable-server.ts) with N
 * znodes of 100 bytes loaded through @zkts/client (multi batches of 200 creates); each round
 * sends it SIGUSR2 (roll the log and write a snapshot now, as the snapshot trigger does) while
 * a light read load runs, then SIGHUP (the same measurement over 2 s without a snapshot, the
 * baseline). Inside the server,
 * perf_hooks.monitorEventLoopDelay (1 ms resolution) gives the longest event-loop stall; from
 * outside, the read load's worst latency during each window says what a client saw. A 1 ms
 * interval probe also reports the CPU time the server used during its longest gap: a long gap
 * with little CPU means the process was not scheduled (a busy machine), not a busy event loop.
 * Target: longest stall during a snapshot ≤ 50 ms.
 *
 *   node --conditions=@zkts/source --import tsx bench/storage/snapshot-stall.bench.ts \
 *        [--znodes 1000000] [--rounds 5] [--trace-gc] [--writes]
 *
 * `--writes` makes the load setData (100-byte values) instead of getData, so the fuzzy
 * snapshot runs while the tree changes and the log is written.
 *
 * `--trace-gc` runs the server with node's --trace-gc and prints the GC pauses of 10 ms or more
 * seen during the snapshots, to tell the snapshot's own work from garbage collection.
 * Results are printed and written to bench/results/snapshot-stall-<time>.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { DURABLE_SERVER_SCRIPT } from '../../test/durability/server-process';
import { flag, numberOption } from '../cli-options';

const ZNODES = numberOption('znodes', 1_000_000);
const ROUNDS = numberOption('rounds', 5);
const TRACE_GC = flag('trace-gc');
const WRITES = flag('writes');
const SESSIONS = 16;
const READERS = 4;
const LOAD_BATCH = 200;
const LOAD_IN_FLIGHT = 4;
const CHILDREN_PER_PARENT = 1000;
const nodePath = (i: number) => `/b/p${Math.floor(i / CHILDREN_PER_PARENT)}/n${i % CHILDREN_PER_PARENT}`;

interface Measured {
  maxStallMs: number;
  p99StallMs: number;
  /** The 1 ms interval probe's longest gap, and the process's CPU time during it. */
  maxGapMs: number;
  cpuInMaxGapMs: number;
  ms?: number;
  snapshot?: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'zkts-stall-bench-'));
const child: ChildProcess = spawn(
  process.execPath,
  [
    ...(TRACE_GC ? ['--trace-gc'] : []),
    '--conditions=@zkts/source',
    '--import',
    'tsx',
    DURABLE_SERVER_SCRIPT,
    dataDir,
    '0',
    '100000000',
    'no',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
const waiting: Array<(line: string) => void> = [];
let gcLines: string[] = [];
lines.on('line', (line) => {
  if (line.startsWith('[') && line.includes('ms: ')) gcLines.push(line);
  else if (line.startsWith('{')) waiting.shift()?.(line);
});
const nextJson = <T>() => new Promise<T>((resolve) => waiting.push((line) => resolve(JSON.parse(line) as T)));

try {
  const { port } = await nextJson<{ port: number }>();
  const clients: ZooKeeperClient[] = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const client = createClient(`127.0.0.1:${port}`, { sessionTimeout: 30_000 });
      await client.connected();
      return client;
    }),
  );
  const started = performance.now();
  await clients[0]!.create('/b', '');
  const parents = Math.ceil(ZNODES / CHILDREN_PER_PARENT);
  for (let p = 0; p < parents; p += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, parents - p) }, (_, k) =>
        clients[k % SESSIONS]!.create(`/b/p${p + k}`, ''),
      ),
    );
  }
  // multi batches of LOAD_BATCH creates, a few per session in flight: 10M load in minutes, not ~4
  let next = 0;
  await Promise.all(
    clients.flatMap((client) =>
      Array.from({ length: LOAD_IN_FLIGHT }, async () => {
        for (let from = next; from < ZNODES; from = next) {
          next = Math.min(ZNODES, from + LOAD_BATCH);
          const tx = client.transaction();
          for (let i = from; i < next; i++) tx.create(nodePath(i), `c:${i}:`.padEnd(100, 'x'));
          await tx.commit();
        }
      }),
    ),
  );
  console.log(`loaded ${ZNODES} znodes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  /** Reads from READERS sessions until stopped; returns the worst latency seen. */
  function readLoad(): { stop(): Promise<number> } {
    let stopped = false;
    let worst = 0;
    const readers = clients.slice(0, READERS).map(async (client, r) => {
      let i = r;
      while (!stopped) {
        const at = performance.now();
        const path = nodePath((i * 7919) % ZNODES);
        if (WRITES) await client.setData(path, `s:${i}:`.padEnd(100, 'x'));
        else await client.getData(path);
        worst = Math.max(worst, performance.now() - at);
        i += READERS;
      }
    });
    return {
      async stop() {
        stopped = true;
        await Promise.all(readers);
        return Math.round(worst * 10) / 10;
      },
    };
  }

  const rounds: Array<{
    snapshot: Measured & { clientWorstMs: number };
    idle: Measured & { clientWorstMs: number };
    gc: string[];
  }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    gcLines = [];
    let load = readLoad();
    const snapshotDone = nextJson<Measured>();
    child.kill('SIGUSR2');
    const snapshot = await snapshotDone;
    const snapshotClientWorst = await load.stop();
    const gc = gcLines.filter((line) => {
      const pause = /MB, ([\d.]+) \/ [\d.]+ ms/.exec(line);
      return pause !== null && Number(pause[1]) >= 10;
    });
    load = readLoad();
    const idleDone = nextJson<Measured>();
    child.kill('SIGHUP');
    const idle = await idleDone;
    const idleClientWorst = await load.stop();
    rounds.push({
      snapshot: { ...snapshot, clientWorstMs: snapshotClientWorst },
      idle: { ...idle, clientWorstMs: idleClientWorst },
      gc,
    });
    console.log(
      `round ${round}: snapshot ${snapshot.ms} ms, longest stall ${snapshot.maxStallMs} ms (p99 ${snapshot.p99StallMs} ms; probe gap ${snapshot.maxGapMs} ms with ${snapshot.cpuInMaxGapMs} ms CPU), worst ${WRITES ? 'write' : 'read'} ${snapshotClientWorst} ms` +
        ` | no snapshot: longest stall ${idle.maxStallMs} ms (probe gap ${idle.maxGapMs} ms with ${idle.cpuInMaxGapMs} ms CPU), worst ${WRITES ? 'write' : 'read'} ${idleClientWorst} ms`,
    );
    for (const line of gc) console.log(`  gc ≥ 10 ms during the snapshot: ${line.trim()}`);
  }
  await Promise.all(clients.map((client) => client.close()));

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const stalls = sorted(rounds.map((r) => r.snapshot.maxStallMs));
  const idleStalls = sorted(rounds.map((r) => r.idle.maxStallMs));
  const durations = sorted(rounds.map((r) => r.snapshot.ms ?? 0));
  const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
  const result = {
    date: new Date().toISOString(),
    znodes: ZNODES,
    load: WRITES ? 'setData' : 'getData',
    rounds,
    longestStallMs: { best: stalls[0], median: median(stalls), worst: stalls.at(-1) },
    idleLongestStallMs: { best: idleStalls[0], median: median(idleStalls), worst: idleStalls.at(-1) },
    snapshotMs: { best: durations[0], median: median(durations) },
  };
  console.log(
    `\n${ZNODES} znodes: snapshot ${result.snapshotMs.median} ms (median); longest event-loop stall during it best ${result.longestStallMs.best} / median ${result.longestStallMs.median} / worst ${result.longestStallMs.worst} ms` +
      ` (same window without a snapshot: median ${result.idleLongestStallMs.median} ms); target ≤ 50 ms`,
  );
  const resultsDir = new URL('../results/', import.meta.url).pathname;
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `snapshot-stall-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  child.kill('SIGKILL');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
