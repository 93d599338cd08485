/**
 * Ensemble benchmarks: a 3-member ensemble of real processes on this machine, the real Apache
 * ZooKeeper 3.8 and zkts side by side (the kinds of test/support/ensemble-kinds.ts: zkts joins
 * as soon as test/support/zkts-ensemble-processes.ts exists), fsync on, tickTime 2000,
 * initLimit 10, syncLimit 5.
 *
 * - load: clients on a follower, N sessions × K requests in flight (default 16 × 16), 100-byte
 *   values; setData, getData (served by the follower) and create (sequential) phases of D
 *   seconds; rounds alternate the kinds; ops/s, p50/p99/p99.9 latency.
 * - failover: every kind's ensemble up at once; under setData load on a follower, SIGKILL the
 *   leader; time until a setData sent through a survivor (new session, either survivor)
 *   succeeds. F times per kind, the kinds alternating round by round; best, median, ratio. For
 *   zkts, the survivors' logged state changes split the time (death seen, elected, established).
 * - rejoin: SIGKILL a follower, write W setData (default 100 000) through the other follower,
 *   restart it; time from the restart until it serves with the leader's zxid, and whether the
 *   leader sent it a DIFF or a SNAP (its zk_diff_count / zk_snap_count). One kind after the other.
 *
 *   node --conditions=@zkts/source --import tsx bench/ensemble/ensemble.bench.ts
 *        [--seconds 3] [--rounds 3] [--warmup 3] [--sessions 16] [--in-flight 16] [--failovers 3] [--rejoin-writes 100000]
 *        [--only load,failover,rejoin (any of them)] [--ops set,get,create (any of them)] [--show-logs]
 *
 * zkts members run from the sources through tsx; ZKTS_MEMBER_CLI=dist runs them from the built
 * packages (`pnpm run build` first), whose start is ~0.5 s shorter (it counts in a rejoin).
 *
 * Results: printed, and written as JSON to bench/results/ensemble-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type ClientRequest, OpCode } from '@zkts/core';
import { type EnsembleKind, ensembleKinds } from '../../test/support/ensemble-kinds';
import {
  type EnsembleMember,
  memberStatus,
  mntrValue,
  type RunningEnsemble,
  waitForLeader,
  waitForServing,
} from '../../test/support/ensemble-members';
import { RawClient } from '../../test/support/raw-client';
import { flag, listOption, numberOption } from '../cli-options';
import { cpuReading, cpuSince } from './process-cpu';

const SECONDS = numberOption('seconds', 3);
const ROUNDS = numberOption('rounds', 3);
/** Per op and kind, before anything is measured (the JVMs' JIT needs a few seconds here). */
const WARMUP_SECONDS = numberOption('warmup', 3);
const SESSIONS = numberOption('sessions', 16);
const IN_FLIGHT = numberOption('in-flight', 16);
const FAILOVERS = numberOption('failovers', 3);
const REJOIN_WRITES = numberOption('rejoin-writes', 100_000);
/** Print the survivors' log lines of the first second after each kill (zkts). */
const SHOW_LOGS = flag('show-logs');
/** Parts to run, comma-separated (`--only failover,rejoin`); all by default. */
const ONLY = listOption('only');
const runs = (part: string) => ONLY === undefined || ONLY.includes(part);

