import { type CreateServerOptions, createServer, silentLogger, type ZooKeeperServer } from '../src/index';

/** A server on a free loopback port, quiet, without persistence unless told otherwise. */
export function startServer(options: CreateServerOptions = {}): Promise<ZooKeeperServer> {
  return createServer({ port: 0, logger: silentLogger, ...options });
}
