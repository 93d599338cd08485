/**
 * getData throughput of @zkts/client to one zkts server in this process, over TCP (loopback)
 * and over the in-process transport (records passed as objects). Same server, same load:
 * 4 sessions × 32 getData of a 100-byte value in flight, alternating rounds; reports ops/s
 * and this process's CPU µs per op (client and server share the process), best and median.
 *
 *   node --conditions=@zkts/source --import tsx bench/client/in-process.bench.ts [roundSeconds] [rounds]
 */
import { createClient, type ZooKeeperClient } from '../../packages/client/src/index';
import { createServer, inProcessTransport, silentLogger } from '../../packages/server/src/index';
import { createMemoryStorage } from '../../packages/storage/src/index';

const SESSIONS = 4;
const IN_FLIGHT = 32;
const roundMs = Number(process.argv[2] ?? 3) * 1000;
const rounds = Number(process.argv[3] ?? 3);

const server = await createServer({ port: 0, logger: silentLogger, storage: createMemoryStorage() });
const transports = {
  tcp: undefined,
  'in-process': inProcessTransport(server),
} as const;

async function round(
  name: keyof typeof transports,
): Promise<{ opsPerSecond: number; cpuMicrosPerOp: number }> {
  const transport = transports[name];
  const clients: ZooKeeperClient[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const client = createClient(server.connectString, {
      sessionTimeout: 30_000,
      ...(transport ? { transport } : {}),
    });
    await client.connected();
    clients.push(client);
  }
  let ops = 0;
  let running = true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const workers = clients.flatMap((client) =>
    Array.from({ length: IN_FLIGHT }, async () => {
      while (running) {
        await client.getData('/bench');
        ops++;
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, roundMs));
  running = false;
  await Promise.all(workers);
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(clients.map((client) => client.close()));
  return { opsPerSecond: (ops * 1000) / elapsed, cpuMicrosPerOp: (cpu.user + cpu.system) / ops };
}

const setup = createClient(server.connectString);
await setup.create('/bench', new Uint8Array(100).fill(7));
await setup.close();

const results: Record<string, { opsPerSecond: number; cpuMicrosPerOp: number }[]> = {
  tcp: [],
  'in-process': [],
};
for (let r = 0; r < rounds; r++) {
  for (const name of ['tcp', 'in-process'] as const) {
    const result = await round(name);
    results[name]!.push(result);
    console.log(
      `round ${r + 1} ${name.padEnd(10)} ${Math.round(result.opsPerSecond).toString().padStart(8)} ops/s  ${result.cpuMicrosPerOp.toFixed(2)} µs CPU/op`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log('\n| transport | ops/s best | ops/s median | CPU µs/op best | CPU µs/op median |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, list] of Object.entries(results)) {
  const ops = list.map((r) => r.opsPerSecond);
  const cpu = list.map((r) => r.cpuMicrosPerOp);
  console.log(
    `| ${name} | ${Math.round(Math.max(...ops))} | ${Math.round(median(ops))} | ${Math.min(...cpu).toFixed(2)} | ${median(cpu).toFixed(2)} |`,
  );
}
await server.close();