const VALUE = new Uint8Array(100).fill(0x61);
const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const ENSEMBLE = { size: 3, tickTime: 2000, initLimit: 10, syncLimit: 5, jvmOptions: ['-Xms256m', '-Xmx1g'] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Op = 'set' | 'get' | 'create';
const ALL_OPS: Op[] = ['set', 'get', 'create'];
/** `--ops set` measures setData alone: no create phase grows the tree (and its snapshots) between rounds. */
const OPS: Op[] = listOption('ops')?.filter((op): op is Op => ALL_OPS.includes(op as Op)) ?? ALL_OPS;

function requestFor(op: Op, session: number): ClientRequest {
  const path = `/bench/n-${session}`;
  if (op === 'get') return { type: OpCode.getData, path, watch: false };
  if (op === 'set') return { type: OpCode.setData, path, data: VALUE, version: -1 };
  return { type: OpCode.create, path: '/bench/c/s-', data: VALUE, acl: OPEN, flags: 2 };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function followers(ensemble: RunningEnsemble): Promise<EnsembleMember[]> {
  const leader = await waitForLeader(ensemble);
  return ensemble.members.filter((m) => m !== leader);
}

async function openSessions(member: EnsembleMember, count: number): Promise<RawClient[]> {
  const clients = await Promise.all(
    Array.from({ length: count }, () =>
      RawClient.connect('127.0.0.1', member.clientPort, { timeOut: 30_000, record: false }),
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

interface LoadResult {
  kind: string;
  op: Op;
  round: number;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  errors: number;
  /** CPU µs per op of the leader, the clients' follower and the other follower (pids read from /proc). */
  cpuMicrosPerOp: { leader: number; follower: number; other: number; members: number; loadGenerator: number };
}

/** Every session keeps IN_FLIGHT requests going until `stop()` resolves true or time is up. */
async function drive(
  clients: RawClient[],
  op: Op,
  seconds: number,
  stop: () => boolean = () => false,
): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    clients.flatMap((client, session) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        const request = requestFor(op, session);
        while (performance.now() < end && !stop() && client.isOpen) {
          const sent = performance.now();
          try {
            const reply = await client.request(request);
            latencies.push(performance.now() - sent);
            if (reply.err !== 0) errors += 1;
          } catch {
            errors += 1;
          }
        }
      }),
    ),
  );
  return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

/** `roles`: the leader, the follower the clients are on, the other follower. */
async function phase(
  kind: string,
  roles: readonly EnsembleMember[],
  clients: RawClient[],
  op: Op,
  round: number,
): Promise<LoadResult> {
  const pids = roles.map((member) => member.pid);
  const before = cpuReading(pids);
  const { latencies, errors, elapsed } = await drive(clients, op, SECONDS);
  const cpu = cpuSince(before, cpuReading(pids));
  const perOp = (micros: number) => micros / Math.max(1, latencies.length);
  const [leader = 0, follower = 0, other = 0] = cpu.members;
  const sorted = Float64Array.from(latencies).sort();
  return {
    kind,
    op,
    round,
    ops: latencies.length,
    opsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
    errors,
    cpuMicrosPerOp: {
      leader: perOp(leader),
      follower: perOp(follower),
      other: perOp(other),
      members: perOp(leader + follower + other),
      loadGenerator: perOp(cpu.self),
    },
  };
}

async function load(kinds: EnsembleKind[]): Promise<unknown> {
  console.log(
    `load: 3 members, ${SESSIONS} sessions × ${IN_FLIGHT} in flight on a follower, 100-byte values, ${SECONDS} s per phase, ${ROUNDS} rounds`,
  );
  const running: {
    kind: EnsembleKind;
    ensemble: RunningEnsemble;
    roles: EnsembleMember[];
    clients: RawClient[];
  }[] = [];
  try {
    for (const kind of kinds) {
      const ensemble = await kind.start(ENSEMBLE);
      const leader = await waitForLeader(ensemble);
      const [follower, other] = await followers(ensemble);
      if (!follower || !other) throw new Error('no follower');
      const clients = await openSessions(follower, SESSIONS);
      running.push({ kind, ensemble, roles: [leader, follower, other], clients });
      await prepare(clients);
      for (const op of OPS) await drive(clients, op, WARMUP_SECONDS); // JIT warm-up before measuring
    }
    const results: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { kind, roles, clients } of round % 2 ? running : [...running].reverse()) {
        for (const op of OPS) {
          const r = await phase(kind.name, roles, clients, op, round);
          const cpu = r.cpuMicrosPerOp;
          results.push(r);
          console.log(
            `  round ${round} ${kind.name.padEnd(9)} ${op.padEnd(6)} ${r.opsPerSecond.toFixed(0).padStart(7)} ops/s` +
              `  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  p99.9 ${r.p999Ms.toFixed(2)} ms` +
              `  CPU µs/op members ${cpu.members.toFixed(0)} (leader ${cpu.leader.toFixed(0)}, follower ${cpu.follower.toFixed(0)}, other ${cpu.other.toFixed(0)}), load generator ${cpu.loadGenerator.toFixed(0)}` +
              (r.errors ? `  ${r.errors} errors` : ''),
          );
        }
      }
    }
    const summary = kinds.flatMap((kind) =>
      OPS.map((op) => {
        const rows = results.filter((r) => r.kind === kind.name && r.op === op);
        return {
          kind: kind.name,
          op,
          bestOpsPerSecond: Math.max(...rows.map((r) => r.opsPerSecond)),
          medianOpsPerSecond: median(rows.map((r) => r.opsPerSecond)),
          medianP50Ms: median(rows.map((r) => r.p50Ms)),
          medianP99Ms: median(rows.map((r) => r.p99Ms)),
          medianP999Ms: median(rows.map((r) => r.p999Ms)),
          medianMemberCpuMicrosPerOp: median(rows.map((r) => r.cpuMicrosPerOp.members)),
        };
      }),
    );
    console.log('\nsummary (best and median over rounds)');
    console.log('kind       op      best ops/s  median ops/s  p50 ms  p99 ms  p99.9 ms  members CPU µs/op');
    for (const s of summary) {
      console.log(
        `${s.kind.padEnd(10)} ${s.op.padEnd(7)} ${s.bestOpsPerSecond.toFixed(0).padStart(10)} ${s.medianOpsPerSecond
          .toFixed(0)
          .padStart(
            13,
          )} ${s.medianP50Ms.toFixed(2).padStart(7)} ${s.medianP99Ms.toFixed(2).padStart(7)} ${s.medianP999Ms
          .toFixed(2)
          .padStart(9)} ${s.medianMemberCpuMicrosPerOp.toFixed(0).padStart(18)}`,
      );
    }
    return { results, summary };
  } finally {
    for (const { clients, ensemble } of running) {
      await Promise.all(clients.map((client) => client.destroy()));
      await ensemble.stop();
    }
  }
}

