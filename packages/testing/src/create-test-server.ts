import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createServer, type ServerEnvironment, silentLogger, type ZooKeeperServer } from '@zkts/server';
import { createMemoryStorage, type Storage } from '@zkts/storage';
import { FollowingTransport } from './following-transport';
import { ManualClock } from './manual-clock';
import type { TestClientOptions, TestServerOptions } from './test-server-options';

export interface TestServer extends AsyncDisposable {
  /** `127.0.0.1:<port>`: the same across restarts, for TCP clients of any kind (kazoo, zkCli…). */
  readonly connectString: string;
  /** The running server instance (a new one after each `restart()`). */
  readonly server: ZooKeeperServer;
  /** The manual clock, or undefined with real time. */
  readonly clock: ManualClock | undefined;
  /** A connected @zkts/client, closed by `stop()`. */
  client(options?: TestClientOptions): Promise<ZooKeeperClient>;
  /**
   * Closes the server (pending writes made durable) and starts it again on the same storage and
   * port. Sessions survive if their clients come back within their timeout, as in ZooKeeper.
   * In-process clients follow the new instance: resolves once they are connected again. TCP
   * clients reconnect on their own (after their back-off: under a manual clock, `advance`).
   */
  restart(): Promise<void>;
  /** Closes every client made by `client()`, then the server and its storage. Idempotent. */
  stop(): Promise<void>;
  /**
   * Expires a session now, as its timeout would: a closeSession txn deletes its ephemerals and
   * fires their watches. Resolves once that is applied and, given a client, once it saw Expired.
   */
  expireSession(target: ZooKeeperClient | bigint): Promise<void>;
  /**
   * Cuts an in-process client off without telling it: nothing passes either way and its
   * reconnects are refused until `heal()`. Under a manual clock, `advance(sessionTimeout)` then
   * expires its session.
   */
  partition(client: ZooKeeperClient): { heal(): void };
  /** Manual clock only: moves time forward, firing due timers of the server and its clients. */
  advance(ms: number): Promise<void>;
  /** Manual clock only: `advance(tickTime)`, one ZooKeeper tick. */
  tick(): Promise<void>;
}

/**
 * Starts a zkts server for tests: in memory unless `dataDir` (or `storage`) is given, quiet,
 * on a free port. `await using zk = await createTestServer()` stops it at the end of the scope.
 */
