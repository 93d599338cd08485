import {
  type AnyTransport,
  type ByteStream,
  type MessageStream,
  type MessageTransport,
  type Transport,
  tcpTransport,
} from '../../src/index';

/**
 * Wraps a transport (byte or message level) so a test can take a client off the network:
 * `cut()` closes its streams and refuses new ones, as if its host had lost connectivity (its
 * session lives on).
 */
export function gatedTransport(inner: AnyTransport = tcpTransport): AnyTransport & { cut(): void } {
  const open = new Set<ByteStream | MessageStream>();
  let isCut = false;
  const cut = () => {
    isCut = true;
    for (const stream of open) stream.close();
    open.clear();
  };
  if ('connectMessages' in inner) {
    const messages: MessageTransport = inner;
    return {
      async connectMessages(host, port) {
        if (isCut) throw new Error('gated transport: cut');
        const stream = await messages.connectMessages(host, port);
        open.add(stream);
        return stream;
      },
      cut,
    };
  }
  const bytes: Transport = inner;
  return {
    async connect(host, port) {
      if (isCut) throw new Error('gated transport: cut');
      const stream = await bytes.connect(host, port);
      open.add(stream);
      return stream;
    },
    cut,
  };
}