/** Sends setData through `members` (new session each try) until one succeeds; resolves when it did. */
async function firstWrite(members: readonly EnsembleMember[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const member = members[attempt % members.length] as EnsembleMember;
    try {
      const client = await RawClient.connect('127.0.0.1', member.clientPort, {
        timeOut: 30_000,
        record: false,
        connectTimeoutMs: 2000,
      });
      try {
        const reply = await client.request(requestFor('set', 0));
        if (reply.err === 0) return performance.now();
      } finally {
        await client.destroy();
      }
    } catch {
      // not serving yet (electing, syncing): try the other survivor
    }
    await sleep(5);
  }
}

/**
 * The survivors' state changes after the kill, from their log lines as the harness read them
 * (zkts members; a line reaches us a pipe hop after it was written):
 * ms from the kill to the first `looking` (death detected), the first role decided (election
 * over) and the first `established` (NEWLEADER acked by a quorum, the leader serves).
 */
function phasesAfter(
  killedAtWall: number,
  survivors: readonly EnsembleMember[],
): Record<string, number> | undefined {
  const lines = survivors
    .flatMap((member) => member.timedLines?.() ?? [])
    .filter((line) => line.at >= killedAtWall)
    .sort((a, b) => a.at - b.at);
  if (lines.length === 0) return undefined;
  if (SHOW_LOGS) {
    for (const line of lines.filter((l) => l.at - killedAtWall < 1000)) {
      console.log(`    +${String(line.at - killedAtWall).padStart(4)} ms ${line.text}`);
    }
  }
  const first = (pattern: RegExp) => {
    const line = lines.find((l) => pattern.test(l.text));
    return line === undefined ? Number.NaN : line.at - killedAtWall;
  };
  return {
    lookingMs: first(/\] looking, epoch/),
    decidedMs: first(/\] (leader|follower) \(leader \d+\), epoch \d+$/),
    establishedMs: first(/\] leader \(leader \d+\), epoch \d+, established/),
  };
}

interface FailoverRun {
  kind: EnsembleKind;
  ensemble: RunningEnsemble;
  times: number[];
  phases: Record<string, number>[];
}

