/**
 * @zkts/server — a standalone ZooKeeper 3.8-compatible server: `createServer(options)`.
 */
export * from './config/index';
export {
  type CreateServerOptions,
  createServer,
  DEFAULT_REAPER_INTERVAL_MS,
  DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS,
  type ZooKeeperServer,
} from './create-server';
export {
  type InProcessStream,
  type InProcessStreamReceiver,
  type InProcessTarget,
  type InProcessTargetSource,
  type InProcessTransport,
  inProcessTransport,
} from './in-process/in-process-transport';
export { type Logger, silentLogger, stderrLogger } from './logger';
export {
  repeatEvery,
  type ServerEnvironment,
  systemServerEnvironment,
} from './server-environment';
export type { StandaloneServer } from './standalone-server';
export { REPORTED_VERSION, ZKTS_VERSION } from './version';
