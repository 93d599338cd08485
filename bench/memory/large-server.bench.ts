/**
 * zkts's server restarted on 10 million znodes, against the same on 100 000: for each size a
 * data directory holding one snapshot of that many znodes (nested `/a<i%100>/b<(i/100)%100>/n<i>`,
 * 100-byte values, built in-process through prep + apply and written through @zkts/storage, as
 * the server writes its own), then bench/memory/memory-server.ts started on it: time from spawn
 * to serving, RSS once serving, then getData and setData at random znodes over the wire (S
 * sessions × K requests in flight, D seconds each): ops/s and p99 latency.
 *
 *   node --expose-gc --max-old-space-size=8192 --conditions=@zkts/source --import tsx \
 *        bench/memory/large-server.bench.ts [--znodes 10000000] [--small 100000] [--seconds 5] [--sessions 8] [--in-flight 16]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { OPEN_ACL_UNSAFE, OpCode } from '../../packages/core/src/index';
import { DataTree, type WriteContext, writeSnapshot } from '../../packages/core/src/tree/index';
import { openFileStorage } from '../../packages/storage/src/index';
import { fourLetterWord, freePort } from '../../test/support/real-zookeeper';

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
}
const ZNODES = option('znodes', 10_000_000);
const SMALL = option('small', 100_000);
const SECONDS = option('seconds', 5);
const SESSIONS = option('sessions', 8);
const IN_FLIGHT = option('in-flight', 16);
const SERVER = fileURLToPath(new URL('./memory-server.ts', import.meta.url));
const VALUE = 'v'.repeat(100);

const pathOf = (i: number) => `/a${i % 100}/b${Math.floor(i / 100) % 100}/n${i}`;

/** Builds the tree and writes its snapshot into `dataDir`; the tree is garbage once this returns. */
async function prepare(dataDir: string, count: number): Promise<void> {
  const acl = OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));
  let zxid = 0;
  const ctx = (): WriteContext => ({ sessionId: 1n, cxid: 0, zxid: ++zxid, time: Date.now(), authIds: [] });
  const tree = new DataTree();
  const create = (path: string, data: Uint8Array) => {
    const prepared = tree.prep({ type: OpCode.create, path, data, acl, flags: 0 }, ctx());
    if (!prepared.ok || tree.apply(prepared.txn).err !== 0) throw new Error(`create ${path} failed`);
  };
  const empty = new Uint8Array(0);
  for (let a = 0; a < 100; a++) {
    create(`/a${a}`, empty);
    for (let b = 0; b < 100; b++) create(`/a${a}/b${b}`, empty);
  }
  const value = new TextEncoder().encode(VALUE);
  for (let i = 0; i < count; i++) create(pathOf(i), value);
  const storage = await openFileStorage({ dataDir, forceSync: false });
  await storage.snapshots.write(tree.lastProcessedZxid, writeSnapshot(tree));
  await storage.close();
}

function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

async function start(dataDir: string): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--conditions=@zkts/source', '--import', 'tsx', SERVER, dataDir, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-5000);
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    const answer = await fourLetterWord(port, 'srvr').catch(() => '');
    if (answer.startsWith('Zookeeper version')) return { child, port, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** S × K lanes issuing `op` at random znodes for SECONDS: ops/s and p99 in ms. */
async function load(
  clients: ZooKeeperClient[],
  count: number,
  op: (client: ZooKeeperClient, path: string) => Promise<unknown>,
): Promise<{ rate: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let seed = 12345;
  const lanes: Promise<void>[] = [];
  for (const client of clients) {
    for (let k = 0; k < IN_FLIGHT; k++) {
      lanes.push(
        (async () => {
          while (performance.now() < deadline) {
            seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
            const t0 = performance.now();
            await op(client, pathOf(seed % count));
            latencies.push(performance.now() - t0);
          }
        })(),
      );
    }
  }
  const started = performance.now();
  await Promise.all(lanes);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

interface Result {
  restartMs: number;
  rssMiB: number;
  get: { rate: number; p99: number };
  set: { rate: number; p99: number };
}

async function measure(count: number): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-large-'));
  try {
    const built = performance.now();
    await prepare(dataDir, count);
    (globalThis as { gc?: () => void }).gc?.();
    console.log(
      `${count} znodes: data directory built in ${((performance.now() - built) / 1000).toFixed(0)} s`,
    );
    const server = await start(dataDir);
    try {
      const rssMiB = rss(server.child.pid ?? -1) / 2 ** 20;
      const clients = await Promise.all(
        Array.from({ length: SESSIONS }, async () => {
          const client = createClient(`127.0.0.1:${server.port}`, { sessionTimeout: 30_000 });
          await client.connected();
          return client;
        }),
      );
      const get = await load(clients, count, (client, path) => client.getData(path));
      const set = await load(clients, count, (client, path) => client.setData(path, VALUE));
      await Promise.all(clients.map((client) => client.close()));
      const result = { restartMs: server.ms, rssMiB, get, set };
      console.log(
        `${count} znodes: serving ${(server.ms / 1000).toFixed(1)} s after spawn, RSS ${rssMiB.toFixed(0)} MiB; ` +
          `getData ${Math.round(get.rate)}/s p99 ${get.p99.toFixed(1)} ms; setData ${Math.round(set.rate)}/s p99 ${set.p99.toFixed(1)} ms`,
      );
      return result;
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const small = await measure(SMALL);
const large = await measure(ZNODES);
console.log(
  `\n${ZNODES} vs ${SMALL}: getData ${((100 * large.get.rate) / small.get.rate).toFixed(0)} % of the rate, p99 ×${(large.get.p99 / small.get.p99).toFixed(2)}; ` +
    `setData ${((100 * large.set.rate) / small.set.rate).toFixed(0)} %, p99 ×${(large.set.p99 / small.set.p99).toFixed(2)}`,
);
