/**
 * A Jepsen-style test of a 3-member ensemble of real processes: five zkts clients (each given
 * two members, through proxies that can cut them) issue reads, sync+reads, writes and CAS on
 * three keys while a seeded nemesis kills and restarts members (the leader too), isolates
 * members through the member-link proxies, slows those links and cuts client connections.
 * Then every fault is repaired, every member is read after a sync (they must agree), and the
 * history is checked: updates linearizable, the whole history within ZooKeeper's guarantees.
 *
 * Run against the real ZooKeeper 3.8 it validates the harness and the checkers; against zkts
 * (member processes from test/support/zkts-ensemble-processes.ts, links through the same
 * proxies) it is the proof of issue #11.
 *
 * Environment: ZKTS_JEPSEN_SEED=<n> replays a run's choices (ops, keys, values, faults; the
 * interleaving is real time's); ZKTS_JEPSEN_SECONDS=<s> sets the length (default 25,
 * ZKTS_LONG=1: 120; 90 s made 43k ops, checked in 6 s); ZKTS_TARGETS=zookeeper|zkts picks the ensembles. A failing history is
 * written to a file named in the failure (re-check it with decodeZkHistory).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@zkts/client';
import { encodeHistory, HistoryRecorder, type ZkOutput, type ZkSessionInput } from '@zkts/linearizability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleKinds } from '../support/ensemble-kinds';
import { type RunningEnsemble, waitForServing } from '../support/ensemble-members';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  checkHistory,
  describeVerdict,
  KNOWN_BREAKS,
  withImpossibleRead,
  withImpossibleVersion,
} from './jepsen/check-history';
import { runNemesis } from './jepsen/nemesis';
import { ClientIds, type Recorder, runWorker, type WorkloadOptions } from './jepsen/workload';

const LONG = process.env.ZKTS_LONG === '1';
const SECONDS = Number(process.env.ZKTS_JEPSEN_SECONDS ?? (LONG ? 120 : 25));
const SEED = Number(process.env.ZKTS_JEPSEN_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The check's budget: it answers 'unknown' (a failure here) rather than run on. */
const CHECK_BUDGET = { timeoutMs: 120_000 };
const KEYS = ['/jepsen/k0', '/jepsen/k1', '/jepsen/k2'];
const WORKERS = 5;
const WORKLOAD: Omit<WorkloadOptions, 'now'> = { keys: KEYS, opTimeoutMs: 4000, sessionTimeoutMs: 8000 };
const now = () => performance.now();

/** Creates the keys, recorded as the history's first ops. */
async function createKeys(ensemble: RunningEnsemble, recorder: Recorder, ids: ClientIds): Promise<void> {
  const zk = createClient(ensemble.connectString, { sessionTimeout: 8000 });
  try {
    await zk.connected();
    await zk.create('/jepsen', '');
    const client = ids.take();
    for (const path of KEYS) {
      const handle = recorder.invoke(client, { kind: 'create', path, value: 'initial' }, now());
      const { stat } = await zk.create(path, 'initial', { stat: true });
      recorder.complete(handle, { ok: true, version: stat.version, zxid: stat.mzxid }, now());
    }
  } finally {
    await zk.close();
  }
}

/**
 * After the run: each member, on its own, syncs and reads every key (recorded as final reads).
 * Returns what each member answered, to check that they converged.
 */
async function finalReads(
  ensemble: RunningEnsemble,
  recorder: Recorder,
  ids: ClientIds,
  finalClients: Set<number>,
): Promise<string[][]> {
  const answers: string[][] = [];
  for (const member of ensemble.members) {
    const zk = createClient(`127.0.0.1:${member.clientPort}`, { sessionTimeout: 8000 });
    const client = ids.take();
    finalClients.add(client);
    try {
      await zk.connected();
      const values: string[] = [];
      for (const path of KEYS) {
        const sync = recorder.invoke(client, { kind: 'sync', path }, now());
        await zk.sync(path);
        recorder.complete(sync, { ok: true, zxid: zk.lastZxid }, now());
        const read = recorder.invoke(client, { kind: 'read', path }, now());
        const { data, stat } = await zk.getData(path, { encoding: 'utf8' });
        recorder.complete(read, { ok: true, value: data, version: stat.version, zxid: zk.lastZxid }, now());
        values.push(`${data}@${stat.version}`);
      }
      answers.push(values);
    } finally {
      await zk.close();
    }
  }
  return answers;
}

