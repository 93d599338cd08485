// Config pub/sub: subscribers keep a NodeCache of a config node; the publisher changes it and
// every subscriber sees each version.
import { NodeCache } from '@zkts/recipes';
import { connect, runPath, sleep } from '../connect';

const cluster = await connect();
const path = runPath('config');
const publisher = await cluster.client();
const seen = new Map<string, string[]>();
const caches = [];
for (const name of ['web', 'worker']) {
  const cache = new NodeCache(await cluster.client(), path);
  seen.set(name, []);
  cache.on('added', (_p, node) => seen.get(name)?.push(new TextDecoder().decode(node.data)));
  cache.on('updated', (_p, node) => seen.get(name)?.push(new TextDecoder().decode(node.data)));
  await cache.start();
  caches.push(cache);
}
await publisher.create(path, 'timeout=10');
while ([...seen.values()].some((v) => v.length < 1)) await sleep(5);
await publisher.setData(path, 'timeout=20');
while ([...seen.values()].some((v) => v.length < 2)) await sleep(5);
for (const [name, values] of seen) console.log(`${name} saw: ${values.join(', ')}`);
for (const cache of caches) await cache.close();
await cluster.close();
