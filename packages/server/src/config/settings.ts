import { z } from 'zod';
import { checkEnsembleSettings } from './ensemble-checks';
import { fourLetterWordWhitelist } from './four-letter-words';
import type { QuorumServerConfig } from './quorum-server';
import {
  ConfigError,
  DEFAULT_CLIENT_PORT,
  DEFAULT_CLIENT_PORT_ADDRESS,
  DEFAULT_COMMIT_LOG_COUNT,
  DEFAULT_ELECTION_PORT_BIND_RETRY,
  DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
  DEFAULT_JUTE_MAX_BUFFER,
  DEFAULT_MAX_CLIENT_CNXNS,
  DEFAULT_SNAP_COUNT,
  DEFAULT_SNAPSHOT_SIZE_FACTOR,
  DEFAULT_TICK_TIME,
  MIN_SNAP_RETAIN_COUNT,
  type ServerConfig,
  type ServerConfigInput,
} from './server-config';
import {
  boolean,
  finiteNumber,
  hostAddress,
  integer,
  nonEmptyString,
  nonNegativeInteger,
  oneOf,
  port,
  positiveInteger,
  superDigest,
  tlsProtocols,
} from './values';

const storeType = oneOf(['PEM', 'PKCS12'], (text) => text.toUpperCase());

const sessionTimeout = integer(-1, 2 ** 31 - 1, 'a positive integer (or -1 for the default)');

/** One schema per setting; every field optional, defaults are applied afterwards. */
const settingsSchema = z
  .object({
    tickTime: positiveInteger,
    initLimit: positiveInteger,
    syncLimit: positiveInteger,
    dataDir: nonEmptyString('a directory path'),
    dataLogDir: nonEmptyString('a directory path'),
    clientPort: port,
    clientPortAddress: hostAddress,
    maxClientCnxns: nonNegativeInteger,
    minSessionTimeout: sessionTimeout,
    maxSessionTimeout: sessionTimeout,
    globalOutstandingLimit: positiveInteger,
    fourLetterWordWhitelist,
    extendedTypesEnabled: boolean,
    superDigest,
    juteMaxBuffer: integer(1, 2 ** 31 - 1, 'a positive integer (decimal or 0x hex)', { hex: true }),
    forceSync: boolean,
    snapCount: integer(2, 2 ** 31 - 1, 'an integer of at least 2'),
    commitLogCount: nonNegativeInteger,
    snapshotSizeFactor: finiteNumber,
    autopurgeSnapRetainCount: positiveInteger,
    autopurgePurgeInterval: nonNegativeInteger,
    enforceQuota: boolean,
    servers: z.array(z.custom<QuorumServerConfig>()),
    metricsPort: port,
    peerType: z.enum(['participant', 'observer'], {
      error: (issue) => `expected participant or observer, got ${JSON.stringify(issue.input)}`,
    }),
    electionPortBindRetry: nonNegativeInteger,
    readOnlyModeEnabled: boolean,
    secureClientPort: port,
    secureClientPortAddress: hostAddress,
    sslKeyStoreLocation: nonEmptyString('a file path'),
    sslKeyStorePassword: z.string(),
    sslKeyStoreType: storeType,
    sslTrustStoreLocation: nonEmptyString('a file path'),
    sslTrustStorePassword: z.string(),
    sslTrustStoreType: storeType,
    sslClientAuth: oneOf(['none', 'want', 'need'], (text) => text.toLowerCase()),
    jaasConfig: nonEmptyString('a file path'),
    saslSuperUser: nonEmptyString('a user name'),
    sslEnabledProtocols: tlsProtocols,
    sslQuorum: boolean,
    sslQuorumKeyStoreLocation: nonEmptyString('a file path'),
    sslQuorumKeyStorePassword: z.string(),
    sslQuorumKeyStoreType: storeType,
    sslQuorumTrustStoreLocation: nonEmptyString('a file path'),
    sslQuorumTrustStoreType: storeType,
  })
  .partial();

export type SettingName = keyof ServerConfigInput;

export interface ResolvedServerConfig {
  config: ServerConfig;
  warnings: string[];
}

/**
 * Validates explicit settings and applies the defaults. `label` names a setting in messages
 * the way the user wrote it (a zoo.cfg key with its line, or a flag). Throws ConfigError with
 * every problem found, not just the first.
 */
