/**
 * What is particular to the in-process transport (the conformance suite runs over it in
 * client-conformance.in-process.test.ts): no byte is encoded or decoded on that path, records
 * are copied at the boundary, and connection loss, expiry, takeover, pings and throttling
 * behave as over TCP.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionLossError,
  type ConnectionState,
  createClient,
  SessionExpiredError,
  type ZooKeeperClient,
} from '../packages/client/src/index';
import { gatedTransport } from '../packages/client/test/conformance/gated-transport';
import { stateReached } from '../packages/client/test/support/wait';
import { FrameParser, FrameWriter, JuteReader } from '../packages/protocol/src/index';
import { InProcessLink } from '../packages/server/src/in-process/in-process-link';
import {
  type CreateServerOptions,
  createServer,
  inProcessTransport,
  silentLogger,
  type ZooKeeperServer,
} from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';

const servers: ZooKeeperServer[] = [];
const clients: ZooKeeperClient[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(options: CreateServerOptions = {}): Promise<ZooKeeperServer> {
  const server = await createServer({
    port: 0,
    logger: silentLogger,
    storage: createMemoryStorage(),
    ...options,
  });
  servers.push(server);
  return server;
}

type TransportName = 'tcp' | 'in-process';

function client(
  server: ZooKeeperServer,
  transport: TransportName,
  options: Parameters<typeof createClient>[1] = {},
): ZooKeeperClient {
  const zk = createClient(server.connectString, {
    sessionTimeout: 10_000,
    ...(transport === 'in-process' ? { transport: inProcessTransport(server) } : {}),
    ...options,
  });
  clients.push(zk);
  return zk;
}

/** Every encoder and decoder entry of the codec, client's and server's alike. */
function spyOnCodec() {
  return [
    vi.spyOn(FrameWriter.prototype, 'writeRequest'),
    vi.spyOn(FrameWriter.prototype, 'writeResponse'),
    vi.spyOn(FrameWriter.prototype, 'writeNotification'),
    vi.spyOn(FrameWriter.prototype, 'writeConnectRequest'),
    vi.spyOn(FrameWriter.prototype, 'writeConnectResponse'),
    vi.spyOn(FrameParser.prototype, 'push'),
    vi.spyOn(JuteReader.prototype, 'reset'),
  ];
}

/** Creates, reads with a watch, fires it, runs a multi and a multiRead, closes. */
async function workload(zk: ZooKeeperClient): Promise<void> {
  await zk.connected();
  await zk.create('/w', 'a');
  const { watch } = await zk.getData('/w', { watch: true });
  await zk.setData('/w', 'b');
  expect(await watch).toEqual({ type: 'data-changed', path: '/w' });
  await zk.transaction().create('/w/c', 'x').setData('/w', 'c').commit();
  const [children] = await zk.transaction().getChildren('/w').commit();
  expect(children).toMatchObject({ children: ['c'] });
  await zk.close();
}

