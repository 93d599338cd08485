import type { ClientResponse, WatcherEvent } from '@zkts/core';
import type { ClientMessage, ConnectResponse, ServerMessage } from '@zkts/protocol';
import type { ClientConnection } from '../connection/client-connection';
import type { ClientLink } from '../connection/client-link';
import { cloneRecord, pooledBytes } from '../connection/clone-record';
import type { ConnectionHost } from '../connection/connection-host';
import type { InProcessStream, InProcessStreamReceiver } from './in-process-transport';

/**
 * A client connection inside this process: the client's records are handed to the
 * ClientConnection as objects and its replies handed back as objects, with no codec in
 * between. Records are copied at the boundary (the client's data buffers when sent; replies
 * when produced, since the tree keeps data by reference and may update a Stat in place).
 *
 * Timing follows a socket's: what the client sends reaches the server in a microtask (one
 * batch per tick), what the server flushes reaches the client on a later turn of the event
 * loop (setImmediate), so neither side ever runs inside the other's call and a tight request
 * loop still lets timers and I/O run. Both directions keep their order.
 */
export class InProcessLink implements ClientLink {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  /** The client's side: what `connectMessages` hands to the client. */
  readonly stream: InProcessStream;
  private connection: ClientConnection | undefined;

  // client → server
  private inbound: ClientMessage[] = [];
  private inboundScheduled = false;
  private throttled = false;
  private readonly deliverInboundNow = () => this.deliverInbound();

  // server → client
  private output: ServerMessage[] = [];
  private deliveries: (readonly ServerMessage[] | 'end')[] = [];
  private deliveryScheduled = false;
  private readonly deliverOutboundNow = () => this.deliverOutbound();
  private receiver: InProcessStreamReceiver | undefined;

  private clientClosed = false;
  private serverEnded = false;
  private linkClosedSent = false;

  constructor(private readonly host: ConnectionHost) {
    this.stream = {
      listen: (receiver) => {
        this.receiver = receiver;
        this.scheduleOutbound();
      },
      send: (message) => this.clientSend(message),
      close: () => this.clientClose(),
    };
  }

  /** Binds the server side (called once, by the ClientConnection's constructor through the host). */
  attach(connection: ClientConnection): this {
    this.connection = connection;
    return this;
  }

  // ------------------------------------------------------------------ client → server

  private clientSend(message: ClientMessage): void {
    if (this.clientClosed || this.serverEnded) return;
    // copied now: the caller may reuse its buffers (and ACL arrays) as soon as this returns
    this.inbound.push(cloneRecord(message));
    this.scheduleInbound();
  }

  private scheduleInbound(): void {
    if (this.inboundScheduled) return;
    this.inboundScheduled = true;
    queueMicrotask(this.deliverInboundNow);
  }

  private deliverInbound(): void {
    this.inboundScheduled = false;
    const connection = this.connection;
    if (connection === undefined || this.throttled || this.inbound.length === 0) return;
    const batch = this.inbound;
    this.inbound = [];
    for (let i = 0; i < batch.length && !connection.closed; i++) {
      const message = batch[i]!;
      try {
        if (message.kind === 'connect') {
          connection.receiveConnect({
            ...message.request,
            withReadOnly: message.request.withReadOnly ?? true,
          });
        } else {
          connection.receiveRequest(message.xid, message.request);
        }
      } catch (error) {
        this.host.logger.error(
          `closing in-process connection after an internal error: ${(error as Error)?.stack ?? String(error)}`,
        );
        connection.destroy();
      }
    }
    if (!connection.closed) this.host.throttleIfBusy(connection);
  }

  private clientClose(): void {
    if (this.clientClosed) return;
    this.clientClosed = true;
    // like a socket destroyed by its owner: what was not taken yet is lost
    this.inbound = [];
    this.deliveries = [];
    this.output = [];
    queueMicrotask(() => {
      this.receiver?.closed();
      this.sendLinkClosed();
    });
  }

  // ------------------------------------------------------------------ server → client (ClientLink)

  connectResponse(response: ConnectResponse): void {
    this.output.push({ kind: 'connected', response: { ...response, passwd: response.passwd.slice() } });
  }

  reply(xid: number, zxid: number, err: number, response: ClientResponse | undefined): void {
    this.output.push({
      kind: 'reply',
      xid,
      zxid,
      err,
      response: response === undefined ? undefined : cloneRecord(response, pooledBytes),
    });
  }

  notification(event: WatcherEvent): void {
    this.output.push({ kind: 'notification', event: { ...event } });
  }

  flush(): void {
    if (this.clientClosed) this.output = [];
    if (this.output.length === 0) return;
    this.deliveries.push(this.output);
    this.output = [];
    this.scheduleOutbound();
  }

  discard(): void {
    this.output = [];
  }

  end(): void {
    if (this.serverEnded) return;
    this.serverEnded = true;
    this.inbound = [];
    if (this.clientClosed) return; // its close already told the connection
    this.deliveries.push('end');
    this.scheduleOutbound();
  }

  pause(): void {
    this.throttled = true;
  }

  resume(): void {
    this.throttled = false;
    if (this.inbound.length > 0) this.scheduleInbound();
  }

  private scheduleOutbound(): void {
    if (this.deliveryScheduled || this.receiver === undefined || this.deliveries.length === 0) return;
    this.deliveryScheduled = true;
    setImmediate(this.deliverOutboundNow);
  }

  private deliverOutbound(): void {
    this.deliveryScheduled = false;
    const receiver = this.receiver;
    if (receiver === undefined) return;
    const deliveries = this.deliveries;
    this.deliveries = [];
    for (const delivery of deliveries) {
      if (this.clientClosed) return;
      if (delivery === 'end') {
        receiver.closed();
        this.sendLinkClosed();
        return;
      }
      receiver.receive(delivery);
    }
  }

  private sendLinkClosed(): void {
    if (this.linkClosedSent) return;
    this.linkClosedSent = true;
    this.connection?.linkClosed();
  }
}
