/**
 * Server load benchmark: zkts's standalone server vs the real Apache ZooKeeper 3.8, same
 * machine, same load, one after the other, alternating over several rounds.
 *
 * Throughput mode (default): N sessions × K pipelined requests in flight (default 16 × 16),
 * 100-byte values, one phase per op (getData, setData, create of a sequential node) of D
 * seconds. Both servers fsync every commit (ZooKeeper forceSync=yes; zkts with a dataDir and
 * forceSync on). Reports ops/s, p50/p99 latency and the server process's CPU (from
 * /proc/<pid>/stat: the JVM, or zkts run in its own node process by zkts-server.ts), best and
 * median over the rounds, and the ratio ours/ZooKeeper.
 *
 *   node --conditions=@zkts/source --import tsx bench/server/load.ts [--sessions 16] [--in-flight 16]
 *        [--seconds 3] [--rounds 3] [--ops get,set,create] [--before <dir>] [--force-sync no] [--cpu-prof <dir>]
 *
 * `--before <dir>`: a copy of this repository holding other sources (e.g. an older tree), whose
 * bench/server/zkts-server.ts runs as a third server, `zkts-before`, in the same alternating
 * rounds: an A/B of two zkts versions next to ZooKeeper. `--force-sync no` turns fsync off on
 * every server, which leaves CPU per op free of the group-commit size (set and create).
 *
 * Idle mode: holds M concurrent idle sessions (default 10 000) with heartbeats against one
 * server at a time and reports the server's RSS. Needs `ulimit -n` above M (+ a few hundred)
 * for this process and for the server; this machine's limit is 20 000.
 *
 *   node --conditions=@zkts/source --import tsx bench/server/load.ts --idle [--idle-sessions 10000] [--hold 20]
 *
 * Results: printed, and written as JSON to bench/results/server-load-<time>.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type ClientRequest, OpCode } from '@zkts/core';
import { RawClient } from '../../test/support/raw-client';
import { startRealZooKeeper } from '../../test/support/real-zookeeper';
import { flag, listOption, numberOption, textOption } from '../cli-options';

const SESSIONS = numberOption('sessions', 16);
const IN_FLIGHT = numberOption('in-flight', 16);
const SECONDS = numberOption('seconds', 3);
const ROUNDS = numberOption('rounds', 3);
const IDLE_SESSIONS = numberOption('idle-sessions', 10_000);
const HOLD_SECONDS = numberOption('hold', 20);
const IDLE = flag('idle');
const BEFORE = textOption('before');
const FORCE_SYNC = textOption('force-sync') !== 'no';
const HERE = new URL('../..', import.meta.url).pathname;
/** `--cpu-prof <dir>`: the zkts servers write V8 CPU profiles there (one per process, at exit). */
const CPU_PROF = textOption('cpu-prof');

const VALUE = new Uint8Array(100).fill(0x61);
const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const CLOCK_TICKS = 100; // USER_HZ on Linux

