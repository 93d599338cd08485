/**
 * How fast a test gets a server: @zkts/testing's createTestServer next to Curator's
 * TestingServer (Debian libcurator-test-java), both timed inside an already running runtime
 * (as in a test suite), per round:
 * - ready: the server started (createTestServer resolved / `new TestingServer(true)` returned);
 * - connected: plus the first client connected (zkts: in-process and TCP; Curator: a
 *   ZooKeeper client over TCP).
 * And a 3-member ensemble: createEnsemble next to Curator's TestingCluster (ready = a leader
 * established / `cluster.start()` returned; connected = a client's first write committed), and
 * zkts's kill(leader) → new leader.
 * The first round (cold: classes / modules loading) is reported apart from the warm median.
 *
 *   node --conditions=@zkts/source --import tsx bench/testing/startup.bench.ts [--rounds 30]
 *
 * Curator's side is two tiny Java mains (CuratorStartup.java, CuratorClusterStartup.java) compiled with javac at run time;
 * it is skipped with a message when javac or the Curator jar is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnsemble, createTestServer } from '@zkts/testing';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 30;
const CURATOR_JAR = '/usr/share/java/curator-test.jar';
/** TestingCluster takes seconds a round: fewer rounds for both ensemble sides. */
const ENSEMBLE_ROUNDS = Math.max(3, Math.ceil(ROUNDS / 5));

interface Round {
  ready: number;
  connected: number;
}

function summary(rounds: Round[]) {
  const [first, ...warm] = rounds;
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const ms = (value: number | undefined) => Number((value ?? Number.NaN).toFixed(2));
  return {
    first: { ready: ms(first?.ready), connected: ms(first?.connected) },
    warmMedian: {
      ready: ms(median(warm.map((r) => r.ready))),
      connected: ms(median(warm.map((r) => r.connected))),
    },
    warmBest: {
      ready: ms(Math.min(...warm.map((r) => r.ready))),
      connected: ms(Math.min(...warm.map((r) => r.connected))),
    },
  };
}

async function zkts(transport: 'in-process' | 'tcp'): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const zk = await createTestServer();
    const ready = performance.now() - started;
    await zk.client({ transport });
    const connected = performance.now() - started;
    await zk.stop();
    rounds.push({ ready, connected });
  }
  return rounds;
}

/** createEnsemble({ size: 3 }): ready = a leader established; connected = a client's first write. */
async function zktsEnsemble(): Promise<{ rounds: Round[]; failovers: number[] }> {
  const rounds: Round[] = [];
  const failovers: number[] = [];
  for (let i = 0; i < ENSEMBLE_ROUNDS; i++) {
    const started = performance.now();
    const ens = await createEnsemble({ size: 3 });
    await ens.waitForLeader();
    const ready = performance.now() - started;
    const zk = await ens.client();
    await zk.create('/ready', '');
    const connected = performance.now() - started;
    rounds.push({ ready, connected });
    // kill(leader) → a new leader established
    const leader = ens.leader()!;
    const killed = performance.now();
    await ens.kill(leader.index);
    await ens.waitForLeader();
    failovers.push(performance.now() - killed);
    await ens.close();
  }
  return { rounds, failovers };
}

function curator(): Round[] | string {
  return runJava('CuratorStartup', ROUNDS);
}

function curatorCluster(): Round[] | string {
  return runJava('CuratorClusterStartup', ENSEMBLE_ROUNDS);
}

function runJava(main: string, rounds: number): Round[] | string {
  if (!existsSync(CURATOR_JAR))
    return `skipped: ${CURATOR_JAR} missing (apt-get install libcurator-test-java)`;
  const classes = mkdtempSync(join(tmpdir(), 'zkts-curator-bench-'));
  try {
    const source = fileURLToPath(new URL(`./${main}.java`, import.meta.url));
    try {
      execFileSync('javac', ['-cp', '/usr/share/java/*', '-d', classes, source], { stdio: 'pipe' });
    } catch (error) {
      return `skipped: javac failed (${(error as Error).message.split('\n')[0]})`;
    }
    const output = execFileSync('java', ['-cp', `/usr/share/java/*:${classes}`, main, String(rounds)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 300_000,
    });
    return output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Round);
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
}

const ensemble = await zktsEnsemble();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {
  rounds: ROUNDS,
  node: process.version,
  zktsInProcess: summary(await zkts('in-process')),
  zktsTcp: summary(await zkts('tcp')),
  curatorTestingServer: ((rounds) => (typeof rounds === 'string' ? rounds : summary(rounds)))(curator()),
  ensembleRounds: ENSEMBLE_ROUNDS,
  zktsEnsemble: {
    ...summary(ensemble.rounds),
    failoverMs: { median: median(ensemble.failovers), best: Math.min(...ensemble.failovers) },
  },
  curatorTestingCluster: ((rounds) => (typeof rounds === 'string' ? rounds : summary(rounds)))(
    curatorCluster(),
  ),
};
console.log(JSON.stringify(results, null, 2));