export function resolveSettings(
  input: ServerConfigInput,
  label: (name: SettingName, message: string) => string,
): ResolvedServerConfig {
  const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path[0];
        return typeof name === 'string' ? label(name as SettingName, issue.message) : issue.message;
      }),
    );
  }
  const settings = parsed.data;
  const warnings: string[] = [];
  const issues: string[] = [];

  const tickTime = settings.tickTime ?? DEFAULT_TICK_TIME;
  const explicit = (value: number | undefined) => (value === undefined || value === -1 ? undefined : value);
  const minSessionTimeout = explicit(settings.minSessionTimeout) ?? 2 * tickTime;
  const maxSessionTimeout = explicit(settings.maxSessionTimeout) ?? 20 * tickTime;
  if (settings.minSessionTimeout === 0 || settings.maxSessionTimeout === 0) {
    const name = settings.minSessionTimeout === 0 ? 'minSessionTimeout' : 'maxSessionTimeout';
    issues.push(label(name, 'expected a positive integer (or -1 for the default), got 0'));
  } else if (minSessionTimeout > maxSessionTimeout) {
    issues.push(
      `minSessionTimeout (${minSessionTimeout}) must not exceed maxSessionTimeout (${maxSessionTimeout})` +
        (settings.minSessionTimeout === undefined ? `, the default of 2 × tickTime (${tickTime})` : '') +
        (settings.maxSessionTimeout === undefined ? `, the default of 20 × tickTime (${tickTime})` : ''),
    );
  }

  let autopurgeSnapRetainCount = settings.autopurgeSnapRetainCount ?? MIN_SNAP_RETAIN_COUNT;
  if (autopurgeSnapRetainCount < MIN_SNAP_RETAIN_COUNT) {
    warnings.push(
      label(
        'autopurgeSnapRetainCount',
        `${autopurgeSnapRetainCount} is below the minimum; using ${MIN_SNAP_RETAIN_COUNT} (as ZooKeeper does)`,
      ),
    );
    autopurgeSnapRetainCount = MIN_SNAP_RETAIN_COUNT;
  }

  const whitelist = settings.fourLetterWordWhitelist ?? { whitelist: ['srvr'] as const, unknownWords: [] };
  for (const word of whitelist.unknownWords) {
    warnings.push(
      label('fourLetterWordWhitelist', `unknown four-letter word ${JSON.stringify(word)} ignored`),
    );
  }

  const servers = [...(settings.servers ?? [])].sort((a, b) => a.id - b.id);
  for (let i = 1; i < servers.length; i++) {
    if (servers[i]!.id === servers[i - 1]!.id)
      issues.push(`server.${servers[i]!.id}: defined more than once`);
  }
  const ensemble = checkEnsembleSettings(servers, {
    initLimit: settings.initLimit !== undefined,
    syncLimit: settings.syncLimit !== undefined,
  });
  issues.push(...ensemble.issues);
  warnings.push(...ensemble.warnings);

  if (settings.secureClientPort !== undefined && settings.sslKeyStoreLocation === undefined) {
    issues.push(
      label(
        'secureClientPort',
        'needs ssl.keyStore.location (a PEM file with the server key and certificate, or a PKCS#12 file)',
      ),
    );
  }

  if (
    settings.sslQuorum === true &&
    (settings.sslQuorumKeyStoreLocation === undefined || settings.sslQuorumTrustStoreLocation === undefined)
  ) {
    issues.push(label('sslQuorum', 'needs ssl.quorum.keyStore.location and ssl.quorum.trustStore.location'));
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return {
    warnings,
    config: {
      tickTime,
      initLimit: settings.initLimit ?? 10,
      syncLimit: settings.syncLimit ?? 5,
      dataDir: settings.dataDir,
      dataLogDir: settings.dataLogDir ?? settings.dataDir,
      clientPort: settings.clientPort ?? DEFAULT_CLIENT_PORT,
      clientPortAddress: settings.clientPortAddress ?? DEFAULT_CLIENT_PORT_ADDRESS,
      maxClientCnxns: settings.maxClientCnxns ?? DEFAULT_MAX_CLIENT_CNXNS,
      minSessionTimeout,
      maxSessionTimeout,
      globalOutstandingLimit: settings.globalOutstandingLimit ?? DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
      fourLetterWordWhitelist: whitelist.whitelist,
      extendedTypesEnabled: settings.extendedTypesEnabled ?? false,
      superDigest: settings.superDigest,
      juteMaxBuffer: settings.juteMaxBuffer ?? DEFAULT_JUTE_MAX_BUFFER,
      forceSync: settings.forceSync ?? true,
      snapCount: settings.snapCount ?? DEFAULT_SNAP_COUNT,
      commitLogCount: settings.commitLogCount ?? DEFAULT_COMMIT_LOG_COUNT,
      snapshotSizeFactor: settings.snapshotSizeFactor ?? DEFAULT_SNAPSHOT_SIZE_FACTOR,
      autopurgeSnapRetainCount,
      autopurgePurgeInterval: settings.autopurgePurgeInterval ?? 0,
      enforceQuota: settings.enforceQuota ?? false,
      servers,
      metricsPort: settings.metricsPort,
      peerType: settings.peerType,
      electionPortBindRetry: settings.electionPortBindRetry ?? DEFAULT_ELECTION_PORT_BIND_RETRY,
      readOnlyModeEnabled: settings.readOnlyModeEnabled ?? false,
      secureClientPort: settings.secureClientPort,
      secureClientPortAddress:
        settings.secureClientPortAddress ?? settings.clientPortAddress ?? DEFAULT_CLIENT_PORT_ADDRESS,
      sslKeyStoreLocation: settings.sslKeyStoreLocation,
      sslKeyStorePassword: settings.sslKeyStorePassword,
      sslKeyStoreType: settings.sslKeyStoreType,
      sslTrustStoreLocation: settings.sslTrustStoreLocation,
      sslTrustStorePassword: settings.sslTrustStorePassword,
      sslTrustStoreType: settings.sslTrustStoreType,
      sslClientAuth: settings.sslClientAuth ?? 'need',
      jaasConfig: settings.jaasConfig,
      saslSuperUser: settings.saslSuperUser,
      sslEnabledProtocols: settings.sslEnabledProtocols,
      sslQuorum: settings.sslQuorum ?? false,
      sslQuorumKeyStoreLocation: settings.sslQuorumKeyStoreLocation,
      sslQuorumKeyStorePassword: settings.sslQuorumKeyStorePassword,
      sslQuorumKeyStoreType: settings.sslQuorumKeyStoreType,
      sslQuorumTrustStoreLocation: settings.sslQuorumTrustStoreLocation,
      sslQuorumTrustStoreType: settings.sslQuorumTrustStoreType,
    },
  };
}
