/**
 * Restart on 10 million znodes, zkts vs the real Apache ZooKeeper 3.8, with the same data (the
 * nested layout of large-server.bench.ts: `/a<i%100>/b<(i/100)%100>/n<i>`, 100-byte values).
 *
 * - zkts: a data directory holding one snapshot, built in-process (large-data.ts), then
 *   memory-server.ts spawned on it.
 * - ZooKeeper (`--xmx`, default 8g; forceSync=no, no snapshot by count): the znodes created
 *   through the wire in multi batches (S sessions × K multis of B creates in flight); SIGKILL
 *   (forceSync=no: the log is in the page cache); started again, which replays the log and
 *   snapshots what it loaded before serving (a 3.8 server snapshots at every start); stopped;
 *   the log files deleted (the snapshot covers every txn in them: what a purge would leave);
 *   then the timed restart on that one snapshot.
 * For each: spawn to serving (`srvr`), spawn to the first getData answered over a new session,
 * RSS once serving, and live memory after a full GC (zkts: heap used + external from
 * memory-server.ts; ZooKeeper: `jcmd GC.heap_info` used, before and after `jcmd GC.run`).
 * ~15 min and ~10 GB at 10M; one JVM at a time, killed on any exit.
 *
 *   node --expose-gc --max-old-space-size=8192 --conditions=@zkts/source --import tsx \
 *        bench/memory/large-restart.bench.ts [--znodes 10000000] [--xmx 8g] [--batch 500] [--sessions 4] [--in-flight 8] [--only zkts|zookeeper]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { fourLetterWord, freePort, writeZooCfg, zookeeperJvmArgs } from '../../test/support/real-zookeeper';
import { numberOption, textOption } from '../cli-options';
import {
  parentPaths,
  pathOf,
  prepareZktsDataDir,
  rss,
  startZktsServer,
  VALUE,
  zktsMemory,
} from './large-data';

const ZNODES = numberOption('znodes', 10_000_000);
const XMX = textOption('xmx') ?? '8g';
const BATCH = numberOption('batch', 500);
const SESSIONS = numberOption('sessions', 4);
const IN_FLIGHT = numberOption('in-flight', 8);
const ONLY = textOption('only') ?? 'both';
const MiB = 2 ** 20;

/** Every JVM this bench started and has not seen exit: killed however the bench ends. */
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(1);
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function connect(port: number): Promise<ZooKeeperClient> {
  const client = createClient(`127.0.0.1:${port}`, { sessionTimeout: 30_000 });
  await client.connected();
  return client;
}

/** Milliseconds from `startedAt` until a new session's getData of a znode in the middle is answered. */
async function firstRead(port: number, startedAt: number): Promise<number> {
  const client = await connect(port);
  try {
    await client.getData(pathOf(Math.floor(ZNODES / 2)));
    return performance.now() - startedAt;
  } finally {
    await client.close();
  }
}

interface Restart {
  servingMs: number;
  firstReadMs: number;
  rssMiB: number;
  /** Heap (Java) or heap + external (zkts) in use once serving, before a forced GC. */
  usedMiB?: number;
  liveMiB: number;
}

function report(name: string, r: Restart): void {
  console.log(
    `${name}: serving ${seconds(r.servingMs)} after spawn, first getData answered at ${seconds(r.firstReadMs)}; ` +
      `RSS ${r.rssMiB.toFixed(0)} MiB; ${r.usedMiB === undefined ? '' : `heap used ${r.usedMiB.toFixed(0)} MiB, `}` +
      `live after a full GC ${r.liveMiB.toFixed(0)} MiB`,
  );
}

