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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { numberOption } from '../cli-options';
import { pathOf, prepareZktsDataDir, rss, startZktsServer, VALUE } from './large-data';

const ZNODES = numberOption('znodes', 10_000_000);
const SMALL = numberOption('small', 100_000);
const SECONDS = numberOption('seconds', 5);
const SESSIONS = numberOption('sessions', 8);
const IN_FLIGHT = numberOption('in-flight', 16);

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
    await prepareZktsDataDir(dataDir, count);
    (globalThis as { gc?: () => void }).gc?.();
    console.log(
      `${count} znodes: data directory built in ${((performance.now() - built) / 1000).toFixed(0)} s`,
    );
    const server = await startZktsServer(dataDir);
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
