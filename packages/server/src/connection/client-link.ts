import type { ClientResponse, Id, WatcherEvent } from '@zkts/core';
import type { ConnectResponse } from '@zkts/protocol';

/**
 * What carries a ClientConnection's messages to its client: a TCP socket with the codec
 * (`TcpLink`), or an in-process link that hands the records over as objects. The connection
 * decides what to send and when; the link only carries it. Output is queued per turn and
 * sent by `flush`.
 */
export interface ClientLink {
  /** The client's address, for the `ip` auth id, `cons` and logs. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Ids the link itself proves, held from the start (`x509:<subject>` of a TLS client certificate). */
  readonly transportIds?: readonly Id[];
  /**
   * Queues a message. The link takes what it needs now (TCP encodes, in-process copies):
   * the tree may change a record after this call.
   */
  connectResponse(response: ConnectResponse, withReadOnly: boolean): void;
  reply(xid: number, zxid: number, err: number, response: ClientResponse | undefined): void;
  notification(event: WatcherEvent): void;
  /** Sends everything queued since the last flush, in order. */
  flush(): void;
  /** Drops what is queued and not flushed. */
  discard(): void;
  /** Closes once what was flushed has gone; the connection's `linkClosed` follows. */
  end(): void;
  /** Stops / restarts taking the client's requests (globalOutstandingLimit). */
  pause(): void;
  resume(): void;
}
