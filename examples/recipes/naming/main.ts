// Naming: unique, ordered ids from sequential nodes. Five clients ask at once; each id is
// distinct and the counter never goes back.
import { connect, runPath } from '../connect';

const cluster = await connect();
const path = runPath('ids');
const zk = await cluster.client();
await zk.create(path, null);
const clients = await Promise.all([1, 2, 3, 4, 5].map(() => cluster.client()));
const ids = await Promise.all(
  clients.map(async (client) => {
    const created = await client.create(`${path}/id-`, null, { mode: 'persistent-sequential' });
    return Number(created.slice(-10));
  }),
);
console.log(
  `distinct ids: ${new Set(ids).size} of ${ids.length}, sorted: ${[...ids].sort((a, b) => a - b).join(' ')}`,
);
await cluster.close();
