/**
 * Test harness: an in-process zkts server, clients on it whose connections can be cut, and a
 * way to expire a session the way ZooKeeper's own tests do (another client takes the session
 * over with its id and password, then closes it).
 */
import { type ClientOptions, createClient, type MessageStream, type ZooKeeperClient } from '@zkts/client';
import { createServer, silentLogger, type ZooKeeperServer } from '@zkts/server';

export interface Harness {
  server: ZooKeeperServer;
  /** A connected client over a cuttable in-process link. */
  client(options?: ClientOptions): Promise<ZooKeeperClient>;
  /** The same, returned at once (still connecting). */
  connect(options?: ClientOptions): ZooKeeperClient;
  /** Closes the client's current connection (the session survives; the client reconnects). */
  cut(zk: ZooKeeperClient): void;
  /** Ends the client's session on the server; the client sees `expired` once it reconnects. */
  expire(zk: ZooKeeperClient): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await createServer({ port: 0, logger: silentLogger, reaperIntervalMs: 0 });
  const inner = server.inProcessTransport();
  const clients = new Set<ZooKeeperClient>();
  const links = new Map<ZooKeeperClient, MessageStream>();
  const blocked = new Set<ZooKeeperClient>();

  const connect = (options: ClientOptions = {}) => {
    const zk: ZooKeeperClient = createClient(server.connectString, {
      sessionTimeout: 4000,
      reconnectDelay: 20,
      ...options,
      transport: {
        async connectMessages(host, port) {
          if (blocked.has(zk)) throw new Error('connection refused by the test harness');
          const stream = await inner.connectMessages(host, port);
          links.set(zk, stream);
          return stream;
        },
      },
    });
    clients.add(zk);
    return zk;
  };
  const open = async (options: ClientOptions = {}) => {
    const zk = connect(options);
    await zk.connected();
    return zk;
  };

  return {
    server,
    client: open,
    connect,
    cut(zk) {
      links.get(zk)?.close();
    },
    async expire(zk) {
      // kept away while its session is closed, or it would take the session back first
      blocked.add(zk);
      links.get(zk)?.close();
      const thief = createClient(server.connectString, {
        transport: inner,
        session: { id: zk.sessionId, password: zk.sessionPassword },
      });
      await thief.connected();
      await thief.close();
      blocked.delete(zk);
    },
    async close() {
      await Promise.all([...clients].map((zk) => zk.close().catch(() => {})));
      await server.close();
    },
  };
}

/** Resolves when `predicate` holds, polling; rejects after `timeout` ms with `what`. */
export async function eventually(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeout = 10_000,
) {
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
