/**
 * Fault tests, written once for any ZooKeeper server: the client talks to it through a loopback
 * proxy that can cut, refuse or silence connections. `startServer` starts one standalone server
 * (once for the suite, and twice more for the two-server test).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  ConnectionLossError,
  type ConnectionState,
  createClient,
  SessionExpiredError,
  type WatchEvent,
  type ZooKeeperClient,
} from '../../src/index';
import { LoopbackProxy } from '../support/loopback-proxy';
import { stateReached } from '../support/wait';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export interface FaultTarget {
  host: string;
  port: number;
  /** host:port */
  address: string;
  stop(): Promise<void>;
}

export function defineFaultSuite(name: string, startServer: () => Promise<FaultTarget>): void {
  describe(`faults: ${name}`, () => {
    let zk: FaultTarget;
    let direct: ZooKeeperClient;
    const closers: Array<() => Promise<void>> = [];
    let counter = 0;

    beforeAll(async () => {
      zk = await startServer();
      direct = createClient(zk.address);
      await direct.connected();
    }, 60_000);

    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });

    afterAll(async () => {
      await direct?.close();
      await zk?.stop();
    });

    async function proxied(options: ClientOptions = {}) {
      const proxy = await new LoopbackProxy(zk.host, zk.port).start();
      closers.push(() => proxy.stop());
      const client = createClient(proxy.address, { sessionTimeout: 6000, reconnectDelay: 50, ...options });
      closers.push(() => client.close());
      await client.connected();
      return { proxy, client };
    }

    async function scratch() {
      const path = `/faults-${process.pid}-${++counter}`;
      await direct.create(path);
      return path;
    }

    it('a cut connection fails the request in flight with ConnectionLoss; the session, ephemerals and watches survive', async () => {
      const { proxy, client } = await proxied();
      const base = await scratch();
      await client.create(`${base}/eph`, 'mine', { mode: 'ephemeral' });
      const dataWatch = await client.getData(base, { watch: true });
      const persistent: WatchEvent[] = [];
      await client.addWatch(base, (event) => persistent.push(event), { recursive: true });
      const sessionId = client.sessionId;
      const states: ConnectionState['type'][] = [];
      client.on('state', (state) => states.push(state.type));

      // The server applies the write, but its reply never reaches the client.
      proxy.frozen = true;
      const replyHeld = proxy.moreServerBytes();
      const write = client.setData(`${base}/eph`, 'applied').catch((e: unknown) => e);
      await replyHeld;
      proxy.dropAll();
      proxy.frozen = false;
      const error = await write;
      expect(ConnectionLossError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ path: `${base}/eph` });

      await stateReached(client, 'connected');
      expect(states).toEqual(['disconnected', 'connected']);
      expect(client.sessionId).toBe(sessionId);
      // The write had been applied: ConnectionLoss means "unknown outcome".
      expect(text((await direct.getData(`${base}/eph`)).data)).toBe('applied');
      expect((await direct.exists(`${base}/eph`)).stat?.ephemeralOwner).toBe(sessionId);

      await direct.setData(base, 'after reconnect');
      expect(await dataWatch.watch).toEqual({ type: 'data-changed', path: base });
      await client.sync('/');
      // The notification for the held write was lost with the connection: ZooKeeper re-adds
      // persistent watches on reconnect but does not replay what they missed.
      expect(persistent).toEqual([{ type: 'data-changed', path: base }]);
    });

    it('events that happen while disconnected are delivered after the reconnect (setWatches)', async () => {
      const { proxy, client } = await proxied();
      const base = await scratch();
      await direct.create(`${base}/data`, 'v0');
      const dataWatch = await client.getData(`${base}/data`, { watch: true });
      const existWatch = await client.exists(`${base}/later`, { watch: true });
      const childWatch = await client.getChildren(base, { watch: true });

      proxy.blocked = true;
      proxy.dropAll();
      await stateReached(client, 'disconnected');
      await direct.setData(`${base}/data`, 'v1');
      await direct.create(`${base}/later`);
      proxy.blocked = false;

      expect(await dataWatch.watch).toEqual({ type: 'data-changed', path: `${base}/data` });
      expect(await existWatch.watch).toEqual({ type: 'created', path: `${base}/later` });
      expect(await childWatch.watch).toEqual({ type: 'children-changed', path: base });
      expect(client.state.type).toBe('connected');
    });

    it('thousands of watches are re-registered in several setWatches batches after a reconnect', async () => {
      const { proxy, client } = await proxied();
      const base = await scratch();
      const pad = 'x'.repeat(400);
      const paths = Array.from({ length: 3000 }, (_, i) => `${base}/${pad}-${i}`);
      // ~1.2 MB of paths: a single setWatches would exceed jute.maxbuffer (1 MB) and be refused
      const watches = await Promise.all(paths.map((path) => client.exists(path, { watch: true })));
      proxy.blocked = true;
      proxy.dropAll();
      await stateReached(client, 'disconnected');
      await direct.create(paths[0]!);
      proxy.blocked = false;
      await stateReached(client, 'connected');
      await direct.create(paths[2999]!);
      expect(await watches[0]!.watch).toEqual({ type: 'created', path: paths[0] });
      expect(await watches[2999]!.watch).toEqual({ type: 'created', path: paths[2999] });
      await direct.create(paths[1500]!);
      expect(await watches[1500]!.watch).toEqual({ type: 'created', path: paths[1500] });
    });

    it('requests issued while disconnected wait for the reconnect', async () => {
      const { proxy, client } = await proxied();
      const base = await scratch();
      proxy.blocked = true;
      proxy.dropAll();
      await stateReached(client, 'disconnected');
      const pending = client.create(`${base}/queued`, 'q');
      proxy.blocked = false;
      expect(await pending).toBe(`${base}/queued`);
    });

    it('the retry policy re-sends an idempotent read after a connection loss', async () => {
      const { proxy, client } = await proxied({ retry: { retries: 2 } });
      const base = await scratch();
      await direct.setData(base, 'retried');
      proxy.frozen = true;
      const replyHeld = proxy.moreServerBytes();
      const read = client.getData(base);
      await replyHeld;
      proxy.dropAll();
      proxy.frozen = false;
      expect(text((await read).data)).toBe('retried');
    });

    it('a session closed by the server (another client took it and closed it) ends as expired', async () => {
      const { proxy, client } = await proxied();
      const base = await scratch();
      await client.create(`${base}/eph`, '', { mode: 'ephemeral' });
      const watch = await client.getData(base, { watch: true });
      const stream = client.watch(base);
      await stream.ready;
      proxy.blocked = true; // keep the first client from taking the session back
      const thief = createClient(zk.address, {
        session: { id: client.sessionId, password: client.sessionPassword },
      });
      await thief.connected();
      await thief.close();
      expect((await direct.exists(`${base}/eph`)).stat).toBeNull();
      proxy.blocked = false;

      await stateReached(client, 'expired');
      expect(client.state).toMatchObject({ type: 'expired', error: expect.any(SessionExpiredError) });
      await expect(watch.watch).rejects.toSatisfy(SessionExpiredError.isInstance);
      await expect(stream.next()).rejects.toSatisfy(SessionExpiredError.isInstance);
      await expect(client.getData(base)).rejects.toSatisfy(SessionExpiredError.isInstance);
    });

    it('a silent server is detected by the read timeout, and after a whole session timeout the client declares the session expired', async () => {
      const { proxy, client } = await proxied({ sessionTimeout: 6000 });
      const base = await scratch();
      const timeout = client.sessionTimeout;
      const states: Array<{ type: string; at: number }> = [];
      const start = performance.now();
      client.on('state', (state) => states.push({ type: state.type, at: performance.now() - start }));
      proxy.frozen = true;
      proxy.blocked = true;
      const queued = client.getData(base).catch((e: unknown) => e);
      await stateReached(client, 'expired');
      expect(states.map((s) => s.type)).toEqual(['disconnected', 'expired']);
      // dead after ~2/3 of the timeout without a byte, expired ~1 timeout after the last byte
      expect(states[0]!.at).toBeGreaterThan(timeout * 0.6);
      expect(states[1]!.at).toBeGreaterThanOrEqual(timeout * 0.95);
      expect(ConnectionLossError.isInstance(await queued)).toBe(true);
    }, 20_000);
  });

  describe(`faults: ${name}, two servers`, () => {
    it('a server behind the client refuses it and the next one takes the session; with both stopped past the timeout it expires', async () => {
      const [ahead, behind] = await Promise.all([startServer(), startServer()]);
      const toAhead = await new LoopbackProxy(ahead.host, ahead.port).start();
      const toBehind = await new LoopbackProxy(behind.host, behind.port).start();
      // random() = 0.99 keeps the list order: first `ahead`, then `behind`.
      const client = createClient(`${toAhead.address},${toBehind.address}`, {
        sessionTimeout: 6000,
        reconnectDelay: 50,
        environment: { random: () => 0.99 },
      });
      try {
        await client.connected();
        expect(client.state).toMatchObject({ server: toAhead.address });
        for (let i = 0; i < 5; i++) await client.create(`/n${i}`);
        const sessionId = client.sessionId;
        expect(client.lastZxid).toBeGreaterThan(5);

        toAhead.dropAll();
        await stateReached(client, 'disconnected');
        await stateReached(client, 'connected');
        // `behind` (zxid 0) was tried and closed the connection; `ahead` took the session back.
        expect(toBehind.accepted).toBeGreaterThanOrEqual(1);
        expect(client.state).toMatchObject({ type: 'connected', server: toAhead.address, sessionId });

        // Both servers stop for longer than the session timeout: the client gives the session up.
        await client.create('/gone', '', { mode: 'ephemeral' });
        await Promise.all([ahead.stop(), behind.stop()]);
        await stateReached(client, 'expired');
        await expect(client.exists('/')).rejects.toSatisfy(SessionExpiredError.isInstance);
      } finally {
        await client.close();
        await Promise.all([toAhead.stop(), toBehind.stop()]);
        await Promise.all([ahead.stop(), behind.stop()]);
      }
    }, 60_000);
  });
}
