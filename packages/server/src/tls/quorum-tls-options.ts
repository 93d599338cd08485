import { ConfigError, type ServerConfig } from '../config/index';
import type { QuorumTlsOptions } from '../quorum/tcp-quorum-transport';
import { loadKeyStore, loadTrustStore } from './key-stores';

/**
 * The `tls` option of the quorum transports when `sslQuorum=true`, from ZooKeeper's
 * `ssl.quorum.keyStore.*` / `ssl.quorum.trustStore.*`; undefined without sslQuorum.
 */
export function quorumTlsOptions(config: ServerConfig): QuorumTlsOptions | undefined {
  if (!config.sslQuorum) return undefined;
  const keyStore = config.sslQuorumKeyStoreLocation;
  const trustStore = config.sslQuorumTrustStoreLocation;
  if (keyStore === undefined || trustStore === undefined) {
    throw new ConfigError([
      'sslQuorum: needs ssl.quorum.keyStore.location and ssl.quorum.trustStore.location',
    ]);
  }
  return {
    ...loadKeyStore(
      keyStore,
      config.sslQuorumKeyStoreType,
      config.sslQuorumKeyStorePassword,
      'ssl.quorum.keyStore.location',
    ),
    ca: loadTrustStore(trustStore, config.sslQuorumTrustStoreType, 'ssl.quorum.trustStore.location'),
  };
}
