/**
 * End-to-end durability: zkts's standalone server runs in its own process with a dataDir and
 * forceSync on; several sessions write to it (sequential creates and setData, many in flight);
 * the process is SIGKILLed at a random moment, restarted on the same dataDir, and everything
 * it acknowledged must be there, with its value, and nothing it was never sent. Repeated over
 * several cycles on the same dataDir, with a small snapCount so kills also land during
 * snapshots and log rolls.
 *
 * The seed (printed) fixes the kill delays and the mix of writes; replay with DURABILITY_SEED.
 * Thread and disk timing still vary from run to run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../packages/storage/src/index';
import { fourLetterWord } from '../support/real-zookeeper';
import { DURABLE_SERVER_SCRIPT, type ServerProcess, startServerProcess } from './server-process';
import { WriteLedger } from './write-ledger';
import { runWriteLoad } from './write-load';

const SEED = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CYCLES = 5;
const SESSIONS = 4;
const IN_FLIGHT = 8;
const KEYS_PER_SESSION = 4;
/** Snapshots every 500-1000 txns: several per cycle, so some kills land in one. */
const SNAP_COUNT = 1000;

const dataDirs: string[] = [];
const servers = new Set<ServerProcess>();
afterAll(async () => {
  for (const server of servers) await server.kill();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function connect(address: string): Promise<ZooKeeperClient> {
  const client = createClient(address, { sessionTimeout: 10_000, reconnectDelay: 50 });
  // a server that never completes the handshake fails the test here instead of hanging it
  await client.connected({ signal: AbortSignal.timeout(15_000) });
  return client;
}

/** The `Zxid:` line of `srvr`: the last zxid the server has (recovered or processed). */
async function serverZxid(port: number): Promise<number> {
  const answer = await fourLetterWord(port, 'srvr');
  const match = /^Zxid: (0x[0-9a-f]+)$/m.exec(answer);
  if (match === null) throw new Error(`no Zxid in srvr answer: ${answer}`);
  return Number(BigInt(match[1]!));
}

interface KillCyclesResult {
  /** Per cycle, what the check found after the restart (empty lists = consistent). */
  problems: string[][];
  ledger: WriteLedger;
  /** Writes that were in flight (sent, not answered) when the server was killed, over all cycles. */
  inFlightAtKill: number;
  unexpectedErrors: unknown[];
}

/**
 * `cycles` times: load from SESSIONS sessions, SIGKILL after a random delay, restart on the
 * same dataDir, and check the recovered tree against everything sent and acknowledged so far.
 * Stops early once a cycle found problems when `stopAtFirstProblem`.
 */
async function runKillCycles(options: {
  cycles: number;
  random: () => number;
  broken?: 'ack-before-durable';
  stopAtFirstProblem?: boolean;
}): Promise<KillCyclesResult> {
  const { random } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-sigkill-'));
  dataDirs.push(dataDir);
  const start = async () => {
    const started = await startServerProcess(DURABLE_SERVER_SCRIPT, [
      dataDir,
      '0',
      String(SNAP_COUNT),
      'yes',
      options.broken ?? 'no',
    ]);
    servers.add(started);
    return started;
  };
  const ledger = new WriteLedger();
  const problems: string[][] = [];
  const unexpectedErrors: unknown[] = [];
  let inFlightAtKill = 0;
  let server = await start();
  const setup = await connect(server.connectString);
  await setup.create('/d', '');
  await setup.create('/k', '');
  await setup.close();

  for (let cycle = 0; cycle < options.cycles; cycle++) {
    const clients = await Promise.all(Array.from({ length: SESSIONS }, () => connect(server.connectString)));
    const keysBySession: string[][] = [];
    for (let s = 0; s < SESSIONS; s++) {
      const keys: string[] = [];
      for (let k = 0; k < KEYS_PER_SESSION; k++) {
        const key = `/k/c${cycle}s${s}k${k}`;
        const initial = `${key}:initial`;
        await clients[s]!.create(key, initial);
        ledger.addKey(key, initial);
        keys.push(key);
      }
      keysBySession.push(keys);
    }

    let stopped = false;
    const loads = clients.map((client, s) =>
      runWriteLoad({
        client,
        session: `c${cycle}s${s}`,
        ledger,
        parent: '/d',
        keys: keysBySession[s]!,
        inFlight: IN_FLIGHT,
        random,
        stopped: () => stopped,
      }),
    );
    const killAfterMs = 100 + Math.floor(random() * 900);
    const before = ledger.counts;
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await server.kill();
    servers.delete(server);
    stopped = true;
    // the in-flight writes fail with a connection loss; closing the clients keeps anything
    // from waiting for a reconnect
    const closing = clients.map((client) => client.close());
    const results = await Promise.all(loads);
    await Promise.all(closing);
    let failed = 0;
    for (const result of results) {
      failed += result.failed;
      if (result.unexpected !== undefined) unexpectedErrors.push(result.unexpected);
    }
    inFlightAtKill += failed;
    const after = ledger.counts;
    const snapshots = (server.stderr().match(/INFO snapshot /g) ?? []).length;
    console.log(
      `[sigkill] cycle ${cycle}${options.broken ? ` (${options.broken})` : ''}: killed after ${killAfterMs} ms, ` +
        `${after.acknowledged - before.acknowledged} writes acknowledged, ${failed} in flight, ` +
        `${snapshots} snapshots taken by that process`,
    );

    server = await start();
    const found: string[] = [];
    const recoveredZxid = await serverZxid(server.port);
    if (recoveredZxid < ledger.maxAcknowledgedZxid) {
      found.push(
        `recovered to zxid ${recoveredZxid}, but zxid ${ledger.maxAcknowledgedZxid} was acknowledged`,
      );
    }
    const checker = await connect(server.connectString);
    found.push(...(await ledger.check(checker, '/d')));
    await checker.close();
    problems.push(found);
    if (found.length > 0 && options.stopAtFirstProblem) break;
  }
  await server.stop();
  servers.delete(server);
  if ((await server.exited).code !== 0)
    unexpectedErrors.push(new Error(`server exited ${(await server.exited).code}`));
  return { problems, ledger, inFlightAtKill, unexpectedErrors };
}

describe('SIGKILL during write load (zkts server process, forceSync on)', () => {
  it(`keeps every acknowledged write across ${CYCLES} kills (seed ${SEED})`, {
    timeout: 120_000,
  }, async () => {
    console.log(`[sigkill] seed ${SEED} (replay with DURABILITY_SEED=${SEED})`);
    const result = await runKillCycles({ cycles: CYCLES, random: seededRandom(SEED) });
    const { sent, acknowledged } = result.ledger.counts;
    console.log(
      `[sigkill] ${sent} writes sent, ${acknowledged} acknowledged, ${result.inFlightAtKill} in flight at the kills`,
    );
    expect(result.unexpectedErrors).toEqual([]);
    result.problems.forEach((found, cycle) => {
      expect(found, `seed ${SEED}, cycle ${cycle}`).toEqual([]);
    });
    // guards against a vacuous pass: real load, and kills that caught writes in flight
    expect(acknowledged).toBeGreaterThan(300);
    expect(result.inFlightAtKill).toBeGreaterThan(0);
  });

  it(`catches a server that acknowledges before the log write (seed ${SEED})`, {
    timeout: 60_000,
  }, async () => {
    // The same run over a log that acknowledges before writing (ack-before-durable.ts: flush()
    // resolves at once, entries reach the real log every 20 ms): a kill then loses
    // acknowledged writes, and the check must say so. Up to 4 tries, in case a kill lands in a
    // moment when nothing acknowledged is held back (not seen in practice).
    const result = await runKillCycles({
      cycles: 4,
      random: seededRandom(SEED ^ 0x5bd1e995),
      broken: 'ack-before-durable',
      stopAtFirstProblem: true,
    });
    const found = result.problems.flat();
    console.log(
      `[sigkill] broken server: ${found.length} problems found, e.g. ${found.slice(0, 2).join('; ')}`,
    );
    expect(found.some((problem) => /is missing|was acknowledged/.test(problem))).toBe(true);
  });
});
