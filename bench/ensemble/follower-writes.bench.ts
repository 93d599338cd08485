/**
 * A 3-member zkts ensemble of real processes (fsync on, tickTime 2000), clients on a follower:
 * 16 sessions × 16 setData of 100 bytes in flight for DURATION_MS, then the same for getData;
 * prints throughput and latency percentiles. Then SIGKILLs the leader under load and prints the
 * time until a write through a survivor succeeds.
 *
 *   node --conditions @zkts/source --import tsx bench/ensemble/follower-writes.bench.ts
 */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { fourLetterWord } from '../../test/support/real-zookeeper';
import { startZktsEnsemble } from '../../test/support/zkts-ensemble-processes';

const DURATION_MS = Number(process.env.DURATION_MS ?? 8_000);
const SESSIONS = 16;
const IN_FLIGHT = 16;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function load(clients: ZooKeeperClient[], op: (zk: ZooKeeperClient, i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    clients.flatMap((zk, c) =>
      Array.from({ length: IN_FLIGHT }, async (_, slot) => {
        while (performance.now() < end) {
          const started = performance.now();
          await op(zk, c * IN_FLIGHT + slot);
          latencies.push(performance.now() - started);
        }
      }),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(latencies.length / (DURATION_MS / 1000)),
    p50: percentile(latencies, 50).toFixed(1),
    p99: percentile(latencies, 99).toFixed(1),
    p999: percentile(latencies, 99.9).toFixed(1),
  };
}

// FORCE_SYNC=no: no fsync (where the time goes); ON=leader: clients on the leader instead
const ensemble = await startZktsEnsemble({
  size: 3,
  tickTime: 2000,
  extraConfig: ['4lw.commands.whitelist=*', ...(process.env.FORCE_SYNC === 'no' ? ['forceSync=no'] : [])],
});
try {
  let leader: number | undefined;
  while (leader === undefined) {
    for (const m of ensemble.members) {
      if ((await fourLetterWord(m.clientPort, 'srvr').catch(() => '')).includes('Mode: leader'))
        leader = m.id;
    }
  }
  const follower = ensemble.members.find((m) =>
    process.env.ON === 'leader' ? m.id === leader : m.id !== leader,
  )!;
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const zk = createClient(`127.0.0.1:${follower.clientPort}`);
      await zk.connected();
      return zk;
    }),
  );
  const data = new Uint8Array(100);
  for (let i = 0; i < SESSIONS * IN_FLIGHT; i++) await clients[0]!.create(`/k${i}`, data);
  console.log('setData via a follower', await load(clients, (zk, i) => zk.setData(`/k${i}`, data)));
  console.log('getData on a follower ', await load(clients, (zk, i) => zk.getData(`/k${i}`)));

  const survivors = ensemble.members.filter((m) => m.id !== leader);
  const writer = createClient(survivors.map((m) => `127.0.0.1:${m.clientPort}`).join(','), {
    reconnectDelay: 20,
  });
  await writer.connected();
  await writer.create('/failover', '');
  const killedAt = performance.now();
  await ensemble.members.find((m) => m.id === leader)!.kill('SIGKILL');
  for (;;) {
    try {
      await writer.setData('/failover', 'x');
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  console.log(
    `failover (SIGKILL leader → a write succeeds), tickTime 2000: ${(performance.now() - killedAt).toFixed(0)} ms`,
  );
  await Promise.allSettled([...clients, writer].map((zk) => zk.close()));
} finally {
  await ensemble.stop();
}
process.exit(0);
