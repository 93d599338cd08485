import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import { ConfigError, type KeyStoreType, type ServerConfig } from '../config/index';

/** ZooKeeper's KeyStoreFileType.fromFilename, for the two types node:tls reads. */
function storeType(location: string, given: KeyStoreType | undefined): KeyStoreType {
  if (given !== undefined) return given;
  return /\.(p12|pfx)$/i.test(location) ? 'PKCS12' : 'PEM';
}

function read(location: string, what: string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw new ConfigError([
      `${what}: cannot read ${location}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    ]);
  }
}

/**
 * The node:tls server options for the secure client port, from ZooKeeper's `ssl.*` settings:
 * the key store (one PEM file with key and certificate chain, or PKCS#12), the trust store
 * (PEM CA certificates; without one, Node's default CAs), and `ssl.clientAuth`. With `want`
 * a certificate is asked for but optional; the caller drops a connection whose certificate
 * was presented and not trusted, as ZooKeeper's trust manager does.
 */
export function serverTlsOptions(config: ServerConfig): TlsOptions {
  const keyStore = config.sslKeyStoreLocation;
  if (keyStore === undefined) throw new ConfigError(['secureClientPort: needs ssl.keyStore.location']);
  const keyBytes = read(keyStore, 'ssl.keyStore.location');
  const passphrase = config.sslKeyStorePassword;
  const options: TlsOptions =
    storeType(keyStore, config.sslKeyStoreType) === 'PKCS12'
      ? { pfx: keyBytes }
      : // node:tls takes the key and the chain from the same PEM text, skipping the other blocks
        { key: keyBytes, cert: keyBytes };
  if (passphrase !== undefined && passphrase !== '') options.passphrase = passphrase;

  const trustStore = config.sslTrustStoreLocation;
  if (trustStore !== undefined) {
    if (storeType(trustStore, config.sslTrustStoreType) !== 'PEM') {
      throw new ConfigError([
        `ssl.trustStore.location: ${trustStore} is PKCS#12; zkts reads trust stores as PEM (openssl pkcs12 -nokeys -in ${trustStore} > ca.pem)`,
      ]);
    }
    options.ca = read(trustStore, 'ssl.trustStore.location');
  }
  options.requestCert = config.sslClientAuth !== 'none';
  options.rejectUnauthorized = config.sslClientAuth === 'need';
  return options;
}
