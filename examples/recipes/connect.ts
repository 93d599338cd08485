/**
 * Shared by the recipe examples: `--server host:port` connects to that ZooKeeper (or zkts)
 * server over TCP; without it an in-process zkts server is started for the run.
 */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createServer, silentLogger } from '@zkts/server';

export interface Cluster {
  /** A new session (think: a new process). */
  client(): Promise<ZooKeeperClient>;
  close(): Promise<void>;
}

export async function connect(): Promise<Cluster> {
  const flag = process.argv.indexOf('--server');
  const address = flag >= 0 ? process.argv[flag + 1] : undefined;
  const server = address ? undefined : await createServer({ port: 0, logger: silentLogger });
  const clients: ZooKeeperClient[] = [];
  return {
    async client() {
      const zk = server
        ? createClient(server.connectString, { transport: server.inProcessTransport() })
        : createClient(address ?? '127.0.0.1:2181');
      clients.push(zk);
      await zk.connected();
      // the parent of every runPath (recipes create their own paths; plain creates need it)
      await zk.create('/zkts-examples', null).catch(() => {});
      return zk;
    },
    async close() {
      await Promise.all(clients.map((zk) => zk.close().catch(() => {})));
      await server?.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A path unique to this run, so runs against a shared server do not meet each other. */
export const runPath = (name: string) => `/zkts-examples/${name}-${process.pid}-${Date.now()}`;
