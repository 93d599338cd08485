/**
 * zkts — Apache ZooKeeper rebuilt in TypeScript. The umbrella package: the client and server
 * APIs at the top level, each layer also as a namespace.
 */
export * from '@zkts/client';
export * as core from '@zkts/core';
export * as protocol from '@zkts/protocol';
export * as server from '@zkts/server';
export {
  type CreateServerOptions,
  createServer,
  type InProcessTransport,
  inProcessTransport,
  type ServerConfig,
  type ServerConfigInput,
  silentLogger,
  type ZooKeeperServer,
} from '@zkts/server';
export * as session from '@zkts/session';
export * as storage from '@zkts/storage';