export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { clock: clockOption, startTime, seed, port, storage: givenStorage, ...serverOptions } = options;
  const clock =
    clockOption instanceof ManualClock
      ? clockOption
      : clockOption === 'manual'
        ? new ManualClock({
            ...(startTime !== undefined ? { startTime } : {}),
            ...(seed !== undefined ? { seed } : {}),
          })
        : undefined;
  const environment: Partial<ServerEnvironment> = clock ?? {};
  // A dataDir is opened by each server start; otherwise one storage outlives the restarts.
  const ownStorage =
    serverOptions.dataDir === undefined ? (givenStorage ?? createMemoryStorage()) : givenStorage;
  const storage = ownStorage === undefined ? undefined : keptOpenAcrossRestarts(ownStorage);

  const start = (clientPort: number) =>
    createServer({
      logger: silentLogger,
      ...serverOptions,
      ...(storage !== undefined ? { storage } : {}),
      environment,
      port: clientPort,
    });

  let server = await start(port ?? 0);
  const boundPort = server.address.port;
  /** Settled while a server runs; pending during a restart (in-process connects wait on it). */
  let running: Promise<ZooKeeperServer> = Promise.resolve(server);
  let stopped: Promise<void> | undefined;
  let restarting = false;
  const clients = new Set<ZooKeeperClient>();
  const transports = new WeakMap<ZooKeeperClient, FollowingTransport>();

  const requireClock = (what: string): ManualClock => {
    if (clock === undefined) {
      throw new Error(`${what} needs a manual clock: createTestServer({ clock: 'manual' })`);
    }
    return clock;
  };

  /** Closes the running server and starts a new one on the same storage and port. */
  const restartServer = async (): Promise<void> => {
    let resume!: (next: ZooKeeperServer) => void;
    let fail!: (error: unknown) => void;
    running = new Promise((resolve, reject) => {
      resume = resolve;
      fail = reject;
    });
    // a failed restart must not leave an unhandled rejection behind when no client waits
    running.catch(() => {});
    const followers = [...clients].filter((client) => {
      const transport = transports.get(client);
      return transport !== undefined && !transport.isPartitioned && client.state.type === 'connected';
    });
    await server.close();
    // each has seen its connection end (so none is still "connected" to the old instance)
    await until(() => followers.every((client) => client.state.type !== 'connected'), 'clients to notice');
    try {
      server = await start(boundPort);
    } catch (error) {
      fail(error);
      throw error;
    }
    resume(server);
    // their reconnects were waiting for the new instance: they resume their sessions now
    // (allSettled: one whose session could not be resumed is the test's to look at, not a failed restart)
    await Promise.allSettled(followers.map((client) => client.connected()));
  };

  const testServer: TestServer = {
    connectString: `127.0.0.1:${boundPort}`,
    get server() {
      return server;
    },
    clock,

    async client(clientOptions = {}) {
      if (stopped !== undefined) throw new Error('the test server is stopped');
      const { transport = 'in-process', chroot = '', ...rest } = clientOptions;
      const following =
        transport === 'in-process'
          ? new FollowingTransport(() => {
              if (stopped !== undefined) return Promise.reject(new Error('the test server is stopped'));
              return running;
            })
          : undefined;
      const client = createClient(`127.0.0.1:${boundPort}${chroot}`, {
        ...rest,
        ...(following !== undefined ? { transport: following } : {}),
        ...(clock !== undefined ? { environment: clock } : {}),
      });
      clients.add(client);
      if (following !== undefined) transports.set(client, following);
      client.on('closed', () => clients.delete(client));
      try {
        await client.connected();
      } catch (error) {
        clients.delete(client);
        await client.close();
        throw error;
      }
      return client;
    },

    async restart() {
      if (stopped !== undefined) throw new Error('the test server is stopped');
      if (restarting) throw new Error('restart() is already running: await it first');
      restarting = true;
      try {
        await restartServer();
      } finally {
        restarting = false;
      }
    },

    stop() {
      stopped ??= (async () => {
        // clients first: each sends closeSession, so its ephemerals go as in a clean shutdown
        // (a partitioned one is reconnected: its closeSession would wait for a reply that never comes)
        for (const client of clients) transports.get(client)?.heal();
        await Promise.all([...clients].map((client) => client.close()));
        await server.close();
        await ownStorage?.close();
      })();
      return stopped;
    },

    async expireSession(target) {
      const sessionId = typeof target === 'bigint' ? target : target.sessionId;
      if (sessionId === 0n)
        throw new Error('expireSession: the client has no session yet (await client.connected())');
      // a partitioned client hears of it only after the heal
      const client =
        typeof target === 'bigint' || transports.get(target)?.isPartitioned === true ? undefined : target;
      const sawExpired = client === undefined ? undefined : expiredSeen(client);
      if (!server.expireSession(sessionId)) {
        throw new Error(`expireSession: the server knows no live session 0x${sessionId.toString(16)}`);
      }
      await until(() => !server.host.sessions.has(sessionId), 'the closeSession txn to apply');
      await sawExpired;
    },

    partition(client) {
      const transport = transports.get(client);
      if (transport === undefined) {
        throw new Error('partition: only in-process clients made by this test server can be cut off');
      }
      transport.partition();
      return { heal: () => transport.heal() };
    },

    advance(ms) {
      return requireClock('advance()').advance(ms);
    },

    tick() {
      return requireClock('tick()').advance(server.config.tickTime);
    },

    [Symbol.asyncDispose]() {
      return testServer.stop();
    },
  };
  return testServer;
}

/** The storage a server closes on shutdown, made to stay open so the next start reuses it. */
export function keptOpenAcrossRestarts(storage: Storage): Storage {
  return {
    log: storage.log,
    snapshots: storage.snapshots,
    epochs: storage.epochs,
    recover: () => storage.recover(),
    purge: (options) => storage.purge(options),
    close: async () => {},
  };
}

/** Resolves when the client reports Expired (or closes: then nothing more will come). */
export function expiredSeen(client: ZooKeeperClient): Promise<void> {
  const state = client.state.type;
  if (state === 'expired' || state === 'closed' || state === 'auth-failed') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      client.off('expired', done);
      client.off('closed', done);
      resolve();
    };
    client.on('expired', done);
    client.on('closed', done);
  });
}

/**
 * Waits, one event-loop turn at a time, for something the server does without telling (the
 * closeSession txn is applied after the log's flush, a turn or two later).
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting 10 s for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
