import { readFileSync } from 'node:fs';
import { ConfigError, type KeyStoreType } from '../config/index';

/** ZooKeeper's KeyStoreFileType.fromFilename, for the two types node:tls reads. */
function storeType(location: string, given: KeyStoreType | undefined): KeyStoreType {
  if (given !== undefined) return given;
  return /\.(p12|pfx)$/i.test(location) ? 'PKCS12' : 'PEM';
}

function read(location: string, key: string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw new ConfigError([
      `${key}: cannot read ${location}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    ]);
  }
}

/** A key store as node:tls takes it: one PEM file with key and chain, or PKCS#12. */
export interface KeyMaterial {
  key?: Buffer;
  cert?: Buffer;
  pfx?: Buffer;
  passphrase?: string;
}

/** Reads a key store (`key` names the setting in errors, e.g. `ssl.keyStore.location`). */
export function loadKeyStore(
  location: string,
  type: KeyStoreType | undefined,
  password: string | undefined,
  key: string,
): KeyMaterial {
  const bytes = read(location, key);
  const material: KeyMaterial =
    storeType(location, type) === 'PKCS12'
      ? { pfx: bytes }
      : // node:tls takes the key and the chain from the same PEM text, skipping the other blocks
        { key: bytes, cert: bytes };
  if (password !== undefined && password !== '') material.passphrase = password;
  return material;
}

/** Reads a trust store: PEM CA certificates only (node:tls has no PKCS#12 trust store). */
export function loadTrustStore(location: string, type: KeyStoreType | undefined, key: string): Buffer {
  if (storeType(location, type) !== 'PEM') {
    throw new ConfigError([
      `${key}: ${location} is PKCS#12; zkts reads trust stores as PEM (openssl pkcs12 -nokeys -in ${location} > ca.pem)`,
    ]);
  }
  return read(location, key);
}
