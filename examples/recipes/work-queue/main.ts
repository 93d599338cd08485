// Work queue: a producer enqueues ten jobs; three workers take them; one worker dies while
// holding a job, which goes back to the queue and is done by another worker.
import { WorkQueue } from '@zkts/recipes';
import { connect, runPath } from '../connect';

const cluster = await connect();
const path = runPath('jobs');
const producer = new WorkQueue(await cluster.client(), path);
for (let i = 1; i <= 10; i++) await producer.put(`job-${i}`);
const done: string[] = [];
await Promise.all(
  ['w1', 'w2', 'w3'].map(async (name) => {
    const zk = await cluster.client();
    const queue = new WorkQueue(zk, path);
    for (;;) {
      const item = await queue.take({ timeout: 500 }).catch(() => undefined);
      if (!item) return;
      const job = new TextDecoder().decode(item.data);
      if (name === 'w3' && done.length >= 3) {
        console.log(`w3 dies holding ${job}`);
        await zk.close(); // its claim vanishes; the job is taken again
        return;
      }
      await item.done();
      done.push(job);
    }
  }),
);
console.log(`jobs done: ${done.length}, distinct: ${new Set(done).size}`);
await cluster.close();
