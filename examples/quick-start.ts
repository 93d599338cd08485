/**
 * The README's first example, exactly (test/examples.test.ts checks they are the same): an
 * in-memory server, a client with a chroot, a one-shot watch and a recursive watch.
 * Run with `node --import tsx examples/quick-start.ts`.
 */
import { createClient, createServer } from 'zkts';

const server = await createServer({ port: 0 }); // port 0: a free one; in memory unless dataDir is set
const client = createClient(`${server.connectString}/app`, { sessionTimeout: 10_000 });
await client.create('/'); // a chroot must exist: '/' is the chroot node itself (/app)
await client.create('/config', 'v1');
const { data, watch } = await client.getData('/config', { watch: true }); // watch: a promise of the event
console.log('config =', Buffer.from(data).toString());
const events = client.watch('/', { recursive: true }); // every change under /app
await client.setData('/config', 'v2');
console.log('one-shot:', (await watch).type);
for await (const event of events) {
  console.log('recursive:', event.type, event.path);
  break; // leaving the loop removes the watch
}
await client.close();
await server.close();
