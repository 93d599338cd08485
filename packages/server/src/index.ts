/**
 * @zkts/server — a standalone ZooKeeper 3.8-compatible server: `createServer(options)`.
 */

export type { AuthConnectionInfo, AuthProvider } from './auth/auth-provider';
export * from './config/index';
export type { ServingHost } from './connection/serving-host';
export {
  type CreateServerOptions,
  createServer,
  DEFAULT_REAPER_INTERVAL_MS,
  DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS,
  type ZooKeeperServer,
} from './create-server';
export {
  type CreateEnsembleMemberOptions,
  createEnsembleMember,
  type EnsembleMemberServer,
} from './ensemble/create-ensemble-member';
export { EnsembleMember as EnsembleMemberHost, type MemberTransports } from './ensemble/ensemble-member';
export {
  type EnsembleRole,
  type EnsembleView,
  type LeaderFigures,
  peerState,
  serverState,
  type ZabPhase,
} from './ensemble/ensemble-view';
export { type LocalEnsembleOptions, localEnsembleConfig } from './ensemble/local-ensemble-config';
export { type MemberLogContext, memberLogger } from './ensemble/member-logger';
export {
  type InProcessStream,
  type InProcessStreamReceiver,
  type InProcessTarget,
  type InProcessTargetSource,
  type InProcessTransport,
  inProcessTransport,
} from './in-process/in-process-transport';
export { jsonLogger, type Logger, type LogLevel, type LogRecord, silentLogger, stderrLogger } from './logger';
export * from './quorum/index';
export {
  repeatEvery,
  type ServerEnvironment,
  systemServerEnvironment,
} from './server-environment';
export type { StandaloneServer } from './standalone-server';
export { quorumTlsOptions } from './tls/quorum-tls-options';
export { REPORTED_VERSION, ZKTS_VERSION } from './version';
