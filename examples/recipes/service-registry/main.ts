// Service registry: three API instances register; a consumer load-balances over them with
// round-robin; one instance goes away and the consumer stops picking it.
import { ServiceDiscovery, strategies } from '@zkts/recipes';
import { connect, runPath, sleep } from '../connect';

const cluster = await connect();
const base = runPath('services');
const instances = [];
for (const port of [8081, 8082, 8083]) {
  const zk = await cluster.client();
  await new ServiceDiscovery<{ version: string }>(zk, base).register({
    name: 'api',
    id: `api-${port}`,
    address: '127.0.0.1',
    port,
    payload: { version: '1.0' },
  });
  instances.push(zk);
}
const consumer = new ServiceDiscovery<{ version: string }>(await cluster.client(), base);
const provider = await consumer.provider('api', strategies.roundRobin());
console.log(`picks: ${Array.from({ length: 6 }, () => provider.getInstance()?.port).join(' ')}`);
await instances[1]?.close(); // api-8082 stops
while (provider.getAllInstances().length !== 2) await sleep(10);
console.log(`after 8082 left: ${Array.from({ length: 4 }, () => provider.getInstance()?.port).join(' ')}`);
await provider.close();
await cluster.close();
