import { type ByteStream, type Transport, tcpTransport } from '../../src/index';

/**
 * Wraps a transport so a test can take a client off the network: `cut()` closes its streams
 * and refuses new ones, as if its host had lost connectivity (its session lives on).
 */
export function gatedTransport(inner: Transport = tcpTransport): Transport & { cut(): void } {
  const open = new Set<ByteStream>();
  let isCut = false;
  return {
    async connect(host, port) {
      if (isCut) throw new Error('gated transport: cut');
      const stream = await inner.connect(host, port);
      open.add(stream);
      return stream;
    },
    cut() {
      isCut = true;
      for (const stream of open) stream.close();
      open.clear();
    },
  };
}
