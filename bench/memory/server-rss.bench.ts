/**
 * Server memory, side by side: zkts's standalone server vs the real Apache ZooKeeper 3.8, each in
 * its own process on a fresh data directory. Each round starts the server, connects the load
 * sessions, reads its RSS, creates N znodes of 100 bytes through the wire, waits 2 s, and reads
 * the RSS again: the growth per znode is what the tree and everything around it cost. Sides
 * alternate over rounds; best and median, and the ratio zkts/ZooKeeper.
 *
 *   node --conditions=@zkts/source --import tsx bench/memory/server-rss.bench.ts \
 *        [--znodes 100000] [--rounds 2] [--layout flat|nested] [--sessions 8] [--in-flight 64] [--xmx 3g] [--java-heap]
 *
 * zkts: bench/memory/memory-server.ts (through tsx, forceSync off, no snapshot by count); after
 * the RSS reading it is asked for a full GC and its `process.memoryUsage()`, which splits the
 * growth into live heap, external memory and the rest (free heap pages, malloc's retained memory). ZooKeeper: the Debian jar, -Xmx as given (default 3g, as the restart bench), forceSync
 * off, no snapshot by count. With --java-heap, ZooKeeper's heap after a full GC is reported too
 * (`jcmd GC.run`, then `GC.heap_info`, before and after the load); off by default, because a
 * full GC lets the JVM shrink its heap, which changes the RSS it is compared by. RSS is VmRSS
 * from /proc/<pid>/status.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { fourLetterWord, freePort, ZOOKEEPER_JAR } from '../../test/support/real-zookeeper';
import { flag, numberOption, textOption } from '../cli-options';

const ZNODES = numberOption('znodes', 100_000);
const ROUNDS = numberOption('rounds', 2);
const LAYOUT = (textOption('layout') ?? 'flat') as 'flat' | 'nested';
const SESSIONS = numberOption('sessions', 8);
const IN_FLIGHT = numberOption('in-flight', 64);
const XMX = textOption('xmx') ?? '3g'; // 'default': no -Xmx (the JVM's own choice, a quarter of RAM)
const JAVA_HEAP = flag('java-heap');
const NO_SNAPSHOT_BY_COUNT = '100000000';
const ZKTS_SERVER = fileURLToPath(new URL('./memory-server.ts', import.meta.url));
const VALUE = 'v'.repeat(100);

type Side = 'zkts' | 'zookeeper';

interface Running {
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

function start(side: Side, dataDir: string, port: number): Running {
  let child: ChildProcess;
  if (side === 'zkts') {
    child = spawn(
      process.execPath,
      ['--expose-gc', '--conditions=@zkts/source', '--import', 'tsx', ZKTS_SERVER, dataDir, String(port)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } else {
    const config = join(dataDir, 'zoo.cfg');
    writeFileSync(
      config,
      [
        'tickTime=2000',
        `dataDir=${join(dataDir, 'data')}`,
        `clientPort=${port}`,
        'clientPortAddress=127.0.0.1',
        'maxClientCnxns=0',
        'forceSync=no',
        '',
      ].join('\n'),
    );
    child = spawn(
      'java',
      [
        ...(XMX === 'default' ? [] : [`-Xmx${XMX}`]),
        '-Dzookeeper.admin.enableServer=false',
        '-Dzookeeper.4lw.commands.whitelist=*',
        `-Dzookeeper.snapCount=${NO_SNAPSHOT_BY_COUNT}`,
        '-cp',
        ZOOKEEPER_JAR,
        'org.apache.zookeeper.server.ZooKeeperServerMain',
        config,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { port, pid: child.pid ?? -1, child, exited, output: () => output };
}

async function waitServing(server: Running): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output().slice(-3000)}`);
    const answer = await fourLetterWord(server.port, 'srvr').catch(() => '');
    if (answer.startsWith('Zookeeper version')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not serving:\n${server.output().slice(-3000)}`);
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (match === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** ZooKeeper's used heap after a full GC, via jcmd; undefined without jcmd. */
function javaHeapUsed(pid: number): number | undefined {
  try {
    execFileSync('jcmd', [String(pid), 'GC.run'], { stdio: 'ignore' });
    const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' });
    const match = /used (\d+)K/.exec(info);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

function pathOf(i: number): string {
  return LAYOUT === 'flat' ? `/n/${i}` : `/a${i % 100}/b${Math.floor(i / 100) % 100}/n${i}`;
}

async function pipelined(
  clients: ZooKeeperClient[],
  total: number,
  op: (client: ZooKeeperClient, i: number) => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lanes: Promise<void>[] = [];
  for (const client of clients) {
    for (let k = 0; k < IN_FLIGHT; k++) {
      lanes.push(
        (async () => {
          for (let i = next++; i < total; i = next++) await op(client, i);
        })(),
      );
    }
  }
  await Promise.all(lanes);
  return (performance.now() - started) / 1000;
}

interface Usage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/** zkts only: a full GC, then its own memory figures. */
async function zktsUsage(server: Running): Promise<Usage> {
  const stdout = server.child.stdout;
  if (stdout === null) throw new Error('no stdout');
  const line = new Promise<Usage>((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const found = buffered.split('\n').find((l) => l.startsWith('{"rss"'));
      if (found !== undefined) {
        stdout.off('data', onData);
        resolve(JSON.parse(found) as Usage);
      }
    };
    stdout.on('data', onData);
  });
  server.child.kill('SIGUSR1');
  return line;
}

interface Round {
  /** zkts: growth after a full GC (rss, heap used, external), per znode. */
  afterGc: Usage | undefined;
  perZnode: number;
  growthMiB: number;
  heapPerZnode: number | undefined;
  seconds: number;
}

async function round(side: Side): Promise<Round> {
  const dataDir = mkdtempSync(join(tmpdir(), `zkts-rss-${side}-`));
  const server = start(side, dataDir, await freePort());
  try {
    await waitServing(server);
    const clients = await Promise.all(
      Array.from({ length: SESSIONS }, async () => {
        const client = createClient(`127.0.0.1:${server.port}`, { sessionTimeout: 30_000 });
        await client.connected();
        return client;
      }),
    );
    const first = clients[0] as ZooKeeperClient;
    if (LAYOUT === 'flat') {
      await first.create('/n', '');
    } else {
      for (let a = 0; a < 100; a++) await first.create(`/a${a}`, '');
      await pipelined(clients, 10_000, (client, i) =>
        client.create(`/a${i % 100}/b${Math.floor(i / 100)}`, ''),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const heapBefore = side === 'zookeeper' && JAVA_HEAP ? javaHeapUsed(server.pid) : undefined;
    const before = rssBytes(server.pid);
    const usageBefore = side === 'zkts' ? await zktsUsage(server) : undefined;
    const seconds = await pipelined(clients, ZNODES, (client, i) => client.create(pathOf(i), VALUE));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = rssBytes(server.pid);
    const usageAfter = side === 'zkts' ? await zktsUsage(server) : undefined;
    const heapAfter = side === 'zookeeper' && JAVA_HEAP ? javaHeapUsed(server.pid) : undefined;
    await Promise.all(clients.map((client) => client.close()));
    const perZnode = (key: keyof Usage) => ((usageAfter?.[key] ?? 0) - (usageBefore?.[key] ?? 0)) / ZNODES;
    return {
      afterGc:
        usageAfter === undefined
          ? undefined
          : {
              rss: perZnode('rss'),
              heapTotal: perZnode('heapTotal'),
              heapUsed: perZnode('heapUsed'),
              external: perZnode('external'),
            },
      perZnode: (after - before) / ZNODES,
      growthMiB: (after - before) / 2 ** 20,
      heapPerZnode:
        heapBefore === undefined || heapAfter === undefined ? undefined : (heapAfter - heapBefore) / ZNODES,
      seconds,
    };
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function summary(values: number[]): { best: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { best: sorted[0] as number, median: sorted[Math.floor((sorted.length - 1) / 2)] as number };
}

const results: Record<Side, Round[]> = { zkts: [], zookeeper: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order: Side[] = r % 2 === 0 ? ['zkts', 'zookeeper'] : ['zookeeper', 'zkts'];
  for (const side of order) {
    const result = await round(side);
    results[side].push(result);
    console.log(
      `round ${r + 1} ${side.padEnd(9)} RSS +${result.growthMiB.toFixed(1)} MiB = ${result.perZnode.toFixed(0)} B/znode` +
        (result.heapPerZnode === undefined
          ? ''
          : `, heap after full GC ${result.heapPerZnode.toFixed(0)} B/znode`) +
        (result.afterGc === undefined
          ? ''
          : `; after a full GC: RSS ${result.afterGc.rss.toFixed(0)}, heap total ${result.afterGc.heapTotal.toFixed(0)}, heap used ${result.afterGc.heapUsed.toFixed(0)}, external ${result.afterGc.external.toFixed(0)} B/znode`) +
        ` (creates: ${Math.round(ZNODES / result.seconds)}/s)`,
    );
  }
}
console.log(`\n${ZNODES} znodes of 100 bytes, ${LAYOUT}; ZooKeeper -Xmx${XMX}; ${ROUNDS} rounds each`);
for (const side of ['zkts', 'zookeeper'] as const) {
  const s = summary(results[side].map((x) => x.perZnode));
  console.log(
    `${side.padEnd(10)} RSS growth per znode: best ${s.best.toFixed(0)} B, median ${s.median.toFixed(0)} B`,
  );
}
const ours = summary(results.zkts.map((x) => x.perZnode));
const theirs = summary(results.zookeeper.map((x) => x.perZnode));
console.log(
  `ratio zkts/ZooKeeper: best ${(ours.best / theirs.best).toFixed(2)}, median ${(ours.median / theirs.median).toFixed(2)}`,
);
