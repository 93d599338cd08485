/**
 * How fast a test gets a server: @zkts/testing's createTestServer next to Curator's
 * TestingServer (Debian libcurator-test-java), both timed inside an already running runtime
 * (as in a test suite), per round:
 * - ready: the server started (createTestServer resolved / `new TestingServer(true)` returned);
 * - connected: plus the first client connected (zkts: in-process and TCP; Curator: a
 *   ZooKeeper client over TCP).
 * The first round (cold: classes / modules loading) is reported apart from the warm median.
 *
 *   node --conditions=@zkts/source --import tsx bench/testing/startup.bench.ts [--rounds 30]
 *
 * Curator's side is a tiny Java main (CuratorStartup.java) compiled with javac at run time;
 * it is skipped with a message when javac or the Curator jar is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestServer } from '@zkts/testing';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 30;
const CURATOR_JAR = '/usr/share/java/curator-test.jar';

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

function curator(): Round[] | string {
  if (!existsSync(CURATOR_JAR))
    return `skipped: ${CURATOR_JAR} missing (apt-get install libcurator-test-java)`;
  const classes = mkdtempSync(join(tmpdir(), 'zkts-curator-bench-'));
  try {
    const source = fileURLToPath(new URL('./CuratorStartup.java', import.meta.url));
    try {
      execFileSync('javac', ['-cp', '/usr/share/java/*', '-d', classes, source], { stdio: 'pipe' });
    } catch (error) {
      return `skipped: javac failed (${(error as Error).message.split('\n')[0]})`;
    }
    const output = execFileSync(
      'java',
      ['-cp', `/usr/share/java/*:${classes}`, 'CuratorStartup', String(ROUNDS)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 120_000,
      },
    );
    return output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Round);
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
}

const results = {
  rounds: ROUNDS,
  node: process.version,
  zktsInProcess: summary(await zkts('in-process')),
  zktsTcp: summary(await zkts('tcp')),
  curatorTestingServer: ((rounds) => (typeof rounds === 'string' ? rounds : summary(rounds)))(curator()),
};
console.log(JSON.stringify(results, null, 2));
