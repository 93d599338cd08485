import type { TlsOptions } from 'node:tls';
import { ConfigError, type ServerConfig } from '../config/index';
import { loadKeyStore, loadTrustStore } from './key-stores';

/**
 * The node:tls server options for the secure client port, from ZooKeeper's `ssl.*` settings:
 * the key store (one PEM file with key and certificate chain, or PKCS#12), the trust store
 * (PEM CA certificates; without one, Node's default CAs), `ssl.enabledProtocols` and `ssl.clientAuth`. With `want`
 * a certificate is asked for but optional; the caller drops a connection whose certificate
 * was presented and not trusted, as ZooKeeper's trust manager does.
 */
export function serverTlsOptions(config: ServerConfig): TlsOptions {
  const keyStore = config.sslKeyStoreLocation;
  if (keyStore === undefined) throw new ConfigError(['secureClientPort: needs ssl.keyStore.location']);
  const options: TlsOptions = loadKeyStore(
    keyStore,
    config.sslKeyStoreType,
    config.sslKeyStorePassword,
    'ssl.keyStore.location',
  );
  const trustStore = config.sslTrustStoreLocation;
  if (trustStore !== undefined) {
    options.ca = loadTrustStore(trustStore, config.sslTrustStoreType, 'ssl.trustStore.location');
  }
  const protocols = config.sslEnabledProtocols;
  if (protocols !== undefined) {
    options.minVersion = protocols.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
    options.maxVersion = protocols.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  }
  options.requestCert = config.sslClientAuth !== 'none';
  options.rejectUnauthorized = config.sslClientAuth === 'need';
  return options;
}
