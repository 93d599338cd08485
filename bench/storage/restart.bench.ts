/**
 * Restart time: zkts's standalone server vs the real Apache ZooKeeper 3.8, each restarted on a
 * data directory holding a snapshot of N znodes (100-byte values) and M txns in the log after
 * it (setData on those znodes). Time from process spawn to serving (`srvr` answers as a
 * serving server) and to the first successful client request (connect + getData), best and
 * median over alternating rounds, and the ratio ours/ZooKeeper.
 *
 *   node --conditions=@zkts/source --import tsx bench/storage/restart.bench.ts \
 *        [--znodes 200000] [--txns 100000] [--rounds 5] [--sessions 16] [--in-flight 64] [--tsx] [--keep] [--only zkts|zookeeper]
 *
 * Building each data directory (through @zkts/client, forceSync off while loading):
 * - zkts: load N creates, SIGUSR2 to the server process (roll the log + snapshot, as the
 *   snapshot trigger does), load M setData, SIGTERM.
 * - ZooKeeper (-Dzookeeper.snapCount high, so it never snapshots by count): load N creates,
 *   SIGTERM, start it again (a 3.8 server writes a snapshot of what it loaded at every start),
 *   load M setData, SIGTERM.
 * Then, for both, every older snapshot and every log file holding only txns the snapshot
 * covers is deleted (what each server's purge would leave), so each directory is one snapshot
 * of N znodes plus M txns after it. Each round restarts from a fresh copy of that directory
 * (ZooKeeper snapshots again at startup; the copy also leaves both warm in the page cache).
 *
 * zkts runs as one JavaScript file bundled from the current sources with tsup (as a
 * production build would run; `--tsx` runs the sources through tsx instead, which adds ~1 s
 * of transpiling to every start), ZooKeeper from the Debian jar with -Xmx3g. The
 * empty-directory start of each is measured too, to show the fixed cost of the runtime. Results are printed and written to bench/results/restart-<time>.json.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { build } from 'tsup';
import { DURABLE_SERVER_SCRIPT } from '../../test/durability/server-process';
import { fourLetterWord, freePort, ZOOKEEPER_JAR } from '../../test/support/real-zookeeper';
import { flag, numberOption, textOption } from '../cli-options';

const ZNODES = numberOption('znodes', 200_000);
const TXNS = numberOption('txns', 100_000);
const ROUNDS = numberOption('rounds', 5);
const SESSIONS = numberOption('sessions', 16);
const IN_FLIGHT = numberOption('in-flight', 64);
const CHILDREN_PER_PARENT = 1000;
const JVM_OPTIONS = ['-Xmx3g'];
const NO_SNAPSHOT_BY_COUNT = '100000000';
const USE_TSX = flag('tsx');
/** Keep the built data directories (printed) instead of deleting them, e.g. to profile a restart. */
const KEEP = flag('keep');
/** `--only zkts` or `--only zookeeper`: build and time one server (no ratio). */
const ONLY = textOption('only') as 'zkts' | 'zookeeper' | undefined;

const value = (tag: string, i: number) => `${tag}:${i}:`.padEnd(100, 'x');
const nodePath = (i: number) => `/b/p${Math.floor(i / CHILDREN_PER_PARENT)}/n${i % CHILDREN_PER_PARENT}`;

type ServerName = 'zkts' | 'zookeeper';

interface Running {
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

/** Bundles the server fixture and everything it imports into one file; returns its path. */
async function bundleZkts(outDir: string): Promise<string> {
  await build({
    entry: { 'durable-server': DURABLE_SERVER_SCRIPT },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/.*/],
    silent: true,
    config: false,
    dts: false,
    esbuildOptions(options) {
      options.conditions = ['@zkts/source'];
    },
  });
  return join(outDir, 'durable-server.js');
}
let zktsEntry: string[] = ['--conditions=@zkts/source', '--import', 'tsx', DURABLE_SERVER_SCRIPT];

