/**
 * @zkts/client vs node-zookeeper-client against one real Apache ZooKeeper 3.8, same load:
 * 16 sessions × 16 requests in flight, half getData and half setData of 100-byte values.
 * Reports this process's CPU per op (process.cpuUsage: the client's cost, the JVM is another
 * process) and throughput, over alternating rounds; best and median.
 *
 *   node --conditions=@zkts/source --import tsx bench/client/client.bench.ts [roundSeconds] [rounds]
 */
import { createRequire } from 'node:module';
import { createClient, type ZooKeeperClient } from '../../packages/client/src/index';
import { startRealZooKeeper } from '../../test/support/real-zookeeper';

const require = createRequire(new URL('../../packages/client/package.json', import.meta.url));
const nzc = require('node-zookeeper-client') as typeof import('node-zookeeper-client');

const SESSIONS = 16;
const IN_FLIGHT = 16;
const VALUE = new Uint8Array(100).fill(7);
const roundMs = Number(process.argv[2] ?? 3) * 1000;
const rounds = Number(process.argv[3] ?? 3);

interface Driver {
  name: string;
  /** Issues one op; `done` runs when it completes. */
  op(session: number, i: number, done: () => void): void;
  close(): Promise<void>;
}

async function zkts(address: string): Promise<Driver> {
  const clients: ZooKeeperClient[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const client = createClient(address, { sessionTimeout: 30_000 });
    await client.connected();
    clients.push(client);
  }
  const fail = (error: unknown) => {
    throw error;
  };
  return {
    name: '@zkts/client',
    op(session, i, done) {
      const client = clients[session]!;
      const path = `/bench/s${session}`;
      if (i % 2 === 0) client.getData(path).then(done, fail);
      else client.setData(path, VALUE).then(done, fail);
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

async function nodeZookeeperClient(address: string): Promise<Driver> {
  const clients: import('node-zookeeper-client').Client[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const client = nzc.createClient(address, { sessionTimeout: 30_000 });
    await new Promise<void>((resolve) => {
      client.once('connected', () => resolve());
      client.connect();
    });
    clients.push(client);
  }
  const value = Buffer.from(VALUE);
  return {
    name: 'node-zookeeper-client',
    op(session, i, done) {
      const client = clients[session]!;
      const path = `/bench/s${session}`;
      const callback = (error: unknown) => {
        if (error) throw error;
        done();
      };
      if (i % 2 === 0) client.getData(path, callback);
      else client.setData(path, value, -1, callback);
    },
    async close() {
      for (const c of clients) c.close();
    },
  };
}

interface Round {
  ops: number;
  cpuMicros: number;
  wallMs: number;
}

async function round(driver: Driver): Promise<Round> {
  let ops = 0;
  let stopping = false;
  let running = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const loop = (session: number, i: number) => {
    driver.op(session, i, () => {
      ops++;
      if (stopping) {
        if (--running === 0) finished();
        return;
      }
      loop(session, i + 1);
    });
  };
  for (let s = 0; s < SESSIONS; s++) {
    for (let k = 0; k < IN_FLIGHT; k++) {
      running++;
      loop(s, k);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, roundMs));
  stopping = true;
  await allDone;
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ops, cpuMicros: used.user + used.system, wallMs };
}

function summarise(name: string, results: Round[]) {
  const cpuPerOp = results.map((r) => r.cpuMicros / r.ops).sort((a, b) => a - b);
  const opsPerSec = results.map((r) => (r.ops * 1000) / r.wallMs).sort((a, b) => b - a);
  const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
  return {
    name,
    'CPU µs/op best': Number(cpuPerOp[0]!.toFixed(2)),
    'CPU µs/op median': Number(median(cpuPerOp).toFixed(2)),
    'ops/s best': Math.round(opsPerSec[0]!),
    'ops/s median': Math.round(median(opsPerSec)),
  };
}

const server = await startRealZooKeeper();
try {
  const setup = createClient(server.address);
  await setup.create('/bench');
  for (let s = 0; s < SESSIONS; s++) await setup.create(`/bench/s${s}`, VALUE);
  await setup.close();

  const drivers = [await zkts(server.address), await nodeZookeeperClient(server.address)];
  // warm-up: JIT both clients and the server
  for (const driver of drivers) await roundWithin(driver, 1000);
  const results = new Map<string, Round[]>(drivers.map((d) => [d.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const driver of r % 2 === 0 ? drivers : [...drivers].reverse()) {
      const result = await round(driver);
      results.get(driver.name)!.push(result);
      console.log(
        `round ${r + 1} ${driver.name.padEnd(22)} ${Math.round((result.ops * 1000) / result.wallMs)} ops/s, ` +
          `${(result.cpuMicros / result.ops).toFixed(2)} µs CPU/op`,
      );
    }
  }
  for (const driver of drivers) await driver.close();
  const [ours, theirs] = drivers.map((d) => summarise(d.name, results.get(d.name)!));
  console.table([ours, theirs]);
  console.log(
    `CPU/op ratio (median) ${(ours!['CPU µs/op median'] / theirs!['CPU µs/op median']).toFixed(2)}×, ` +
      `throughput ratio (median) ${(ours!['ops/s median'] / theirs!['ops/s median']).toFixed(2)}×`,
  );
} finally {
  await server.stop();
}

/** Warm-up: the same load for `ms`. */
async function roundWithin(driver: Driver, ms: number) {
  const start = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    let running = 0;
    const loop = (session: number, i: number) =>
      driver.op(session, i, () => {
        done++;
        if (performance.now() - start > ms) {
          if (--running === 0) resolve();
          return;
        }
        loop(session, i + 1);
      });
    for (let s = 0; s < SESSIONS; s++)
      for (let k = 0; k < IN_FLIGHT; k++) {
        running++;
        loop(s, k);
      }
  });
  return done;
}
