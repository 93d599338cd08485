/**
 * Mutex handoffs per second: 16 contenders, each acquiring and releasing one lock path in a
 * loop, on one zkts server over TCP on loopback; then Curator's InterProcessMutex (16 threads,
 * one session each) against the same server, if Curator is installed.
 *
 *   node --conditions=@zkts/source --import tsx bench/recipes/lock.bench.ts [seconds] [rounds]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@zkts/client';
import { Mutex } from '@zkts/recipes';
import { createServer, silentLogger } from '@zkts/server';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 2);
const CONTENDERS = 16;

const server = await createServer({ port: 0, logger: silentLogger });

async function zktsRound(round: number): Promise<number> {
  const clients = Array.from({ length: CONTENDERS }, () => createClient(server.connectString));
  await Promise.all(clients.map((zk) => zk.connected()));
  const end = Date.now() + seconds * 1000;
  let handoffs = 0;
  await Promise.all(
    clients.map(async (zk) => {
      const mutex = new Mutex(zk, `/bench/zkts-${round}`);
      while (Date.now() < end) {
        const lease = await mutex.acquire();
        handoffs += 1;
        await lease.release();
      }
    }),
  );
  await Promise.all(clients.map((zk) => zk.close()));
  return handoffs / seconds;
}

// asynchronous: the server runs in this process and must keep serving while Java runs
async function curatorRound(round: number): Promise<number | undefined> {
  if (!existsSync('/usr/share/java/curator-recipes.jar')) return undefined;
  const driver = fileURLToPath(new URL('./CuratorLockBench.java', import.meta.url));
  const result = await promisify(execFile)(
    'java',
    [
      '-cp',
      '/usr/share/java/*',
      driver,
      server.connectString,
      `/bench/curator-${round}`,
      String(CONTENDERS),
      String(seconds),
    ],
    { encoding: 'utf8', timeout: (seconds + 60) * 1000, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = result.stdout.split('\n').find((l) => l.startsWith('{"handoffs"'));
  if (!line) throw new Error(`the Curator driver failed: ${result.stderr.slice(-2000)}`);
  const { handoffs } = JSON.parse(line) as { handoffs: number };
  return handoffs / seconds;
}

const rows: { round: number; zkts: number; curator: number | undefined }[] = [];
for (let round = 0; round < rounds; round++) {
  const zkts = await zktsRound(round);
  const curator = await curatorRound(round);
  rows.push({
    round,
    zkts: Math.round(zkts),
    curator: curator === undefined ? undefined : Math.round(curator),
  });
  console.log(JSON.stringify(rows.at(-1)));
}
await server.close();
