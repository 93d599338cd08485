// Distributed lock: four workers increment a shared number under a Mutex; without the lock
// their read-modify-write would lose updates.
import { Mutex } from '@zkts/recipes';
import { connect, runPath, sleep } from '../connect';

const cluster = await connect();
const path = runPath('lock');
let shared = 0;
await Promise.all(
  [1, 2, 3, 4].map(async (worker) => {
    const zk = await cluster.client();
    const mutex = new Mutex(zk, `${path}/lock`);
    for (let i = 0; i < 5; i++) {
      await using _lease = await mutex.acquire({ timeout: 10_000 });
      const read = shared;
      await sleep(2); // another worker would interleave here without the lock
      shared = read + 1;
    }
    console.log(`worker ${worker} done`);
  }),
);
console.log(`counter = ${shared} (expected 20)`);
await cluster.close();
