import type { TLSSocket } from 'node:tls';
import type { Id } from '@zkts/core';
import { X509_SCHEME } from '../auth/server-auth';
import { x509SubjectDn } from './x509-subject';

/**
 * What a TLS client's certificate proves, once the handshake is done: `[x509:<subject DN>]` for a
 * certificate the trust store vouches for (ZooKeeper's X509AuthenticationProvider adds that id
 * to the connection), `[]` without one (clientAuth none or want), or undefined for a certificate
 * presented and not trusted (or whose subject cannot be read), which must close the connection.
 */
export function certificateIds(socket: TLSSocket): Id[] | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (certificate === undefined) return [];
  if (!socket.authorized) return undefined;
  try {
    return [{ scheme: X509_SCHEME, id: x509SubjectDn(certificate) }];
  } catch {
    // OpenSSL accepted it, our DER reader did not: refuse rather than guess an identity
    return undefined;
  }
}
