import type { FourLetterWordWhitelist } from './four-letter-words';
import type { QuorumServerConfig } from './quorum-server';

/** The server's configuration with every default applied. Times are in milliseconds. */
export interface ServerConfig {
  /** The basic time unit: session expiry buckets, heartbeats, initLimit/syncLimit ticks. */
  tickTime: number;
  /** Ticks a follower may take to connect and sync to the leader (ensembles only). */
  initLimit: number;
  /** Ticks a follower may lag behind the leader (ensembles only). */
  syncLimit: number;
  /** Snapshots (and the txn log unless dataLogDir is set); undefined when not configured. */
  dataDir: string | undefined;
  /** The txn log; defaults to dataDir. */
  dataLogDir: string | undefined;
  /** 0 asks the OS for a free port. */
  clientPort: number;
  /** zkts listens on loopback unless told otherwise (ZooKeeper's default is every interface). */
  clientPortAddress: string;
  /** Concurrent connections per client IP; 0 = unlimited. */
  maxClientCnxns: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  /** Requests queued in the pipeline before the server stops reading from clients. */
  globalOutstandingLimit: number;
  fourLetterWordWhitelist: FourLetterWordWhitelist;
  /** TTL nodes (createTTL) need this, as in ZooKeeper. */
  extendedTypesEnabled: boolean;
  /** `user:base64(SHA1(user:password))` of the superuser, if any. */
  superDigest: string | undefined;
  /** Largest packet and znode data accepted, in bytes. */
  juteMaxBuffer: number;
  /** fsync the txn log before acknowledging (no = unsafe, faster). */
  forceSync: boolean;
  /** Txns between snapshots. */
  snapCount: number;
  /**
   * Ensemble leader: committed txns kept in memory for DIFFs (ZooKeeper's commitLogCount,
   * default 500); a learner further behind gets a DIFF read from the txn log.
   */
  commitLogCount: number;
  /**
   * Ensemble leader, as ZooKeeper's snapshotSizeFactor: a learner behind the in-memory window
   * gets the txns from the txn log (a DIFF) only while they weigh less than this × the snapshot
   * (estimated from the tree), else a SNAP; negative turns DIFFs from the log off.
   */
  snapshotSizeFactor: number;
  /** Snapshots (and their logs) kept by autopurge; at least 3. */
  autopurgeSnapRetainCount: number;
  /** Hours between purges; 0 = never. */
  autopurgePurgeInterval: number;
  /** Reject writes over a hard quota with QuotaExceeded instead of only logging. */
  enforceQuota: boolean;
  /** The `server.N` lines, sorted by id; empty for standalone. */
  servers: readonly QuorumServerConfig[];
  /**
   * The role this member asks for; the `server.N` line of its myid decides (ZooKeeper warns
   * on a mismatch and follows the line). Undefined when not set.
   */
  peerType: 'participant' | 'observer' | undefined;
  /** Attempts to bind the election port before giving up; 0 = forever (ZooKeeper's default 3). */
  electionPortBindRetry: number;
  /**
   * Serve reads to `readOnly` clients while cut off from a quorum (ZooKeeper reads it as the
   * Java system property `readonlymode.enabled`; zkts also takes it as a zoo.cfg key).
   */
  readOnlyModeEnabled: boolean;
  /** zkts: port of the Prometheus `/metrics` HTTP endpoint, if enabled (0 = a free port). */
  metricsPort: number | undefined;
  /** The TLS client port (ZooKeeper's secureClientPort), beside clientPort; undefined = no TLS. */
  secureClientPort: number | undefined;
  /** Where the TLS port listens; defaults to clientPortAddress. */
  secureClientPortAddress: string;
  /**
   * `ssl.keyStore.*`: the server's private key and certificate chain. PEM: one file holding
   * both (as ZooKeeper's PEM key store); PKCS12: a .p12/.pfx file. The type defaults to what
   * the file name ends with (.pem, .p12, .pfx), as ZooKeeper guesses it.
   */
  sslKeyStoreLocation: string | undefined;
  sslKeyStorePassword: string | undefined;
  sslKeyStoreType: KeyStoreType | undefined;
  /** `ssl.trustStore.*`: the CA certificates client certificates are checked against. */
  sslTrustStoreLocation: string | undefined;
  sslTrustStorePassword: string | undefined;
  sslTrustStoreType: KeyStoreType | undefined;
  /**
   * `ssl.enabledProtocols` (zoo.cfg's `ssl.protocol` means the same here): the TLS versions the client port accepts;
   * undefined = Node's default (1.2 and 1.3; ZooKeeper 3.8's default is 1.2 only).
   */
  sslEnabledProtocols: readonly TlsProtocol[] | undefined;
  /** `ssl.clientAuth`: whether a TLS client must (need, ZooKeeper's default), may (want) or is not asked to (none) present a certificate. */
  sslClientAuth: 'none' | 'want' | 'need';
  /** `zookeeper.superUser`: the SASL user who is also the superuser (gets the `super` id). */
  saslSuperUser: string | undefined;
  /** `sslQuorum`: TLS with mutual certificate checks on the links between members. */
  sslQuorum: boolean;
  /** `ssl.quorum.keyStore.*` / `ssl.quorum.trustStore.*`: as the client port's, for member links. */
  sslQuorumKeyStoreLocation: string | undefined;
  sslQuorumKeyStorePassword: string | undefined;
  sslQuorumKeyStoreType: KeyStoreType | undefined;
  sslQuorumTrustStoreLocation: string | undefined;
  sslQuorumTrustStoreType: KeyStoreType | undefined;
  /**
   * A JAAS file whose `Server` section lists SASL DIGEST-MD5 users
   * (`org.apache.zookeeper.server.auth.DigestLoginModule required user_alice="secret";`):
   * ZooKeeper's `-Djava.security.auth.login.config`. Undefined = no SASL.
   */
  jaasConfig: string | undefined;
}

