import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { DataTree } from '@zkts/core';
import { SessionTracker } from '@zkts/session';
import { openFileStorage, type Storage } from '@zkts/storage';
import type { AuthProvider } from './auth/auth-provider';
import { resolveServerConfig, type ServerConfig, type ServerConfigInput } from './config/index';
import type { ClientConnection } from './connection/client-connection';
import { hexId } from './hex';
import { type InProcessTransport, inProcessTransport } from './in-process/in-process-transport';
import { listenOn } from './listen-on';
import { type Logger, silentLogger } from './logger';
import { startMetricsEndpoint } from './metrics/metrics-endpoint';
import { recoverTree } from './persistence/recover-tree';
import type { WatchTarget } from './pipeline/pending-write';
import { type ServerEnvironment, systemServerEnvironment } from './server-environment';
import { StandaloneServer } from './standalone-server';
import { createSecureClientListener } from './tls/secure-client-listener';
import { serverTlsOptions } from './tls/server-tls-options';
import { serverTreeOptions } from './tree-options';

/** ZooKeeper's container manager checks every minute (znode.container.checkIntervalMs). */
export const DEFAULT_REAPER_INTERVAL_MS = 60_000;
/** ZooKeeper's zookeeper.nio.sessionlessCnxnTimeout default. */
export const DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * What `createServer` accepts: any `ServerConfig` setting (typed, or as the string zoo.cfg or
 * a flag would carry), the `port`/`host` shorthands, and the host's injectables.
 */
export interface CreateServerOptions extends ServerConfigInput {
  /** Shorthand for clientPort; 0 = a free port (see `server.address`). */
  port?: number;
  /** Shorthand for clientPortAddress (default 127.0.0.1). */
  host?: string;
  /** One line per event; default: silent (a library prints nothing). `stderrLogger` prints them. */
  logger?: Logger;
  /** Use this storage instead of opening one in dataDir (e.g. `createMemoryStorage()` in tests). */
  storage?: Storage;
  /** How often containers and expired TTL nodes are looked for, ms; 0 = never. Default 60 000. */
  reaperIntervalMs?: number;
  /**
   * Clock, timers and randomness (e.g. a manual clock from @zkts/testing); missing parts are
   * the real ones (Date.now, unref'd timers, Math.random). The shape of @zkts/client's
   * `environment` option, so one object can drive a server and its clients.
   */
  environment?: Partial<ServerEnvironment>;
  /** Wall-clock ms; default Date.now. Shorthand for `environment.now`, which wins over it. */
  clock?: () => number;
  /** Uniform [0, 1) for snapshot spacing; default Math.random. Shorthand for `environment.random`. */
  random?: () => number;
  /** Close a connection that sends no ConnectRequest within this many ms; default 10 000 (ZooKeeper's). */
  sessionlessConnectionTimeoutMs?: number;
  /**
   * Start even when the txn log in dataDir is damaged before its tail (storage error
   * LOG_CORRUPT): the log is cut at the damage and the later segments are deleted, so the txns
   * after it are lost (a warning says which). Default false: refuse to start. Only for a server
   * that cannot be restored from a healthy replica.
   */
  repairLog?: boolean;
  /**
   * When the txn log fails (full disk, I/O error), log why, close the server and exit the
   * process with code 1, as ZooKeeper does (its supervisor then notices). Default false: an
   * embedded server must not end its host process; it stays up, refuses every write and new
   * session, and reports itself not serving (`ruok` unanswered). `zkts server` sets it.
   */
  exitOnLogFailure?: boolean;
  /**
   * Users' own authentication schemes (ZooKeeper's `authProvider.N` classes): addauth with the
   * scheme asks the provider for an id, and ACL entries of the scheme are checked with its
   * `matches`.
   */
  authProviders?: readonly AuthProvider[];
}

