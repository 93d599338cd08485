/**
 * When a request fails with ConnectionLossError, the client has already left `connected`: the
 * caller that sees the error and awaits `connected()` waits for the next connection, instead of
 * being told "connected" at once and retrying into a dead link (a microtask spin). Checked under
 * connections cut at random moments while requests are in flight: the client's own link closed
 * (in process), the server restarted (in process and TCP), and both TCP sockets destroyed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionLossError,
  createClient,
  type MessageStream,
  type MessageTransport,
  type ZooKeeperClient,
} from '../packages/client/src/index';
import {
  createServer,
  inProcessTransport,
  silentLogger,
  type ZooKeeperServer,
} from '../packages/server/src/index';
import { createMemoryStorage, type Storage } from '../packages/storage/src/index';
import { startTcpProxy } from './support/tcp-proxy';

const ROUNDS = 25;
const WORKERS = 4;

/** mulberry32: the cut schedule, replayable with CUT_SEED. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tally {
  losses: number;
  /** Losses seen by the caller while `state` still read connected. */
  whileConnected: number;
  /** Losses seen before the client had announced a state change (`state` event). */
  beforeStateEvent: number;
  /** `connected()` calls after a loss that resolved without a new connection. */
  connectedAtOnce: number;
}

/**
 * Workers read in a loop; on ConnectionLossError they await `connected()` and go on, as a retry
 * loop would. Meanwhile `cut` is called ROUNDS times at random moments.
 */
async function readThroughCuts(
  zk: ZooKeeperClient,
  cut: () => Promise<void> | void,
  seed: number,
): Promise<Tally> {
  const random = seeded(seed);
  const tally: Tally = { losses: 0, whileConnected: 0, beforeStateEvent: 0, connectedAtOnce: 0 };
  let stateEvents = 0;
  let connections = 0;
  const onState = (state: { type: string }) => {
    stateEvents += 1;
    if (state.type === 'connected') connections += 1;
  };
  zk.on('state', onState);
  let stopping = false;
  const worker = async () => {
    while (!stopping) {
      const eventsAtCall = stateEvents;
      try {
        await zk.getData('/data');
      } catch (error) {
        if (!ConnectionLossError.isInstance(error)) throw error;
        tally.losses += 1;
        if (zk.state.type === 'connected') tally.whileConnected += 1;
        if (stateEvents === eventsAtCall) tally.beforeStateEvent += 1;
        const connectionsAtLoss = connections;
        await zk.connected();
        if (connections === connectionsAtLoss) tally.connectedAtOnce += 1;
      }
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  for (let round = 0; round < ROUNDS; round++) {
    await zk.connected();
    await new Promise((resolve) => setTimeout(resolve, random() * 4));
    await cut();
  }
  stopping = true;
  await Promise.all(workers);
  zk.off('state', onState);
  return tally;
}

const seed = Number(process.env.CUT_SEED ?? Date.now() % 2 ** 31);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function expectNoLossWhileConnected(zk: ZooKeeperClient, cut: () => Promise<void> | void) {
  await zk.create('/data', 'x').catch(() => {});
  const tally = await readThroughCuts(zk, cut, seed);
  const report = `CUT_SEED=${seed}: ${JSON.stringify(tally)}`;
  expect(tally.losses, report).toBeGreaterThan(0); // the cuts did hit requests in flight
  expect(tally.whileConnected, report).toBe(0);
  expect(tally.beforeStateEvent, report).toBe(0);
  expect(tally.connectedAtOnce, report).toBe(0);
}

async function startServer(storage: Storage): Promise<ZooKeeperServer> {
  return createServer({ port: 0, logger: silentLogger, storage });
}

describe('a request failing with ConnectionLoss finds the client no longer connected', () => {
  it('in process, the client-side link closed under it', async () => {
    const storage = createMemoryStorage();
    const server = await startServer(storage);
    cleanups.push(() => server.close());
    const inner = server.inProcessTransport();
    let link: MessageStream | undefined;
    const cuttable: MessageTransport = {
      async connectMessages(host, port) {
        link = await inner.connectMessages(host, port);
        return link;
      },
    };
    const zk = createClient(server.connectString, { transport: cuttable, reconnectDelay: 5 });
    cleanups.push(() => zk.close());
    await expectNoLossWhileConnected(zk, () => link?.close());
  }, 60_000);

  it.each(['in-process', 'tcp'] as const)(
    '%s, the server restarted under it',
    async (transport) => {
      const storage = createMemoryStorage();
      let server = await startServer(storage);
      const { port } = server.address;
      cleanups.push(() => server.close());
      const zk = createClient(server.connectString, {
        ...(transport === 'in-process' ? { transport: inProcessTransport(() => server) } : {}),
        reconnectDelay: 5,
      });
      cleanups.push(() => zk.close());
      await expectNoLossWhileConnected(zk, async () => {
        await server.close();
        server = await createServer({ port, logger: silentLogger, storage });
      });
    },
    60_000,
  );

  it('over TCP, both sockets destroyed', async () => {
    const server = await startServer(createMemoryStorage());
    cleanups.push(() => server.close());
    const proxy = await startTcpProxy(server.address.host, server.address.port);
    cleanups.push(() => proxy.close());
    const zk = createClient(proxy.address, { reconnectDelay: 5 });
    cleanups.push(() => zk.close());
    await expectNoLossWhileConnected(zk, () => {
      proxy.cut();
    });
  }, 60_000);
});