function spawnServer(name: ServerName, dataDir: string, port: number, configDir: string): Running {
  let child: ChildProcess;
  if (name === 'zkts') {
    child = spawn(process.execPath, [...zktsEntry, dataDir, String(port), NO_SNAPSHOT_BY_COUNT, 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } else {
    const config = join(configDir, `zoo-${port}.cfg`);
    writeFileSync(
      config,
      [
        `tickTime=2000`,
        `dataDir=${dataDir}`,
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
        '-Dzookeeper.admin.enableServer=false',
        '-Dzookeeper.4lw.commands.whitelist=*',
        `-Dzookeeper.snapCount=${NO_SNAPSHOT_BY_COUNT}`,
        ...JVM_OPTIONS,
        '-cp',
        ZOOKEEPER_JAR,
        'org.apache.zookeeper.server.ZooKeeperServerMain',
        config,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { port, pid: child.pid ?? -1, child, exited, output: () => output };
}

/** Polls `srvr` until the server answers as serving; ms since `since`. */
async function waitServing(server: Running, since: number, timeoutMs = 300_000): Promise<number> {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output().slice(-3000)}`);
    const answer = await fourLetterWord(server.port, 'srvr');
    if (answer.startsWith('Zookeeper version')) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not serving after ${timeoutMs} ms:\n${server.output().slice(-3000)}`);
}

async function stop(server: Running, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}

async function connectAll(port: number, count: number): Promise<ZooKeeperClient[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = createClient(`127.0.0.1:${port}`, { sessionTimeout: 30_000 });
      await client.connected();
      return client;
    }),
  );
}