export interface ZooKeeperServer {
  /** Where the client port is bound. */
  readonly address: { host: string; port: number };
  /** Where the TLS client port (secureClientPort) is bound, if configured. */
  readonly secureAddress: { host: string; port: number } | undefined;
  /** `host:port`, ready for a client connect string. */
  readonly connectString: string;
  /** The port of the `/metrics` endpoint when metricsPort was set. */
  readonly metricsPort: number | undefined;
  readonly config: ServerConfig;
  /** The host object (tree, sessions, connections), for tests and tools. */
  readonly host: StandaloneServer;
  /** Writes a snapshot now (no-op without persistence). */
  snapshot(): Promise<void>;
  /** Submits deletes for containers and TTL nodes due now; returns how many. */
  reap(): number;
  /**
   * Expires a session now, as its timeout would (closeSession txn: ephemerals deleted, watchers
   * told, the client sees Expired when it reconnects). False if unknown or already closing.
   */
  expireSession(sessionId: bigint): boolean;
  /**
   * A client transport to this server without bytes (records passed as objects):
   * `createClient(server.connectString, { transport: server.inProcessTransport() })`.
   */
  inProcessTransport(): InProcessTransport;
  /** Stops accepting, closes every connection, waits for pending writes to be durable, closes storage. */
  close(): Promise<void>;
}

