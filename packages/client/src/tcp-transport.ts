import { createConnection, isIP, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import type { ByteStream, ByteStreamReceiver, Transport } from './transport';

/** Batches at most this large are joined into one buffer; larger ones go out as a corked writev. */
const JOIN_LIMIT = 64 * 1024;

/** TCP over node:net, with Nagle off (requests are already batched per tick). */
export const tcpTransport: Transport = {
  connect(host, port) {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port, noDelay: true });
      const onError = (error: Error) => reject(error);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new TcpStream(socket));
      });
    });
  },
};

/**
 * TLS over node:tls (ZooKeeper's secureClientPort): `options` are node:tls's (`ca`, `cert`,
 * `key`, `pfx`, `passphrase`, `servername`, `rejectUnauthorized`, ...). The server's certificate
 * is checked against `ca` (default: Node's CAs) and the host name it was reached by; a client
 * certificate makes the session `x509:<subject DN>` on the server.
 */
export function tlsTransport(options: ConnectionOptions = {}): Transport {
  return {
    connect(host, port) {
      return new Promise((resolve, reject) => {
        const socket = connectTls({
          host,
          port,
          // SNI takes host names only; an IP address is still checked against the certificate
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ...options,
        });
        socket.setNoDelay(true);
        const onError = (error: Error) => {
          socket.destroy();
          reject(error);
        };
        socket.once('error', onError);
        socket.once('secureConnect', () => {
          socket.off('error', onError);
          resolve(new TcpStream(socket));
        });
      });
    },
  };
}

class TcpStream implements ByteStream {
  private receiver: ByteStreamReceiver | undefined;
  private ended = false;
  private endError: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('error', (error) => {
      this.endError ??= error;
    });
    socket.on('close', () => {
      this.ended = true;
      this.receiver?.closed(this.endError);
    });
  }

  listen(receiver: ByteStreamReceiver): void {
    this.receiver = receiver;
    if (this.ended) {
      receiver.closed(this.endError);
      return;
    }
    this.socket.on('data', (chunk: Buffer) => receiver.data(chunk));
  }

  write(chunks: readonly Uint8Array[]): void {
    if (this.ended || this.socket.destroyed) return;
    if (chunks.length === 1) {
      this.socket.write(chunks[0]!);
      return;
    }
    let total = 0;
    for (const chunk of chunks) total += chunk.byteLength;
    if (total <= JOIN_LIMIT) {
      this.socket.write(Buffer.concat(chunks as Uint8Array[], total));
      return;
    }
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
  }

  close(): void {
    this.socket.destroy();
  }
}
