import {
  type CreateServerOptions,
  createEnsembleMember,
  createServer,
  type EnsembleConfig,
  type EnsembleMemberServer,
  type Logger,
  loadConfigFile,
  loadEnsembleConfig,
  resolveServerConfig,
  type ServerConfig,
  type ServerConfigInput,
  type ZooKeeperServer,
} from '@zkts/server';
import { commandOptions } from './command-options';

export const SERVER_USAGE = `Usage: zkts server [options]

Runs a ZooKeeper 3.8-compatible server in the foreground until SIGTERM or SIGINT. If the txn
log fails (disk full, I/O error) a standalone server closes and exits with code 1. A zoo.cfg
with more than one server.N line describes an ensemble: it is checked (myid in dataDir,
limits, members) and this process runs member myid of it (election, quorum and client ports
from its server.N line and clientPort); a bad one exits 2 naming the problem.

Options:
  --port <n>           client port (default 2181; 0 = a free port)
  --host <address>     address to bind (default 127.0.0.1)
  --data-dir <dir>     snapshots and txn log; without it nothing is persisted
  --data-log-dir <dir> txn log directory (default: the data dir)
  --config <file>      a zoo.cfg; the options above override it
  --tick-time <ms>     basic time unit (default 3000)
  --metrics-port <n>   serve Prometheus text at http://<host>:<n>/metrics
  --4lw <words>        four-letter words allowed, comma-separated or * (default srvr)
  --repair-log         start even if the txn log is damaged before its tail: cut it there,
                       losing the txns after the damage (default: refuse to start)
  -h, --help           show this help
`;

export { UsageError } from './command-options';

/** Parses `zkts server` arguments into createServer options (zoo.cfg first, flags over it). */
export async function serverOptionsFromArgs(
  args: readonly string[],
  logger: Logger,
): Promise<CreateServerOptions | 'help'> {
  const values = commandOptions(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'data-log-dir': { type: 'string' },
    config: { type: 'string' },
    'tick-time': { type: 'string' },
    'metrics-port': { type: 'string' },
    '4lw': { type: 'string' },
    'repair-log': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  let fileSettings: ServerConfigInput = {};
  if (typeof values.config === 'string') {
    const parsed = await loadConfigFile(values.config);
    for (const warning of parsed.warnings) logger.warn(`${values.config}: ${warning}`);
    fileSettings = parsed.settings;
  }
  const flags: ServerConfigInput = {
    clientPort: values.port as string | undefined,
    clientPortAddress: values.host as string | undefined,
    dataDir: values['data-dir'] as string | undefined,
    dataLogDir: values['data-log-dir'] as string | undefined,
    tickTime: values['tick-time'] as string | undefined,
    metricsPort: values['metrics-port'] as string | undefined,
    fourLetterWordWhitelist: values['4lw'] as string | undefined,
  };
  const stated = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return {
    ...fileSettings,
    ...stated,
    logger,
    // a foreground server process ends on a txn log failure, as ZooKeeper does, so a supervisor notices
    exitOnLogFailure: true,
    ...(values['repair-log'] === true ? { repairLog: true } : {}),
  };
}

/**
 * The ensemble an ensemble configuration describes, validated like ZooKeeper's QuorumPeerConfig
 * (a bad one is a ConfigError); undefined for a standalone configuration.
 */
export async function ensembleOf(
  options: CreateServerOptions,
  logger: Logger,
): Promise<{ config: ServerConfig; ensemble: EnsembleConfig } | undefined> {
  const { logger: _logger, exitOnLogFailure: _exit, repairLog: _repair, ...settings } = options;
  const { config, warnings } = resolveServerConfig(settings);
  if (config.servers.length <= 1) return undefined;
  for (const warning of warnings) logger.warn(warning);
  const { ensemble, warnings: ensembleWarnings } = await loadEnsembleConfig(config);
  for (const warning of ensembleWarnings) logger.warn(warning);
  if (ensemble === undefined) return undefined;
  if (ensemble.voters.length % 2 === 0)
    logger.warn(
      `${ensemble.voters.length} voting members: an even count tolerates no more failures than one member fewer`,
    );
  return { config, ensemble };
}

/**
 * `zkts server`: starts the server, and on SIGTERM/SIGINT closes it (pending writes made durable,
 * storage closed) and exits 0. A second signal exits at once with 1.
 */
export async function runServerCommand(
  args: readonly string[],
  logger: Logger,
): Promise<ZooKeeperServer | EnsembleMemberServer | undefined> {
  const options = await serverOptionsFromArgs(args, logger);
  if (options === 'help') {
    process.stdout.write(SERVER_USAGE);
    return undefined;
  }
  const member = await ensembleOf(options, logger);
  // Handlers go in before the server starts: a signal that arrives with no handler installed
  // kills the process at once (its default action), and a supervisor may send one as soon as it
  // reads "serving on".
  let server: ZooKeeperServer | EnsembleMemberServer | undefined;
  let stopping = false;
  const shutdown = (running: { close(): Promise<void> }) =>
    running.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: shutting down`);
    if (server) void shutdown(server); // else: as soon as it is up
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    server =
      member === undefined
        ? await createServer(options)
        : await createEnsembleMember({
            config: member.config,
            ensemble: member.ensemble,
            logger,
            // as ZooKeeper's QuorumPeer dies: the supervisor restarts it from what is on disk
            onFatal: () => process.exit(1),
          });
  } catch (error) {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    throw error;
  }
  if (stopping) void shutdown(server);
  return server;
}