/** Starts a standalone ZooKeeper 3.8-compatible server and resolves once it serves. */
export async function createServer(options: CreateServerOptions = {}): Promise<ZooKeeperServer> {
  const {
    port,
    host,
    logger: givenLogger,
    storage: givenStorage,
    reaperIntervalMs,
    environment: givenEnvironment,
    clock: givenClock,
    random,
    sessionlessConnectionTimeoutMs,
    repairLog,
    exitOnLogFailure,
    authProviders,
    ...settings
  } = options;
  const { config, warnings } = resolveServerConfig({
    ...settings,
    ...(port !== undefined ? { clientPort: port } : {}),
    ...(host !== undefined ? { clientPortAddress: host } : {}),
  });
  // A library prints nothing unless asked: `zkts server` passes its stderr logger.
  const logger = givenLogger ?? silentLogger;
  for (const warning of warnings) logger.warn(warning);
  if (config.servers.length > 0) {
    logger.warn(
      `${config.servers.length} server.N entries ignored: createServer runs standalone (an ensemble member is createEnsembleMember, or zkts server --config)`,
    );
  }
  const environment: ServerEnvironment = {
    ...systemServerEnvironment,
    ...(givenClock !== undefined ? { now: givenClock } : {}),
    ...(random !== undefined ? { random } : {}),
    ...givenEnvironment,
  };
  const clock = (): number => environment.now();

  // read before anything is opened: a missing key file fails the start at once
  const tlsOptions = config.secureClientPort === undefined ? undefined : serverTlsOptions(config);
  const { auth, treeOptions } = serverTreeOptions(config, {
    providers: authProviders ?? [],
    x509: tlsOptions !== undefined,
  });

  let storage: Storage | undefined = givenStorage;
  if (storage === undefined && config.dataDir !== undefined) {
    storage = await openFileStorage({
      dataDir: config.dataDir,
      ...(config.dataLogDir !== undefined ? { dataLogDir: config.dataLogDir } : {}),
      forceSync: config.forceSync,
      repair: repairLog ?? false,
      // refuse at once a dataDir we cannot write or that another server holds
      checkWritable: true,
      exclusive: true,
      warn: (message) => logger.warn(`storage: ${message}`),
    });
  }
  let tree: DataTree<WatchTarget>;
  try {
    tree =
      storage === undefined
        ? new DataTree<WatchTarget>(treeOptions)
        : await recoverTree(storage, treeOptions, logger, clock);
  } catch (error) {
    await storage?.close().catch(() => {});
    throw error;
  }

  const now = clock();
  const sessions = new SessionTracker<ClientConnection>({
    // the real 3.8 standalone server puts 1 in the top byte of its session ids
    serverId: 1,
    tickTime: config.tickTime,
    minSessionTimeout: config.minSessionTimeout,
    maxSessionTimeout: config.maxSessionTimeout,
    now,
  });
  // Sessions in the snapshot and log get a full timeout to come back, as in ZooKeeper.
  for (const [sessionId, timeout] of tree.knownSessions()) {
    if (timeout > 0) sessions.addSession(sessionId, timeout, now);
  }

  const server = new StandaloneServer({
    config,
    tree,
    sessions,
    storage,
    logger,
    environment,
    reaperIntervalMs: reaperIntervalMs ?? DEFAULT_REAPER_INTERVAL_MS,
    sessionlessConnectionTimeoutMs:
      sessionlessConnectionTimeoutMs ?? DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS,
    auth,
    onLogFailure: exitOnLogFailure === true ? (error) => exitAfterLogFailure(error) : undefined,
  });
  // bound once the server object exists (a log failure can only follow a served write)
  const listeners: NetServer[] = [];
  let closeServer: () => Promise<void> = () => server.close(listeners);
  const exitAfterLogFailure = (error: Error): void => {
    logger.error(
      `exiting: the txn log failed (${error.message}); closing and exiting with code 1 (exitOnLogFailure). ` +
        'Free space or fix the disk, then restart: recovery finds every acknowledged write.',
    );
    // after the reply path unwound; a failing close still exits
    setImmediate(() => {
      closeServer().then(
        () => process.exit(1),
        () => process.exit(1),
      );
    });
  };

  const listener: NetServer = createNetServer((socket) => server.accept(socket));
  const bound = await listenOn(
    listener,
    'client port',
    config.clientPort,
    config.clientPortAddress,
    logger,
    () => server.close(listeners),
  );
  listeners.push(listener);
  server.boundPort = bound;
  const address = { host: config.clientPortAddress, port: bound };

  let secureAddress: { host: string; port: number } | undefined;
  if (tlsOptions !== undefined && config.secureClientPort !== undefined) {
    const secureListener = createSecureClientListener(
      tlsOptions,
      (socket, ids) => server.accept(socket, ids),
      logger,
      sessionlessConnectionTimeoutMs ?? DEFAULT_SESSIONLESS_CONNECTION_TIMEOUT_MS,
    );
    const securePort = await listenOn(
      secureListener,
      'secure client port',
      config.secureClientPort,
      config.secureClientPortAddress,
      logger,
      () => server.close(listeners),
    );
    listeners.push(secureListener);
    server.boundSecurePort = securePort;
    secureAddress = { host: config.secureClientPortAddress, port: securePort };
  }

  let metrics: { port: number; close(): Promise<void> } | undefined;
  if (config.metricsPort !== undefined) {
    try {
      metrics = await startMetricsEndpoint(server, config.clientPortAddress, config.metricsPort);
    } catch (error) {
      await server.close(listeners);
      throw new Error(`cannot serve metrics on port ${config.metricsPort}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  logger.info(
    `serving on ${address.host}:${address.port}${secureAddress === undefined ? '' : `, TLS on ${secureAddress.host}:${secureAddress.port} (clientAuth ${config.sslClientAuth})`} (last zxid ${hexId(tree.lastProcessedZxid)}, ${config.dataDir === undefined ? 'no persistence' : `dataDir ${config.dataDir}`})`,
  );

  let closed: Promise<void> | undefined;
  closeServer = () => {
    closed ??= (async () => {
      await metrics?.close();
      await server.close(listeners);
    })();
    return closed;
  };
  return {
    address,
    secureAddress,
    connectString: `${address.host}:${address.port}`,
    metricsPort: metrics?.port,
    config,
    host: server,
    snapshot: () => server.takeSnapshot(),
    reap: () => server.reap(),
    expireSession: (sessionId) => server.expireSession(sessionId),
    inProcessTransport: () => inProcessTransport(server),
    close: () => closeServer(),
  };
}
