import type { SettingName } from './settings';

/**
 * zoo.cfg keys zkts understands, by the name they are written with once an optional
 * `zookeeper.` prefix is dropped: ZooKeeper turns any zoo.cfg key it does not know into the
 * system property `zookeeper.<key>`, so both spellings mean the same setting.
 */
export const ZOO_CFG_KEYS: Readonly<Record<string, SettingName>> = {
  tickTime: 'tickTime',
  initLimit: 'initLimit',
  syncLimit: 'syncLimit',
  dataDir: 'dataDir',
  dataLogDir: 'dataLogDir',
  clientPort: 'clientPort',
  clientPortAddress: 'clientPortAddress',
  maxClientCnxns: 'maxClientCnxns',
  minSessionTimeout: 'minSessionTimeout',
  maxSessionTimeout: 'maxSessionTimeout',
  globalOutstandingLimit: 'globalOutstandingLimit',
  '4lw.commands.whitelist': 'fourLetterWordWhitelist',
  extendedTypesEnabled: 'extendedTypesEnabled',
  'DigestAuthenticationProvider.superDigest': 'superDigest',
  superDigest: 'superDigest',
  'jute.maxbuffer': 'juteMaxBuffer',
  forceSync: 'forceSync',
  snapCount: 'snapCount',
  // ZooKeeper turns unknown zoo.cfg keys into zookeeper.* system properties: these two are read so
  commitLogCount: 'commitLogCount',
  snapshotSizeFactor: 'snapshotSizeFactor',
  'autopurge.snapRetainCount': 'autopurgeSnapRetainCount',
  'autopurge.purgeInterval': 'autopurgePurgeInterval',
  enforceQuota: 'enforceQuota',
  metricsPort: 'metricsPort',
  peerType: 'peerType',
  electionPortBindRetry: 'electionPortBindRetry',
  'readonlymode.enabled': 'readOnlyModeEnabled',
  secureClientPort: 'secureClientPort',
  secureClientPortAddress: 'secureClientPortAddress',
  'ssl.keyStore.location': 'sslKeyStoreLocation',
  'ssl.keyStore.password': 'sslKeyStorePassword',
  'ssl.keyStore.type': 'sslKeyStoreType',
  'ssl.trustStore.location': 'sslTrustStoreLocation',
  'ssl.trustStore.password': 'sslTrustStorePassword',
  'ssl.trustStore.type': 'sslTrustStoreType',
  'ssl.clientAuth': 'sslClientAuth',
  'ssl.enabledProtocols': 'sslEnabledProtocols',
  // ZooKeeper enables only ssl.protocol unless ssl.enabledProtocols lists more
  'ssl.protocol': 'sslEnabledProtocols',
  // read as zookeeper.superUser (a system property in ZooKeeper)
  superUser: 'saslSuperUser',
  sslQuorum: 'sslQuorum',
  'ssl.quorum.keyStore.location': 'sslQuorumKeyStoreLocation',
  'ssl.quorum.keyStore.password': 'sslQuorumKeyStorePassword',
  'ssl.quorum.keyStore.type': 'sslQuorumKeyStoreType',
  'ssl.quorum.trustStore.location': 'sslQuorumTrustStoreLocation',
  'ssl.quorum.trustStore.type': 'sslQuorumTrustStoreType',
  // ZooKeeper takes the JAAS file as a JVM property; zkts as a setting, under either name
  jaasConfig: 'jaasConfig',
  'java.security.auth.login.config': 'jaasConfig',
};

/**
 * ZooKeeper settings zkts knows of but does not implement: a warning says "ignored" rather
 * than "unknown", so a real zoo.cfg reads without alarm.
 */
const IGNORED_ZOOKEEPER_KEYS = new Set([
  'admin.enableServer',
  'admin.serverAddress',
  'admin.serverPort',
  'admin.idleTimeout',
  'admin.commandURL',
  'standaloneEnabled',
  'reconfigEnabled',
  'dynamicConfigFile',
  'electionAlg',
  'localSessionsEnabled',
  'localSessionsUpgradingEnabled',
  'quorumListenOnAllIPs',
  'syncEnabled',
  'skipACL',
  'preAllocSize',
  'snapSizeLimitInKb',
  'txnLogSizeLimitInKb',
  'fsync.warningthresholdms',
  'digest.enabled',
  'audit.enable',
  'connectToLearnerMasterLimit',
  'maxCnxns',
  'serverCnxnFactory',
  'multiAddress.enabled',
  'jute.maxbuffer.extrasize',
]);

export function isIgnoredZooKeeperKey(key: string): boolean {
  return (
    IGNORED_ZOOKEEPER_KEYS.has(key) ||
    key.startsWith('metricsProvider.') ||
    key.startsWith('ssl.') ||
    key.startsWith('sslQuorum') ||
    key.startsWith('quorum.') ||
    key.startsWith('authProvider.') ||
    /^(group|weight)\.\d+$/.test(key)
  );
}

/**
 * ZooKeeper's own provider classes: zkts has their schemes built in (x509 with a TLS port, sasl
 * with a jaasConfig), so naming them in `authProvider.N` needs no warning.
 */
const BUILT_IN_AUTH_PROVIDERS = new Set(
  ['Digest', 'IP', 'X509', 'SASL'].map(
    (name) => `org.apache.zookeeper.server.auth.${name}AuthenticationProvider`,
  ),
);

/** Why an `authProvider.N` line is ignored, or undefined when zkts has that provider built in. */
export function authProviderWarning(key: string, value: string): string | undefined {
  if (BUILT_IN_AUTH_PROVIDERS.has(value)) return undefined;
  return `${key}: zkts cannot load the Java class ${value}; pass a typed provider in createServer's authProviders instead`;
}