/** The TLS versions zkts offers (older ones are refused as insecure). */
export type TlsProtocol = 'TLSv1.2' | 'TLSv1.3';

/** Key and trust store formats node:tls reads (ZooKeeper's JKS and BCFKS are not). */
export type KeyStoreType = 'PEM' | 'PKCS12';

/**
 * Settings as a caller gives them (command-line flags, a programmatic host): any subset, each
 * either typed or as the string a command line or zoo.cfg would carry. `undefined` = not set.
 */
export type ServerConfigInput = {
  [K in Exclude<
    keyof ServerConfig,
    | 'fourLetterWordWhitelist'
    | 'servers'
    | 'peerType'
    | 'sslClientAuth'
    | 'sslKeyStoreType'
    | 'sslTrustStoreType'
  >]?: ServerConfig[K] | string | undefined;
} & {
  /** `*`, or words as a comma-separated string or a list. */
  fourLetterWordWhitelist?: string | readonly string[] | undefined;
  servers?: readonly QuorumServerConfig[] | undefined;
  peerType?: 'participant' | 'observer' | string | undefined;
  /** none, want or need, any case. */
  sslClientAuth?: 'none' | 'want' | 'need' | string | undefined;
  /** PEM or PKCS12 (any case). */
  sslKeyStoreType?: KeyStoreType | string | undefined;
  sslTrustStoreType?: KeyStoreType | string | undefined;
  sslQuorumKeyStoreType?: KeyStoreType | string | undefined;
  sslQuorumTrustStoreType?: KeyStoreType | string | undefined;
  /** TLSv1.2 and/or TLSv1.3, comma-separated or a list. */
  sslEnabledProtocols?: string | readonly string[] | undefined;
};

/** ZooKeeper's own defaults, except clientPortAddress (loopback, for zkts). */
export const DEFAULT_TICK_TIME = 3000;
export const DEFAULT_CLIENT_PORT = 2181;
export const DEFAULT_CLIENT_PORT_ADDRESS = '127.0.0.1';
export const DEFAULT_MAX_CLIENT_CNXNS = 60;
export const DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
export const DEFAULT_JUTE_MAX_BUFFER = 0xfffff;
export const DEFAULT_SNAP_COUNT = 100_000;
export const DEFAULT_COMMIT_LOG_COUNT = 500;
export const DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;
export const MIN_SNAP_RETAIN_COUNT = 3;
export const DEFAULT_ELECTION_PORT_BIND_RETRY = 3;

/** A configuration that cannot be used; `issues` holds one "key: what is wrong" line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(issues.length === 1 ? issues[0]! : `invalid configuration:\n${issues.join('\n')}`);
    this.issues = issues;
  }
}
