// Leader election: three workers run LeaderLatch; the leader "dies" (its session closes) and
// the next one takes over, twice.
import { LeaderLatch } from '@zkts/recipes';
import { connect, runPath } from '../connect';

const cluster = await connect();
const path = runPath('leader');
const workers = [];
for (const name of ['alpha', 'beta', 'gamma']) {
  const zk = await cluster.client();
  const latch = new LeaderLatch(zk, path, { id: name });
  latch.on('leader', () => console.log(`${name} is now the leader`));
  await latch.start();
  workers.push({ name, zk, latch });
}
for (let i = 0; i < 2; i++) {
  const leader = workers.find((w) => w.latch.isLeader);
  if (!leader) throw new Error('no leader');
  console.log(`killing ${leader.name}`);
  await leader.zk.close(); // its ephemeral latch node goes with the session
  workers.splice(workers.indexOf(leader), 1);
  await Promise.any(workers.map((w) => w.latch.leadership({ timeout: 10_000 })));
}
console.log(`leaders now: ${workers.filter((w) => w.latch.isLeader).length}`);
await cluster.close();