/** One failover: steady setData load on a follower, SIGKILL the leader, first write through a survivor. */
async function failoverOnce(run: FailoverRun, first: boolean): Promise<void> {
  const { kind, ensemble } = run;
  const leader = await waitForLeader(ensemble);
  const survivors = ensemble.members.filter((m) => m !== leader);
  const clients = await openSessions(survivors[0] as EnsembleMember, SESSIONS);
  if (first) await prepare(clients);
  let killed = false;
  const loadDone = drive(clients, 'set', 60, () => killed);
  await sleep(2000); // steady load first
  const killedAtWall = Date.now();
  const t0 = performance.now();
  await leader.kill('SIGKILL');
  killed = true;
  const t1 = await firstWrite(survivors);
  run.times.push(t1 - t0);
  const phases = phasesAfter(killedAtWall, survivors);
  if (phases) run.phases.push(phases);
  console.log(
    `  ${kind.name.padEnd(9)} failover ${run.times.length}: ${(t1 - t0).toFixed(0).padStart(5)} ms (leader was member ${leader.id})` +
      (phases
        ? `  looking +${phases.lookingMs} ms, decided +${phases.decidedMs} ms, established +${phases.establishedMs} ms`
        : ''),
  );
  await Promise.all(clients.map((client) => client.destroy()));
  await loadDone;
  await leader.restart();
  await waitForServing(ensemble.members, 60_000);
}

/** Every kind's ensemble up at once; failovers alternate between the kinds, round by round. */
async function failovers(kinds: EnsembleKind[]): Promise<unknown> {
  console.log(
    `failover: SIGKILL the leader under setData load on a follower, ${FAILOVERS} times per kind, alternating`,
  );
  const runs: FailoverRun[] = [];
  try {
    for (const kind of kinds)
      runs.push({ kind, ensemble: await kind.start(ENSEMBLE), times: [], phases: [] });
    for (let round = 0; round < FAILOVERS; round++) {
      for (const run of round % 2 ? [...runs].reverse() : runs) await failoverOnce(run, round === 0);
    }
  } finally {
    for (const run of runs) await run.ensemble.stop();
  }
  const rows = runs.map(({ kind, times, phases }) => ({
    kind: kind.name,
    timesMs: times,
    bestMs: Math.min(...times),
    medianMs: median(times),
    ...(phases.length > 0
      ? {
          medianPhasesMs: {
            looking: median(phases.map((p) => p.lookingMs ?? Number.NaN)),
            decided: median(phases.map((p) => p.decidedMs ?? Number.NaN)),
            established: median(phases.map((p) => p.establishedMs ?? Number.NaN)),
          },
        }
      : {}),
  }));
  for (const row of rows) {
    console.log(
      `  ${row.kind.padEnd(9)} failover: best ${row.bestMs.toFixed(0)} ms, median ${row.medianMs.toFixed(0)} ms`,
    );
  }
  const zkts = rows.find((row) => row.kind === 'zkts');
  const zookeeper = rows.find((row) => row.kind === 'zookeeper');
  const ratio =
    zkts && zookeeper
      ? { best: zkts.bestMs / zookeeper.bestMs, median: zkts.medianMs / zookeeper.medianMs }
      : undefined;
  if (ratio) {
    console.log(`  zkts / ZooKeeper: best ${ratio.best.toFixed(2)}×, median ${ratio.median.toFixed(2)}×`);
  }
  return { rows, ratio };
}

/** A restarted zkts member's own log: ms from the restart to it listening, following, synced. */
function rejoinPhases(restartedAtWall: number, member: EnsembleMember): Record<string, number> | undefined {
  const lines = (member.timedLines?.() ?? []).filter((line) => line.at >= restartedAtWall);
  if (lines.length === 0) return undefined;
  const first = (pattern: RegExp) => {
    const line = lines.find((l) => pattern.test(l.text));
    return line === undefined ? Number.NaN : line.at - restartedAtWall;
  };
  return {
    startedMs: first(/ started \(last zxid /),
    followingMs: first(/\] follower \(leader \d+\), epoch \d+$/),
    establishedMs: first(/\] follower \(leader \d+\), epoch \d+, established/),
  };
}