type ServerName = 'zookeeper' | 'zkts' | 'zkts-before';
interface ServerProcess {
  name: ServerName;
  host: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

async function startZooKeeper(): Promise<ServerProcess> {
  const zk = await startRealZooKeeper({
    tickTime: 2000,
    config: { maxClientCnxns: '0', forceSync: FORCE_SYNC ? 'yes' : 'no' },
    jvmOptions: ['-Xms256m', '-Xmx2g'],
  });
  return { name: 'zookeeper', host: zk.host, port: zk.port, pid: zk.pid, stop: () => zk.stop() };
}

/** zkts's server from the sources under `root` (this repository, or --before's copy). */
async function startZkts(name: 'zkts' | 'zkts-before' = 'zkts', root = HERE): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(CPU_PROF, name)}`]),
      '--conditions=@zkts/source',
      '--import',
      'tsx',
      join(root, 'bench/server/zkts-server.ts'),
      dataDir,
      FORCE_SYNC ? 'yes' : 'no',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: root },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`zkts server exited with ${code}`)));
  });
  return {
    name,
    host: '127.0.0.1',
    port,
    pid: child.pid ?? -1,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return kb / 1024;
}

type Op = 'get' | 'set' | 'create';
const ALL_OPS: Op[] = ['get', 'set', 'create'];
/** `--ops set,create`: only these phases (e.g. to profile one op). */
const OPS: Op[] = listOption('ops')?.filter((op): op is Op => ALL_OPS.includes(op as Op)) ?? ALL_OPS;

function requestFor(op: Op, session: number): ClientRequest {
  const path = `/bench/n-${session}`;
  if (op === 'get') return { type: OpCode.getData, path, watch: false };
  if (op === 'set') return { type: OpCode.setData, path, data: VALUE, version: -1 };
  return { type: OpCode.create, path: '/bench/c/s-', data: VALUE, acl: OPEN, flags: 2 };
}

interface PhaseResult {
  server: ServerName;
  op: Op;
  round: number;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuSeconds: number;
  /** Server CPU per op, microseconds. */
  cpuMicrosPerOp: number;
  errors: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function openSessions(server: ServerProcess, count: number): Promise<RawClient[]> {
  const clients = await Promise.all(
    Array.from({ length: count }, () =>
      RawClient.connect(server.host, server.port, { timeOut: 30_000, record: false }),
    ),
  );
  for (const client of clients) client.keepAlive();
  return clients;
}

async function prepare(clients: RawClient[]): Promise<void> {
  const first = clients[0] as RawClient;
  for (const path of ['/bench', '/bench/c']) {
    await first.request({ type: OpCode.create, path, data: new Uint8Array(), acl: OPEN, flags: 0 });
  }
  await Promise.all(
    clients.map((client, i) =>
      client.request({ type: OpCode.create, path: `/bench/n-${i}`, data: VALUE, acl: OPEN, flags: 0 }),
    ),
  );
}

async function phase(
  server: ServerProcess,
  clients: RawClient[],
  op: Op,
  seconds: number,
  round: number,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    clients.flatMap((client, session) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        const request = requestFor(op, session);
        while (performance.now() < end) {
          const sent = performance.now();
          const reply = await client.request(request);
          latencies.push(performance.now() - sent);
          if (reply.err !== 0) errors += 1;
        }
      }),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const sorted = Float64Array.from(latencies).sort();
  return {
    server: server.name,
    op,
    round,
    ops: latencies.length,
    opsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    serverCpuSeconds: cpu,
    cpuMicrosPerOp: (cpu / latencies.length) * 1e6,
    errors,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function throughput(): Promise<unknown> {
  console.log(
    `load: ${SESSIONS} sessions × ${IN_FLIGHT} in flight, 100-byte values, ${SECONDS} s per phase, ${ROUNDS} rounds`,
  );
  const servers = [await startZooKeeper(), await startZkts()];
  if (BEFORE !== undefined) servers.push(await startZkts('zkts-before', BEFORE));
  const names = servers.map((server) => server.name);
  const sessions = new Map<ServerName, RawClient[]>();
  try {
    for (const server of servers) {
      const clients = await openSessions(server, SESSIONS);
      await prepare(clients);
      sessions.set(server.name, clients);
      // Warm-up (JIT on both sides) before anything is measured.
      for (const op of OPS) await phase(server, clients, op, 1, 0);
    }
    const results: PhaseResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of round % 2 ? servers : [...servers].reverse()) {
        for (const op of OPS) {
          const result = await phase(server, sessions.get(server.name) as RawClient[], op, SECONDS, round);
          results.push(result);
          console.log(
            `  round ${round} ${server.name.padEnd(9)} ${op.padEnd(6)} ${result.opsPerSecond.toFixed(0).padStart(7)} ops/s` +
              `  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms` +
              `  server CPU ${((result.serverCpuSeconds / SECONDS) * 100).toFixed(0)}% (${result.cpuMicrosPerOp.toFixed(1)} µs/op)` +
              (result.errors ? `  ${result.errors} errors` : ''),
          );
        }
      }
    }
    const summary = OPS.map((op) => {
      const of = (name: ServerName) => results.filter((r) => r.server === name && r.op === op);
      const stats = (name: ServerName) => {
        const rows = of(name);
        return {
          bestOpsPerSecond: Math.max(...rows.map((r) => r.opsPerSecond)),
          medianOpsPerSecond: median(rows.map((r) => r.opsPerSecond)),
          medianP50Ms: median(rows.map((r) => r.p50Ms)),
          medianP99Ms: median(rows.map((r) => r.p99Ms)),
          medianCpuMicrosPerOp: median(rows.map((r) => r.cpuMicrosPerOp)),
        };
      };
      const zookeeper = stats('zookeeper');
      const versus = (name: ServerName) => {
        const zkts = stats(name);
        return {
          medianOpsPerSecond: zkts.medianOpsPerSecond / zookeeper.medianOpsPerSecond,
          bestOpsPerSecond: zkts.bestOpsPerSecond / zookeeper.bestOpsPerSecond,
          medianCpuMicrosPerOp: zkts.medianCpuMicrosPerOp / zookeeper.medianCpuMicrosPerOp,
        };
      };
      return {
        op,
        zookeeper,
        zkts: stats('zkts'),
        ratio: versus('zkts'),
        ...(BEFORE === undefined
          ? {}
          : { zktsBefore: stats('zkts-before'), ratioBefore: versus('zkts-before') }),
      };
    });
    console.log('\nsummary (median over rounds; ratio = zkts / ZooKeeper)');
    console.log('op      server     best ops/s  median ops/s  p50 ms  p99 ms  CPU µs/op');
    for (const row of summary) {
      for (const name of names) {
        const s = name === 'zkts-before' ? row.zktsBefore : row[name];
        if (s === undefined) continue;
        console.log(
          `${row.op.padEnd(7)} ${name.padEnd(9)} ${s.bestOpsPerSecond.toFixed(0).padStart(11)} ${s.medianOpsPerSecond
            .toFixed(0)
            .padStart(
              13,
            )} ${s.medianP50Ms.toFixed(2).padStart(7)} ${s.medianP99Ms.toFixed(2).padStart(7)} ${s.medianCpuMicrosPerOp
            .toFixed(1)
            .padStart(10)}`,
        );
      }
      console.log(
        `${row.op.padEnd(7)} ratio     ${row.ratio.bestOpsPerSecond.toFixed(2).padStart(11)} ${row.ratio.medianOpsPerSecond
          .toFixed(2)
          .padStart(13)}                 ${row.ratio.medianCpuMicrosPerOp.toFixed(2).padStart(10)}`,
      );
      if (row.ratioBefore !== undefined) {
        console.log(
          `${row.op.padEnd(7)} ratio-bef ${row.ratioBefore.bestOpsPerSecond.toFixed(2).padStart(11)} ${row.ratioBefore.medianOpsPerSecond
            .toFixed(2)
            .padStart(13)}                 ${row.ratioBefore.medianCpuMicrosPerOp.toFixed(2).padStart(10)}`,
        );
      }
    }
    return {
      mode: 'throughput',
      sessions: SESSIONS,
      inFlight: IN_FLIGHT,
      seconds: SECONDS,
      rounds: ROUNDS,
      forceSync: FORCE_SYNC,
      before: BEFORE,
      results,
      summary,
    };
  } finally {
    for (const clients of sessions.values()) for (const client of clients) await client.destroy();
    for (const server of servers) await server.stop();
  }
}

async function idle(): Promise<unknown> {
  console.log(
    `idle: ${IDLE_SESSIONS} concurrent idle sessions with heartbeats, held ${HOLD_SECONDS} s, one server at a time`,
  );
  const rows = [];
  for (const start of [startZooKeeper, startZkts]) {
    const server = await start();
    const clients: RawClient[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const rssBefore = rssMiB(server.pid);
      const connectStarted = performance.now();
      const batch = 250;
      for (let i = 0; i < IDLE_SESSIONS; i += batch) {
        const opened = await Promise.all(
          Array.from({ length: Math.min(batch, IDLE_SESSIONS - i) }, () =>
            RawClient.connect(server.host, server.port, {
              timeOut: 30_000,
              record: false,
              connectTimeoutMs: 30_000,
            }),
          ),
        );
        for (const client of opened) {
          // Heartbeats as a real client sends them: a ping after a third of the timeout idle.
          client.keepAlive(10_000);
          clients.push(client);
        }
      }
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      const cpuBefore = cpuSeconds(server.pid);
      await new Promise((resolve) => setTimeout(resolve, HOLD_SECONDS * 1000));
      const idleCpu = cpuSeconds(server.pid) - cpuBefore;
      const rssHeld = rssMiB(server.pid);
      // Every session must still be alive: one request each.
      let alive = 0;
      for (let i = 0; i < clients.length; i += 1000) {
        const replies = await Promise.all(
          clients.slice(i, i + 1000).map((client) =>
            client.request({ type: OpCode.exists, path: '/', watch: false }).then(
              (reply) => reply.err === 0,
              () => false,
            ),
          ),
        );
        alive += replies.filter(Boolean).length;
      }
      const row = {
        server: server.name,
        sessions: IDLE_SESSIONS,
        alive,
        connectSeconds,
        rssBeforeMiB: rssBefore,
        rssHeldMiB: rssHeld,
        kibPerSession: ((rssHeld - rssBefore) * 1024) / IDLE_SESSIONS,
        idleCpuPercent: (idleCpu / HOLD_SECONDS) * 100,
      };
      rows.push(row);
      console.log(
        `  ${server.name.padEnd(9)} ${alive}/${IDLE_SESSIONS} alive after ${HOLD_SECONDS} s; connect ${connectSeconds.toFixed(1)} s;` +
          ` RSS ${rssBefore.toFixed(0)} → ${rssHeld.toFixed(0)} MiB (${row.kibPerSession.toFixed(1)} KiB/session);` +
          ` idle CPU ${row.idleCpuPercent.toFixed(1)}%`,
      );
    } finally {
      await Promise.all(clients.map((client) => client.destroy()));
      await server.stop();
    }
  }
  return { mode: 'idle', sessions: IDLE_SESSIONS, holdSeconds: HOLD_SECONDS, rows };
}

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version };
console.log(`machine: ${machine.cpus} × ${machine.model}, node ${machine.node}`);
const result = IDLE ? await idle() : await throughput();
const dir = new URL('../results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const file = join(
  dir,
  `server-load-${IDLE ? 'idle-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(file, `${JSON.stringify({ machine, ...(result as object) }, null, 2)}\n`);
console.log(`\nwritten to ${file}`);
process.exit(0);
