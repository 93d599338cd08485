import type { Server as NetServer, Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import type { Id } from '@zkts/core';
import type { Logger } from '../logger';
import { certificateIds } from './certificate-ids';

/**
 * The secureClientPort's listener (not yet listening): a connection reaches `accept` once its
 * TLS handshake is done, with the ids its client certificate proves. A certificate presented
 * and not trusted (clientAuth=want) closes it; a handshake must end within `handshakeTimeoutMs`
 * (half-open handshakes do not count against maxClientCnxns, so they must not linger).
 */
export function createSecureClientListener(
  tlsOptions: TlsOptions,
  accept: (socket: Socket, ids: readonly Id[]) => void,
  logger: Logger,
  handshakeTimeoutMs: number,
): NetServer {
  const listener = createTlsServer(
    { ...tlsOptions, handshakeTimeout: handshakeTimeoutMs },
    (socket: TLSSocket) => {
      const ids = certificateIds(socket);
      if (ids === undefined) {
        logger.warn(
          `closing TLS connection from ${socket.remoteAddress}:${socket.remotePort}: client certificate not trusted (${socket.authorizationError ?? 'unreadable subject'})`,
        );
        socket.destroy();
        return;
      }
      accept(socket, ids);
    },
  );
  listener.on('tlsClientError', (error, socket) => {
    logger.info(`TLS handshake with ${socket.remoteAddress}:${socket.remotePort} failed: ${error.message}`);
    // with a listener for this event node:tls leaves the socket open (a timed-out handshake too)
    socket.destroy();
  });
  return listener;
}
