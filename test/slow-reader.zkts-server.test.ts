/**
 * A client that sends many large reads and does not read the replies must not make the server
 * buffer them all: it stops taking that connection's requests while its unsent output is over
 * a limit, and answers the rest once the client reads again. Measured with the server in this
 * process: `process.memoryUsage().arrayBuffers` counts every reply buffer it holds.
 */
import { createConnection, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createClient } from '../packages/client/src/index';
import { OpCode } from '../packages/core/src/index';
import { encodeRequest, FrameParser } from '../packages/protocol/src/index';
import { createServer, silentLogger, type ZooKeeperServer } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';
import { connectRequestBytes } from './support/raw-client';

const NODE_BYTES = 512 * 1024;
const REQUESTS = 300; // 150 MB of replies if the server buffered them all
const MB = 1024 * 1024;

let server: ZooKeeperServer | undefined;
let socket: Socket | undefined;

afterEach(async () => {
  socket?.destroy();
  await server?.close();
});

function requestsFrame(): Buffer {
  const frames: Buffer[] = [Buffer.from(connectRequestBytes({ timeOut: 30_000 }))];
  for (let xid = 1; xid <= REQUESTS; xid++) {
    frames.push(Buffer.from(encodeRequest(xid, { type: OpCode.getData, path: '/big', watch: false })));
  }
  return Buffer.concat(frames);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('stops taking requests while a client leaves its replies unread, and answers them all later', async () => {
  server = await createServer({ port: 0, logger: silentLogger, storage: createMemoryStorage() });
  const writer = createClient(server.connectString, { sessionTimeout: 10_000 });
  await writer.create('/big', new Uint8Array(NODE_BYTES));
  await writer.close();

  globalThis.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  let frames = 0;
  const parser = new FrameParser({ onFrame: () => void frames++ });
  const reader = createConnection({ host: server.address.host, port: server.address.port });
  socket = reader;
  reader.pause(); // a client that reads nothing
  reader.on('data', (chunk: Buffer) => parser.push(chunk));
  reader.write(requestsFrame());

  // give the server time to do all it would do; it cannot finish: the client reads nothing
  let peak = 0;
  for (let i = 0; i < 20; i++) {
    await sleep(50);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
  }
  expect(peak / MB).toBeLessThan(40);

  reader.resume();
  const deadline = Date.now() + 30_000;
  while (frames < REQUESTS + 1 && Date.now() < deadline) await sleep(20);
  expect(frames).toBe(REQUESTS + 1); // the ConnectResponse and every reply
}, 60_000);
