/**
 * A loopback TCP proxy the test controls: clients connect to `port`, bytes are relayed to the
 * target, and `cut()` drops every relayed connection at once (both sides), as a network
 * failure would. The proxy keeps listening, so the client's reconnect comes back through it.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** `127.0.0.1:port`, for connect strings. */
  address: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open relayed connection; returns how many were cut. */
  cut(): number;
  /** While blocked, new connections are accepted and dropped at once (the server is unreachable). */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let blocked = false;
  const server = createServer((client) => {
    accepted += 1;
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: targetHost, port: targetPort });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    open.add(client);
    open.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind');
  return {
    port: address.port,
    address: `127.0.0.1:${address.port}`,
    get accepted() {
      return accepted;
    },
    cut() {
      const count = open.size / 2;
      for (const socket of open) socket.destroy();
      open.clear();
      return count;
    },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