/** Runs op(client, i) for i in [0, total) with SESSIONS × IN_FLIGHT in flight. */
async function pipelined(
  clients: ZooKeeperClient[],
  total: number,
  label: string,
  op: (client: ZooKeeperClient, i: number) => Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  const lanes: Promise<void>[] = [];
  for (const client of clients) {
    for (let k = 0; k < IN_FLIGHT; k++) {
      lanes.push(
        (async () => {
          for (let i = next++; i < total; i = next++) {
            await op(client, i);
            if (++done % 200_000 === 0) process.stderr.write(`  ${label}: ${done}/${total}\n`);
          }
        })(),
      );
    }
  }
  await Promise.all(lanes);
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label}: ${total} in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s)`);
}

async function loadCreates(port: number): Promise<void> {
  const clients = await connectAll(port, SESSIONS);
  await clients[0]!.create('/b', '');
  const parents = Math.ceil(ZNODES / CHILDREN_PER_PARENT);
  await pipelined(clients, parents, 'parents', (client, i) => client.create(`/b/p${i}`, ''));
  await pipelined(clients, ZNODES, 'creates', (client, i) => client.create(nodePath(i), value('c', i)));
  await Promise.all(clients.map((client) => client.close()));
}

async function loadSets(port: number): Promise<void> {
  const clients = await connectAll(port, SESSIONS);
  // a stride through the znodes, so the txns touch the whole tree
  await pipelined(clients, TXNS, 'sets', (client, i) =>
    client.setData(nodePath((i * 7919) % ZNODES), value('s', i)),
  );
  await Promise.all(clients.map((client) => client.close()));
}

/** Names of `prefix.<hex zxid>` files in dir, with their zxids, oldest first. */
function zxidFiles(dir: string, prefix: string): Array<{ name: string; zxid: number }> {
  return readdirSync(dir)
    .filter((name) => new RegExp(`^${prefix}\\.[0-9a-f]+$`).test(name))
    .map((name) => ({ name, zxid: Number.parseInt(name.slice(prefix.length + 1), 16) }))
    .sort((a, b) => a.zxid - b.zxid);
}

/**
 * Leaves the newest snapshot and the log files that may hold txns after it; returns the
 * snapshot zxid and the bytes kept.
 */
function keepNewestSnapshot(dir: string): { snapshotZxid: number; snapshotBytes: number; logBytes: number } {
  const snapshots = zxidFiles(dir, 'snapshot');
  const newest = snapshots.at(-1);
  if (newest === undefined) throw new Error(`no snapshot in ${dir}: ${readdirSync(dir).join(' ')}`);
  for (const old of snapshots.slice(0, -1)) rmSync(join(dir, old.name));
  const logs = zxidFiles(dir, 'log');
  let logBytes = 0;
  logs.forEach((log, i) => {
    const following = logs[i + 1];
    // every txn in a log file precedes the next file's first zxid
    if (following !== undefined && following.zxid <= newest.zxid + 1) rmSync(join(dir, log.name));
    else logBytes += statSync(join(dir, log.name)).size;
  });
  return { snapshotZxid: newest.zxid, snapshotBytes: statSync(join(dir, newest.name)).size, logBytes };
}

async function buildZkts(dataDir: string, configDir: string) {
  console.log(`building the zkts data directory (${ZNODES} znodes + ${TXNS} txns)`);
  const port = await freePort();
  const server = spawnServer('zkts', dataDir, port, configDir);
  await waitServing(server, performance.now());
  await loadCreates(port);
  const lines = server.child.stdout!;
  const snapshotLine = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      const line = chunk
        .toString()
        .split('\n')
        .find((l) => l.includes('"snapshot"'));
      if (line !== undefined) {
        lines.off('data', onData);
        resolve(line);
      }
    };
    lines.on('data', onData);
  });
  server.child.kill('SIGUSR2');
  console.log(`  snapshot: ${await snapshotLine}`);
  await loadSets(port);
  await stop(server, 'SIGTERM');
  return keepNewestSnapshot(join(dataDir, 'zkts-v1'));
}

async function buildZooKeeper(dataDir: string, configDir: string) {
  console.log(`building the ZooKeeper data directory (${ZNODES} znodes + ${TXNS} txns)`);
  const port = await freePort();
  let server = spawnServer('zookeeper', dataDir, port, configDir);
  await waitServing(server, performance.now());
  await loadCreates(port);
  await stop(server, 'SIGTERM');
  const started = performance.now();
  server = spawnServer('zookeeper', dataDir, port, configDir);
  const ms = await waitServing(server, started);
  console.log(`  restart after the creates (replays them, writes a snapshot): ${Math.round(ms)} ms`);
  await loadSets(port);
  await stop(server, 'SIGTERM');
  return keepNewestSnapshot(join(dataDir, 'version-2'));
}

/** User + system CPU time the process has used, ms (all its threads; /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] and [12] are utime and stime (fields 14 and 15 of stat), in USER_HZ = 100 ticks/s
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

interface Sample {
  /** What zkts logged as its recovery time (snapshot load + log replay), ms. */
  recoveryMs?: number;
  servingMs: number;
  /** CPU time the server process had used once serving, ms: less sensitive to a busy machine. */
  cpuMs: number;
  firstRequestMs: number;
  rssMiB: number;
}

/** Starts `name` on a fresh copy of `pristine`, times it, and kills it. */
async function restartOnce(
  name: ServerName,
  pristine: string,
  work: string,
  configDir: string,
): Promise<Sample> {
  rmSync(work, { recursive: true, force: true });
  execFileSync('cp', ['-a', pristine, work]);
  const port = await freePort();
  const started = performance.now();
  const server = spawnServer(name, work, port, configDir);
  try {
    const servingMs = await waitServing(server, started);
    const cpu = cpuMs(server.pid);
    const client = createClient(`127.0.0.1:${port}`, { sessionTimeout: 30_000 });
    await client.connected();
    await client.exists(ZNODES > 0 ? nodePath(ZNODES - 1) : '/');
    const firstRequestMs = performance.now() - started;
    const rss = rssMiB(server.pid);
    await client.close();
    const recovered = /recovered .* in (\d+)ms/.exec(server.output());
    return {
      servingMs,
      cpuMs: cpu,
      firstRequestMs,
      rssMiB: rss,
      ...(recovered === null ? {} : { recoveryMs: Number(recovered[1]) }),
    };
  } finally {
    await stop(server, 'SIGKILL');
  }
}

/** Best and median of one field (NaN when there are no samples, e.g. with --only). */
function summary(samples: Sample[], key: keyof Sample): { best: number; median: number } {
  const values = samples.map((s) => s[key] ?? Number.NaN).sort((a, b) => a - b);
  return { best: Math.round(values[0]!), median: Math.round(values[Math.floor(values.length / 2)]!) };
}

const root = mkdtempSync(join(tmpdir(), 'zkts-restart-bench-'));
try {
  const dirs = {
    zkts: join(root, 'zkts'),
    zookeeper: join(root, 'zookeeper'),
    empty: join(root, 'empty'),
    work: join(root, 'work'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  if (!USE_TSX) zktsEntry = [await bundleZkts(join(root, 'bundle'))];
  const servers: ServerName[] = ONLY === undefined ? ['zkts', 'zookeeper'] : [ONLY];
  const built = {
    zkts: servers.includes('zkts') ? await buildZkts(dirs.zkts, root) : undefined,
    zookeeper: servers.includes('zookeeper') ? await buildZooKeeper(dirs.zookeeper, root) : undefined,
  };
  console.log('data directories:', JSON.stringify(built));

  const empty: Record<ServerName, Sample[]> = { zkts: [], zookeeper: [] };
  const loaded: Record<ServerName, Sample[]> = { zkts: [], zookeeper: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const name of order) {
      const sample = await restartOnce(name, dirs[name], dirs.work, root);
      loaded[name].push(sample);
      console.log(
        `round ${round} ${name.padEnd(9)} serving ${Math.round(sample.servingMs)} ms, first request ${Math.round(sample.firstRequestMs)} ms, CPU ${sample.cpuMs} ms, RSS ${sample.rssMiB} MiB` +
          (sample.recoveryMs === undefined ? '' : ` (recovery logged: ${sample.recoveryMs} ms)`),
      );
    }
    if (round < 3) {
      for (const name of order) empty[name].push(await restartOnce(name, dirs.empty, dirs.work, root));
    }
  }

  const result = {
    date: new Date().toISOString(),
    znodes: ZNODES,
    txns: TXNS,
    zktsRuntime: USE_TSX ? 'tsx (sources)' : 'bundle (tsup)',
    rounds: ROUNDS,
    built,
    loaded: {
      zkts: {
        serving: summary(loaded.zkts, 'servingMs'),
        firstRequest: summary(loaded.zkts, 'firstRequestMs'),
        cpu: summary(loaded.zkts, 'cpuMs'),
        recoveryLogged: summary(loaded.zkts, 'recoveryMs'),
      },
      zookeeper: {
        serving: summary(loaded.zookeeper, 'servingMs'),
        firstRequest: summary(loaded.zookeeper, 'firstRequestMs'),
        cpu: summary(loaded.zookeeper, 'cpuMs'),
      },
    },
    empty: {
      zkts: summary(empty.zkts, 'servingMs'),
      zookeeper: summary(empty.zookeeper, 'servingMs'),
    },
    rssMiB: { zkts: summary(loaded.zkts, 'rssMiB'), zookeeper: summary(loaded.zookeeper, 'rssMiB') },
    samples: { loaded, empty },
  };
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`\nrestart with ${ZNODES} znodes in a snapshot + ${TXNS} txns in the log (${ROUNDS} rounds)`);
  console.log('                     zkts best / median     ZooKeeper best / median   ours/ZK (median)');
  for (const key of ['serving', 'firstRequest', 'cpu'] as const) {
    const ours = result.loaded.zkts[key];
    const theirs = result.loaded.zookeeper[key];
    console.log(
      `${key.padEnd(20)} ${`${ours.best} / ${ours.median} ms`.padEnd(22)} ${`${theirs.best} / ${theirs.median} ms`.padEnd(25)} ${ratio(ours.median, theirs.median)}x`,
    );
  }
  console.log(
    `${'empty dir, serving'.padEnd(20)} ${`${result.empty.zkts.best} / ${result.empty.zkts.median} ms`.padEnd(22)} ${`${result.empty.zookeeper.best} / ${result.empty.zookeeper.median} ms`.padEnd(25)} ${ratio(result.empty.zkts.median, result.empty.zookeeper.median)}x`,
  );
  console.log(
    `zkts's own log: recovery (snapshot load + replay) best ${result.loaded.zkts.recoveryLogged.best} / median ${result.loaded.zkts.recoveryLogged.median} ms`,
  );
  console.log(
    `RSS after restart: zkts ${result.rssMiB.zkts.median} MiB, ZooKeeper ${result.rssMiB.zookeeper.median} MiB`,
  );
  const resultsDir = new URL('../results/', import.meta.url).pathname;
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `restart-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  if (KEEP) console.log(`data directories kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
