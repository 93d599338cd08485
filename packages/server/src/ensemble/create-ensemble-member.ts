import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { createMemoryStorage, openFileStorage, type Storage } from '@zkts/storage';
import type { AuthProvider } from '../auth/auth-provider';
import type { EnsembleConfig, ServerConfig } from '../config/index';
import { DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS } from '../create-server';
import { hexId } from '../hex';
import { type InProcessTransport, inProcessTransport } from '../in-process/in-process-transport';
import { type Logger, silentLogger } from '../logger';
import { startMetricsEndpoint } from '../metrics/metrics-endpoint';
import { createEnsembleTransports } from '../quorum/ensemble-transports';
import { type ServerEnvironment, systemServerEnvironment } from '../server-environment';
import { quorumTlsOptions } from '../tls/quorum-tls-options';
import { serverTreeOptions } from '../tree-options';
import { EnsembleMember, type MemberTransports } from './ensemble-member';
import { MemberStorage } from './member-storage';

export interface CreateEnsembleMemberOptions {
  /** The resolved server settings (tickTime, limits, dataDir, clientPort …). */
  config: ServerConfig;
  /** The membership and this member's id (`loadEnsembleConfig` / `ensembleConfig`). */
  ensemble: EnsembleConfig;
  /**
   * How members reach each other; default: TCP on this member's election and quorum ports.
   * In one process: `{ election: t, quorum: t }` with `t = network.join(id, ids)` of an
   * `InProcessQuorumNetwork` (one link may carry both: the messages say which they are).
   */
  transports?: MemberTransports;
  /** Default: file storage in dataDir; without dataDir, memory (lost when the process ends). */
  storage?: Storage;
  /** Default: silent. Every line is prefixed `[id role eEpoch]`. */
  logger?: Logger;
  environment?: Partial<ServerEnvironment>;
  sessionlessConnectionTimeoutMs?: number;
  /** Listen for clients on the member's client port (default true; false: in-process clients only). */
  listen?: boolean;
  /** Election finalize wait in ms (ZooKeeper's 200); smaller makes in-process elections faster. */
  finalizeWaitMs?: number;
  /** Users' own authentication schemes, as `createServer`'s `authProviders`. */
  authProviders?: readonly AuthProvider[];
  /** Told once if the member stops itself after an internal failure (see `EnsembleMemberParts.onFatal`). */
  onFatal?: (error: Error) => void;
}

export interface EnsembleMemberServer {
  readonly id: number;
  readonly host: EnsembleMember;
  /** Where the client port is bound (port 0 when not listening). */
  readonly address: { host: string; port: number };
  /** The port of the `/metrics` endpoint when metricsPort was set. */
  readonly metricsPort: number | undefined;
  readonly connectString: string;
  /** A client transport straight into this member (records as objects). */
  inProcessTransport(): InProcessTransport;
  /** Only the leader expires sessions: false elsewhere. */
  expireSession(sessionId: bigint): boolean;
  /** Clean stop: clients closed, quorum links closed, pending log writes flushed, storage closed. */
  close(): Promise<void>;
  /** A crash: everything stops at once and the storage is left as it is (reuse it to restart). */
  crash(): Promise<void>;
}

/** Starts one ensemble member; it serves clients once it is an established leader, follower or observer. */
export async function createEnsembleMember(
  options: CreateEnsembleMemberOptions,
): Promise<EnsembleMemberServer> {
  const { config, ensemble } = options;
  const logger = options.logger ?? silentLogger;
  const environment: ServerEnvironment = { ...systemServerEnvironment, ...options.environment };
  const clock = (): number => environment.now();
  const { auth, treeOptions } = serverTreeOptions(config, {
    providers: options.authProviders ?? [],
    x509: false,
  });
  let storage = options.storage;
  if (storage === undefined) {
    storage =
      config.dataDir === undefined
        ? createMemoryStorage()
        : await openFileStorage({
            dataDir: config.dataDir,
            ...(config.dataLogDir !== undefined ? { dataLogDir: config.dataLogDir } : {}),
            forceSync: config.forceSync,
            repair: false,
            checkWritable: true,
            exclusive: true,
            warn: (message) => logger.warn(`storage: ${message}`),
          });
  }
  const opened = await MemberStorage.open(storage, treeOptions, logger, clock);
  let transports = options.transports;
  let startTransports: (() => Promise<void>) | undefined;
  if (transports === undefined) {
    const tcp = createEnsembleTransports(
      ensemble,
      logger,
      () => environment.random(),
      quorumTlsOptions(config),
    );
    transports = tcp;
    startTransports = () => tcp.start();
  }
  const member = new EnsembleMember({
    config,
    ensemble,
    storage: opened.storage,
    recovery: opened.recovery,
    transports,
    treeOptions,
    auth,
    logger,
    environment,
    sessionlessConnectionTimeoutMs:
      options.sessionlessConnectionTimeoutMs ?? DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS,
    ...(options.finalizeWaitMs !== undefined ? { finalizeWaitMs: options.finalizeWaitMs } : {}),
    ...(options.onFatal !== undefined ? { onFatal: options.onFatal } : {}),
  });
  const clientHost = ensemble.me.client?.host ?? config.clientPortAddress;
  const clientPort = ensemble.me.client?.port ?? config.clientPort;
  let listener: NetServer | undefined;
  let metrics: { port: number; close(): Promise<void> } | undefined;
  let address = { host: clientHost, port: 0 };
  try {
    if (startTransports !== undefined) await startTransports();
    if (options.listen !== false) {
      const server = createNetServer((socket) => member.accept(socket));
      listener = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(clientPort, clientHost, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (error) => member.logger.error(`client port: ${error.message}`));
      address = { host: clientHost, port: (server.address() as AddressInfo).port };
      member.boundPort = address.port;
    }
    if (config.metricsPort !== undefined)
      metrics = await startMetricsEndpoint(member, clientHost, config.metricsPort, member.view);
  } catch (error) {
    await member.close(listener);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`ensemble member ${ensemble.me.id} cannot start: ${reason}`, { cause: error });
  }
  member.logger.info(
    `member ${ensemble.me.id} of ${ensemble.members.length} started (last zxid ${hexId(opened.recovery.lastLoggedZxid)}, clients on ${address.host}:${address.port})`,
  );
  let closed: Promise<void> | undefined;
  return {
    id: ensemble.me.id,
    host: member,
    address,
    metricsPort: metrics?.port,
    connectString: `${address.host}:${address.port}`,
    inProcessTransport: () => inProcessTransport(member),
    expireSession: (sessionId) => member.expireSession(sessionId),
    close: () => {
      closed ??= Promise.all([metrics?.close(), member.close(listener)]).then(() => {});
      return closed;
    },
    crash: () => {
      closed ??= Promise.all([metrics?.close(), member.close(listener, { crash: true })]).then(() => {});
      return closed;
    },
  };
}
