/**
 * A loopback TCP proxy the test controls: clients connect to `port`, bytes are relayed to the
 * target, and `cut()` drops every relayed connection at once (both sides), as a network
 * failure would. The proxy keeps listening, so the client's reconnect comes back through it.
 * `partition()` also refuses new connections until `unblock()`: a link that stays down (the
 * ensemble nemesis puts one proxy on each directed member link and client link).
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
  /** `block()` then `cut()`: the link is down until `unblock()`; returns how many were cut. */
  partition(): number;
  /** Holds every chunk this long (ms) before relaying it, in both directions, order kept; 0 = none. */
  delay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Relays `from` → `to`, each chunk held `delayMs()` first. A chunk is never relayed before an
 * earlier one, even when the delay shrinks meanwhile; backpressure pauses `from`.
 */
function relay(from: Socket, to: Socket, delayMs: () => number): void {
  const queue: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const flush = () => {
    timer = undefined;
    const now = Date.now();
    while (queue.length > 0 && (queue[0] as { due: number }).due <= now) {
      const { chunk } = queue.shift() as { chunk: Buffer };
      if (!to.destroyed && !to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }
    const next = queue[0];
    if (next !== undefined) timer = setTimeout(flush, next.due - now);
    else if (ended) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    const delay = delayMs();
    if (delay <= 0 && queue.length === 0) {
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
      return;
    }
    const last = queue[queue.length - 1];
    queue.push({ due: Math.max(Date.now() + delay, last?.due ?? 0), chunk });
    timer ??= setTimeout(flush, Math.max(0, (queue[0] as { due: number }).due - Date.now()));
  });
  from.on('end', () => {
    ended = true;
    if (queue.length === 0) to.end();
  });
  from.on('close', () => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

export interface TcpProxyOptions {
  /**
   * While the target refuses connections, keep retrying it this long (ms) with the client held,
   * as a SYN retransmitted to a port not yet listening would; then reset the client. Default 0:
   * reset at once. (A proxy accepts before it knows whether the target is up; ZooKeeper's
   * follower takes an accepted-then-reset connection as a failed leader and starts a new
   * election, where a refused connect would have been retried.)
   */
  connectRetryMs?: number;
}

export async function startTcpProxy(
  targetHost: string,
  targetPort: number,
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  /** Accepted clients, each with its upstream once connected. */
  const open = new Set<{ client: Socket; upstream?: Socket }>();
  let accepted = 0;
  let blocked = false;
  let delay = 0;
  const server = createServer((client) => {
    accepted += 1;
    if (blocked) {
      client.destroy();
      return;
    }
    client.pause();
    client.setNoDelay(true);
    const connection: { client: Socket; upstream?: Socket } = { client };
    open.add(connection);
    const drop = () => {
      client.destroy();
      connection.upstream?.destroy();
      open.delete(connection);
    };
    client.on('error', drop);
    client.on('close', drop);
    const deadline = Date.now() + (options.connectRetryMs ?? 0);
    const attach = () => {
      if (client.destroyed) return;
      const upstream = createConnection({ host: targetHost, port: targetPort });
      upstream.once('error', () => {
        upstream.destroy();
        if (Date.now() < deadline && !blocked) setTimeout(attach, 50);
        else if (!client.destroyed) client.resetAndDestroy(); // as a refused connect would
      });
      upstream.once('connect', () => {
        if (client.destroyed) {
          upstream.destroy();
          return;
        }
        connection.upstream = upstream;
        upstream.setNoDelay(true);
        upstream.removeAllListeners('error');
        upstream.on('error', drop);
        upstream.on('close', drop);
        relay(client, upstream, () => delay);
        relay(upstream, client, () => delay);
        client.resume();
      });
    };
    attach();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind');
  const cut = () => {
    const count = open.size;
    for (const { client, upstream } of open) {
      client.destroy();
      upstream?.destroy();
    }
    open.clear();
    return count;
  };
  return {
    port: address.port,
    address: `127.0.0.1:${address.port}`,
    get accepted() {
      return accepted;
    },
    cut,
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    partition() {
      blocked = true;
      return cut();
    },
    delay(ms) {
      delay = ms;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
