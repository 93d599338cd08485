import type { ClientMessage, ServerMessage } from '@zkts/protocol';
import type { ServingHost } from '../connection/serving-host';
import { InProcessLink } from './in-process-link';

/**
 * The in-process transport, shaped as @zkts/client's `MessageTransport` (the server does not
 * depend on the client; the types match structurally):
 *
 *   createClient(server.connectString, { transport: inProcessTransport(server) })
 *
 * The client's records reach the server's connection layer as objects and the replies come
 * back as objects: nothing is encoded or decoded. Sessions, timeouts, pings (they touch the
 * session as over TCP), takeover and close behave as over TCP; the connection counts as one
 * from 127.0.0.1 (ip ACLs, maxClientCnxns, `cons`, where it shows as 127.0.0.1:0). The host
 * and port the client asks for are ignored.
 */
export interface InProcessTransport {
  connectMessages(host: string, port: number): Promise<InProcessStream>;
}

export interface InProcessStreamReceiver {
  receive(messages: readonly ServerMessage[]): void;
  closed(error?: Error): void;
}

export interface InProcessStream {
  listen(receiver: InProcessStreamReceiver): void;
  send(message: ClientMessage): void;
  close(): void;
}

/** Anything that holds a standalone server: what `createServer` resolves to, or the host itself. */
export type InProcessTarget = { readonly host: ServingHost } | ServingHost;

/**
 * A server, or a function asked at every connect for the server to use: a client given
 * `inProcessTransport(() => current)` follows a restarted server (a new instance on the same
 * storage) and resumes its session there, as it would over TCP.
 */
export type InProcessTargetSource = InProcessTarget | (() => InProcessTarget | Promise<InProcessTarget>);

export function inProcessTransport(target: InProcessTargetSource): InProcessTransport {
  return {
    async connectMessages() {
      const server = typeof target === 'function' ? await target() : target;
      const host =
        'host' in server && typeof server.host === 'object' ? server.host : (server as ServingHost);
      const link = new InProcessLink(host);
      const connection = host.openLink(link.remoteAddress, (owner) => link.attach(owner));
      if (connection === undefined) {
        throw new Error('in-process connection refused: the server is closed or at maxClientCnxns');
      }
      return link.stream;
    },
  };
}