describe('in-process transport', () => {
  it('encodes and decodes nothing: no frame written or parsed, on either side', async () => {
    const server = await startServer();
    const spies = spyOnCodec();
    await workload(client(server, 'in-process'));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    // the control: the same workload over TCP goes through the codec
    const other = await startServer();
    await workload(client(other, 'tcp'));
    expect(spies.reduce((calls, spy) => calls + spy.mock.calls.length, 0)).toBeGreaterThan(10);
  });

  it('the server counts the connection as one from 127.0.0.1 (port 0) with its packets', async () => {
    const server = await startServer();
    const zk = client(server, 'in-process');
    await zk.connected();
    await zk.exists('/');
    const [connection] = server.host.connections;
    expect(connection?.remote).toBe('127.0.0.1:0');
    expect(connection?.sessionId).toBe(zk.sessionId);
    expect(connection?.stats.packetsReceived).toBe(2); // ConnectRequest + exists
  });

  it('copies records at the boundary: neither side sees the other change its buffers or Stats', async () => {
    const server = await startServer();
    const zk = client(server, 'in-process');
    await zk.connected(); // (a request made before is sent, and copied, only once connected: as over TCP)
    const value = new Uint8Array([1, 2, 3]);
    const created = zk.create('/copied', value);
    value[0] = 99; // same tick as the call: over TCP the bytes would already be encoded
    await created;
    const first = await zk.getData('/copied');
    expect([...first.data]).toEqual([1, 2, 3]);
    first.data[1] = 42;
    first.stat.version = 1000;
    const second = await zk.getData('/copied');
    expect([...second.data]).toEqual([1, 2, 3]);
    expect(second.stat.version).toBe(0);
    await zk.setData('/copied', 'new');
    expect(first.stat.version).toBe(1000); // a reply's Stat is not the tree's
    expect(second.stat.version).toBe(0);
  });

  it('pings keep an idle session alive, and each one touches it on the server', async () => {
    const server = await startServer({ tickTime: 100 });
    const zk = client(server, 'in-process', { sessionTimeout: 400 });
    await zk.connected();
    await zk.create('/idle', '', { mode: 'ephemeral' });
    const [connection] = server.host.connections;
    const before = connection!.stats.packetsReceived;
    // three session timeouts of silence from the application
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(zk.state.type).toBe('connected');
    expect(connection!.stats.packetsReceived - before).toBeGreaterThanOrEqual(3);
    expect((await zk.exists('/idle')).stat).not.toBeNull();
  });

  it('a session taken over by another in-process client drops the old connection (ConnectionLoss)', async () => {
    const server = await startServer();
    const first = client(server, 'in-process');
    await first.connected();
    await first.create('/taken', '', { mode: 'ephemeral' });
    const lost = new Promise<ConnectionState>((resolve) => first.once('disconnected', resolve));
    const second = client(server, 'in-process', {
      session: { id: first.sessionId, password: first.sessionPassword },
    });
    await second.connected();
    const state = await lost;
    expect(state.type === 'disconnected' && ConnectionLossError.isInstance(state.reason)).toBe(true);
    await first.close(); // before it takes the session back
    expect(second.sessionId).toBe(first.sessionId);
    expect(await second.getEphemerals('/')).toEqual(['/taken']);
  });

  it('a session expired by the server (client cut off) deletes its ephemerals', async () => {
    const server = await startServer({ tickTime: 100 });
    const transport = gatedTransport(inProcessTransport(server));
    const doomed = client(server, 'in-process', { sessionTimeout: 400, transport });
    const observer = client(server, 'in-process');
    await doomed.create('/doomed', '', { mode: 'ephemeral' });
    const { watch } = await observer.exists('/doomed', { watch: true });
    transport.cut();
    expect(await watch).toEqual({ type: 'deleted', path: '/doomed' });
    await stateReached(doomed, 'expired');
  });

  it('globalOutstandingLimit pauses an in-process client too, and every request still completes in order', async () => {
    const server = await startServer({ globalOutstandingLimit: 1 });
    const zk = client(server, 'in-process');
    await zk.create('/throttled');
    const pause = vi.spyOn(InProcessLink.prototype, 'pause');
    const resume = vi.spyOn(InProcessLink.prototype, 'resume');
    const versions: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        zk.setData('/throttled', String(i)).then((s) => versions.push(s.version)),
      ),
    );
    expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(server.host.outstandingRequests).toBe(0);
    expect(pause).toHaveBeenCalled();
    expect(resume).toHaveBeenCalled();
  });

  it('close() sends closeSession: the session and its ephemerals are gone at once', async () => {
    const server = await startServer();
    const zk = client(server, 'in-process');
    const other = client(server, 'in-process');
    await zk.create('/bye', '', { mode: 'ephemeral' });
    const id = zk.sessionId;
    await zk.close();
    expect(server.host.sessions.get(id)).toBeUndefined();
    expect((await other.exists('/bye')).stat).toBeNull();
    expect([...server.host.connections].map((c) => c.sessionId)).toEqual([other.sessionId]);
  });

  for (const transport of ['tcp', 'in-process'] as const) {
    it(`server closed → disconnected (ConnectionLoss), then expired, as over TCP [${transport}]`, async () => {
      const server = await startServer({ tickTime: 100 });
      const zk = client(server, transport, { sessionTimeout: 1000, reconnectDelay: 50 });
      await zk.connected();
      const states: ConnectionState[] = [];
      const done = (async () => {
        for await (const state of zk.status()) states.push(state);
      })();
      const { watch } = await zk.exists('/absent', { watch: true });
      await server.close();
      await stateReached(zk, 'disconnected');
      const queued = zk.exists('/'); // waits for a reconnect that never comes
      await done;
      expect(states.map((s) => s.type)).toEqual(['connected', 'disconnected', 'expired']);
      const disconnected = states[1]!;
      expect(
        disconnected.type === 'disconnected' && ConnectionLossError.isInstance(disconnected.reason),
      ).toBe(true);
      await expect(queued).rejects.toSatisfy(SessionExpiredError.isInstance);
      await expect(watch).rejects.toSatisfy(SessionExpiredError.isInstance);
    });
  }

  it('a closed server refuses new in-process connections (the client keeps trying, as against a closed port)', async () => {
    const server = await startServer();
    const transport = inProcessTransport(server);
    await server.close();
    await expect(transport.connectMessages('ignored', 0)).rejects.toThrow(/refused/);
  });
});