async function zkts(): Promise<Restart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-large-restart-'));
  try {
    const built = performance.now();
    await prepareZktsDataDir(dataDir, ZNODES);
    (globalThis as { gc?: () => void }).gc?.();
    console.log(
      `zkts: data directory (one snapshot) built in-process in ${seconds(performance.now() - built)}`,
    );
    const server = await startZktsServer(dataDir);
    running.add(server.child);
    try {
      const startedAt = performance.now() - server.ms;
      const rssMiB = rss(server.child.pid ?? -1) / MiB;
      const firstReadMs = await firstRead(server.port, startedAt);
      const memory = await zktsMemory(server.child);
      return {
        servingMs: server.ms,
        firstReadMs,
        rssMiB,
        liveMiB: (memory.heapUsed + memory.external) / MiB,
      };
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      running.delete(server.child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Jvm {
  child: ChildProcess;
  port: number;
  servingMs: number;
  startedAt: number;
}

async function startZooKeeper(dataDir: string): Promise<Jvm> {
  const port = await freePort();
  const configFile = join(dataDir, 'zoo.cfg');
  writeZooCfg(configFile, {
    tickTime: '3000',
    dataDir,
    clientPort: String(port),
    clientPortAddress: '127.0.0.1',
    forceSync: 'no',
    snapCount: '100000000',
    maxClientCnxns: '0',
    'autopurge.purgeInterval': '0',
  });
  const jvmArgs = zookeeperJvmArgs('org.apache.zookeeper.server.ZooKeeperServerMain', configFile, {
    jvmOptions: [`-Xmx${XMX}`],
  });
  const startedAt = performance.now();
  const child = spawn('java', jvmArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-5000);
  });
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`ZooKeeper exited:\n${log}`);
    const answer = await fourLetterWord(port, 'srvr').catch(() => '');
    if (answer.startsWith('Zookeeper version'))
      return { child, port, servingMs: performance.now() - startedAt, startedAt };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopZooKeeper(jvm: Jvm): Promise<void> {
  if (jvm.child.exitCode === null && jvm.child.signalCode === null) {
    const exited = new Promise((resolve) => jvm.child.once('exit', resolve));
    jvm.child.kill('SIGKILL');
    await exited;
  }
}

/** The JVM's heap in use (`jcmd GC.heap_info`), in bytes. */
function javaHeapUsed(pid: number): number {
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' });
  const match = /used (\d+)K/.exec(info);
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

/** Creates the parents, then the N znodes in multi batches, S × K multis in flight. */
async function loadZooKeeper(port: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: SESSIONS }, () => connect(port)));
  try {
    const [first] = clients;
    if (first === undefined) throw new Error('no session');
    const parents = parentPaths();
    for (let at = 0; at < parents.length; at += BATCH) {
      const tx = first.transaction();
      for (const path of parents.slice(at, at + BATCH)) tx.create(path, '');
      await tx.commit();
    }
    const started = performance.now();
    let next = 0;
    let done = 0;
    let lastReport = started;
    const lanes: Promise<void>[] = [];
    for (const client of clients) {
      for (let k = 0; k < IN_FLIGHT; k++) {
        lanes.push(
          (async () => {
            for (let from = next; from < ZNODES; from = next) {
              next = Math.min(ZNODES, from + BATCH);
              const tx = client.transaction();
              for (let i = from; i < next; i++) tx.create(pathOf(i), VALUE);
              const to = next;
              await tx.commit();
              done += to - from;
              if (performance.now() - lastReport > 30_000) {
                lastReport = performance.now();
                const rate = done / ((lastReport - started) / 1000);
                console.log(`  ZooKeeper: ${done} znodes created (${Math.round(rate)}/s)`);
              }
            }
          })(),
        );
      }
    }
    await Promise.all(lanes);
    const elapsed = performance.now() - started;
    console.log(
      `ZooKeeper: ${ZNODES} znodes created through the wire in ${seconds(elapsed)} (${Math.round(ZNODES / (elapsed / 1000))}/s)`,
    );
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

async function zookeeper(): Promise<Restart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-large-restart-'));
  try {
    const empty = await startZooKeeper(dataDir);
    try {
      await loadZooKeeper(empty.port);
    } finally {
      await stopZooKeeper(empty);
    }
    const replay = await startZooKeeper(dataDir);
    await stopZooKeeper(replay);
    console.log(
      `ZooKeeper: restarted from its txn log (replay + its start-up snapshot) in ${seconds(replay.servingMs)}`,
    );
    const files = join(dataDir, 'version-2');
    const snapshots = readdirSync(files).filter((name) => name.startsWith('snapshot.'));
    const newest = snapshots.sort(
      (a, b) => Number.parseInt(b.slice(9), 16) - Number.parseInt(a.slice(9), 16),
    )[0];
    for (const name of readdirSync(files)) {
      if (name.startsWith('log.') || (name.startsWith('snapshot.') && name !== newest))
        rmSync(join(files, name));
    }
    console.log(`ZooKeeper: restarting on ${newest} alone`);
    const jvm = await startZooKeeper(dataDir);
    try {
      const pid = jvm.child.pid ?? -1;
      const rssMiB = rss(pid) / MiB;
      const firstReadMs = await firstRead(jvm.port, jvm.startedAt);
      const usedMiB = javaHeapUsed(pid) / MiB;
      execFileSync('jcmd', [String(pid), 'GC.run'], { stdio: 'ignore' });
      return { servingMs: jvm.servingMs, firstReadMs, rssMiB, usedMiB, liveMiB: javaHeapUsed(pid) / MiB };
    } finally {
      await stopZooKeeper(jvm);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`${ZNODES} znodes of 100 bytes, nested layout; ZooKeeper with -Xmx${XMX}`);
const ours = ONLY === 'zookeeper' ? undefined : await zkts();
if (ours !== undefined) report('zkts', ours);
const theirs = ONLY === 'zkts' ? undefined : await zookeeper();
if (ours !== undefined && theirs !== undefined) report('zkts', ours);
if (theirs !== undefined) report(`ZooKeeper (-Xmx${XMX})`, theirs);
if (ours !== undefined && theirs !== undefined) {
  console.log(
    `zkts / ZooKeeper: serving ${(ours.servingMs / theirs.servingMs).toFixed(2)}×, first read ${(ours.firstReadMs / theirs.firstReadMs).toFixed(2)}×, ` +
      `RSS ${(ours.rssMiB / theirs.rssMiB).toFixed(2)}×, live ${(ours.liveMiB / theirs.liveMiB).toFixed(2)}×`,
  );
}
process.exit(0);
