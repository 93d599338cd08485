/**
 * The README's first example, runnable: an in-memory server, a client with a chroot, a one-shot
 * watch and a recursive watch. Run with `node --import tsx examples/quick-start.ts`.
 */
import { createClient, createServer, silentLogger } from 'zkts';

const server = await createServer({ port: 0, logger: silentLogger }); // add dataDir to persist
const client = createClient(`${server.connectString}/app`, { sessionTimeout: 10_000 });
await client.connected();

await client.create('/', new Uint8Array()); // the chroot node itself, /app
await client.create('/config', Buffer.from('v1'), { mode: 'persistent' });
const { data, watch } = await client.getData('/config', { watch: true });
console.log('config =', Buffer.from(data).toString());

const events = client.watch('/', { recursive: true });
await client.setData('/config', Buffer.from('v2'));
console.log('one-shot watch:', (await watch).type);
for await (const event of events) {
  console.log('recursive watch:', event.type, event.path);
  break; // leaving the loop removes the watch
}

await client.close();
await server.close();