/** mntr figures of the leader's learner syncs (zk_diff_count, zk_snap_count); -1 when not listed. */
async function syncCounts(leader: EnsembleMember): Promise<{ diff: number; snap: number }> {
  const read = (key: string) => mntrValue(leader.clientPort, key).catch(() => -1);
  return { diff: await read('zk_diff_count'), snap: await read('zk_snap_count') };
}

async function rejoin(kind: EnsembleKind): Promise<unknown> {
  console.log(`rejoin (${kind.name}): a follower down for ${REJOIN_WRITES} setData, then restarted`);
  const ensemble = await kind.start(ENSEMBLE);
  try {
    const [writer, sleeper] = await followers(ensemble);
    if (!writer || !sleeper) throw new Error('two followers expected');
    const clients = await openSessions(writer, SESSIONS);
    await prepare(clients);
    await sleeper.kill('SIGKILL');
    let written = 0;
    const writeStarted = performance.now();
    await Promise.all(
      clients.flatMap((client, session) =>
        Array.from({ length: IN_FLIGHT }, async () => {
          const request = requestFor('set', session);
          while (written < REJOIN_WRITES) {
            written += 1;
            const reply = await client.request(request);
            if (reply.err !== 0) throw new Error(`setData failed: ${reply.err}`);
          }
        }),
      ),
    );
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    await Promise.all(clients.map((client) => client.close()));
    const leader = await waitForLeader(ensemble);
    const target = (await memberStatus(leader.clientPort)).zxid;
    const before = await syncCounts(leader);
    const restartedAtWall = Date.now();
    const t0 = performance.now();
    await sleeper.restart().catch((error: Error) => {
      const tails = ensemble.members.map((member) => {
        const tail = (member.timedLines?.() ?? []).slice(-20).map((line) => `    ${line.text}`);
        return `  member ${member.id}'s last log lines:\n${tail.join('\n')}`;
      });
      throw new Error(`${error.message}\n${tails.join('\n')}`);
    });
    const serving = performance.now();
    while ((await memberStatus(sleeper.clientPort)).zxid < target) await sleep(10);
    const caughtUp = performance.now();
    const after = await syncCounts(leader);
    const sync = after.snap > before.snap ? 'SNAP' : after.diff > before.diff ? 'DIFF' : 'unknown';
    const phases = rejoinPhases(restartedAtWall, sleeper);
    const row = {
      kind: kind.name,
      writes: REJOIN_WRITES,
      ...(phases ? { phasesMs: phases } : {}),
      writeSeconds,
      writesPerSecond: REJOIN_WRITES / writeSeconds,
      restartToServingMs: serving - t0,
      restartToCaughtUpMs: caughtUp - t0,
      sync,
      leaderSyncCounts: after,
    };
    console.log(
      `  ${kind.name.padEnd(9)}: ${REJOIN_WRITES} writes in ${writeSeconds.toFixed(1)} s while down; restart → serving ${row.restartToServingMs.toFixed(0)} ms, → caught up (leader's zxid) ${row.restartToCaughtUpMs.toFixed(0)} ms, by ${sync} (leader's zk_diff_count ${after.diff}, zk_snap_count ${after.snap})` +
        (phases
          ? `\n             started (listening, log replayed) +${phases.startedMs} ms, following +${phases.followingMs} ms, synced +${phases.establishedMs} ms`
          : ''),
    );
    return row;
  } finally {
    await ensemble.stop();
  }
}

const kinds = (await ensembleKinds()).filter((kind) => {
  if (kind.skipReason) console.log(`skipping ${kind.name}: ${kind.skipReason}`);
  return kind.skipReason === undefined;
});
const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version };
console.log(`machine: ${machine.cpus} × ${machine.model}, node ${machine.node}`);
const result: Record<string, unknown> = { machine };
if (runs('load')) result.load = await load(kinds);
if (runs('failover')) result.failover = await failovers(kinds);
if (runs('rejoin')) {
  result.rejoin = [];
  for (const kind of kinds) (result.rejoin as unknown[]).push(await rejoin(kind));
}
const dir = new URL('../results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const file = join(dir, `ensemble-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwritten to ${file}`);
process.exit(0);