for (const kind of await ensembleKinds()) {
  if (kind.skipReason) console.warn(`[jepsen] skipping the ${kind.name} ensemble: ${kind.skipReason}`);
  describe.skipIf(kind.skipReason !== undefined)(
    `Jepsen-style test of a 3-member ${kind.name} ensemble`,
    () => {
      let ensemble: RunningEnsemble | undefined;
      const clientProxies: TcpProxy[] = [];

      beforeAll(async () => {
        ensemble = await kind.start({
          size: 3,
          tickTime: 500,
          initLimit: 10,
          syncLimit: 5,
          partitionable: true,
        });
        for (const member of ensemble.members)
          clientProxies.push(await startTcpProxy('127.0.0.1', member.clientPort));
      }, 120_000);

      afterAll(async () => {
        for (const proxy of clientProxies) await proxy.close();
        await ensemble?.stop();
      }, 60_000);

      it(
        `${WORKERS} clients' reads, writes and CAS under kills, partitions and cut connections keep ZooKeeper's guarantees`,
        async () => {
          if (!ensemble) throw new Error('no ensemble');
          const running = ensemble;
          console.log(
            `[jepsen ${kind.name}] seed ${SEED}, ${SECONDS} s (replay: ZKTS_JEPSEN_SEED=${SEED} ZKTS_JEPSEN_SECONDS=${SECONDS})`,
          );
          const recorder: Recorder = new HistoryRecorder<ZkSessionInput, ZkOutput>();
          const ids = new ClientIds();
          await createKeys(running, recorder, ids);

          const until = now() + SECONDS * 1000;
          const options: WorkloadOptions = { ...WORKLOAD, now };
          const n = clientProxies.length;
          const workers = Array.from({ length: WORKERS }, (_, k) =>
            runWorker(
              k,
              `${clientProxies[k % n]?.address},${clientProxies[(k + 1) % n]?.address}`,
              SEED + 1 + k,
              until,
              recorder,
              ids,
              options,
            ),
          );
          const faults = await runNemesis(running, clientProxies, SEED, until, now);
          const stats = await Promise.all(workers);

          // Every fault is repaired by the nemesis itself; wait for the ensemble to settle.
          await waitForServing(running.members, 60_000);
          const finalClients = new Set<number>();
          const answers = await finalReads(running, recorder, ids, finalClients);

          const history = recorder.history();
          const total = stats.reduce(
            (sum, s) => ({
              ok: sum.ok + s.ok,
              failed: sum.failed + s.failed,
              lost: sum.lost + s.lost,
              sessions: sum.sessions + s.sessions,
            }),
            { ok: 0, failed: 0, lost: 0, sessions: 0 },
          );
          const checkStarted = now();
          const knownBreaks = KNOWN_BREAKS[kind.name];
          const verdict = checkHistory(history, finalClients, CHECK_BUDGET, knownBreaks);
          const summary =
            `[jepsen ${kind.name}] seed ${SEED}: ${history.length} ops (${total.ok} ok, ${total.failed} failed, ` +
            `${total.lost} lost; ${total.sessions} sessions), ${faults.length} nemesis steps; ` +
            `checked in ${Math.round(now() - checkStarted)} ms: ${describeVerdict(verdict)}`;
          const timeline = faults.map((event) => `  ${event.at} ms: ${event.what}`).join('\n');
          console.log(`${summary}\nnemesis:\n${timeline}`);

          const passed = verdict.updates.outcome === 'ok' && verdict.guarantees.outcome === 'ok';
          if (!passed) {
            const file = join(tmpdir(), `jepsen-${kind.name}-${SEED}-${Date.now()}.jsonl`);
            writeFileSync(file, encodeHistory(history));
            expect.fail(`${summary}\nhistory written to ${file}\nnemesis:\n${timeline}`);
          }
          // Every member answered the same thing after the sync: they converged.
          for (const values of answers) expect(values).toEqual(answers[0]);
          expect(stats.flatMap((s) => s.unexpected)).toEqual([]);
          // The run did something worth checking.
          expect(faults.length).toBeGreaterThan(0);
          expect(total.ok).toBeGreaterThan(100);

          // And the checkers do judge this history: one impossible answer makes it illegal.
          const badRead = withImpossibleRead(history, finalClients);
          const badVersion = withImpossibleVersion(history);
          expect(
            badRead && checkHistory(badRead, finalClients, CHECK_BUDGET, knownBreaks).guarantees.outcome,
          ).toBe('illegal');
          expect(badVersion && checkHistory(badVersion, finalClients, CHECK_BUDGET).updates.outcome).toBe(
            'illegal',
          );
        },
        SECONDS * 1000 + 400_000,
      );
    },
  );
}
