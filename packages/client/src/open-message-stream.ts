import type { ClientMessage } from '@zkts/protocol';
import { BadArgumentsError } from './errors/error-classes';
import { framedMessageStream } from './framed-message-stream';
import { requestSizeBound } from './message-size';
import { type AnyTransport, isMessageTransport, type MessageStream } from './transport';

/**
 * Opens a message link to one server: a message transport's own link (records passed as
 * objects; the packet limit checked on a size bound, since there is no frame to measure), or
 * a byte stream behind the codec.
 */
export async function openMessageStream(
  transport: AnyTransport,
  host: string,
  port: number,
  maxPacketLength: number,
): Promise<MessageStream> {
  if (!isMessageTransport(transport)) {
    return framedMessageStream(await transport.connect(host, port), maxPacketLength);
  }
  const inner = await transport.connectMessages(host, port);
  return {
    listen: (receiver) => inner.listen(receiver),
    send(message: ClientMessage) {
      if (message.kind === 'request' && message.xid > 0) {
        const size = requestSizeBound(message.request);
        if (size > maxPacketLength) {
          throw new BadArgumentsError(
            `the request is about ${size} bytes, over the ${maxPacketLength}-byte packet limit (jute.maxbuffer)`,
          );
        }
      }
      inner.send(message);
    },
    close: () => inner.close(),
  };
}
