import type { ClientMessage, ServerMessage } from '@zkts/protocol';

/**
 * The seam between the client and the network: something that opens a duplex byte stream to
 * `host:port`. TCP is the default; fault-injecting test transports implement the same two
 * interfaces. (A server in the same process is reached without bytes: `MessageTransport`.)
 */
export interface Transport {
  /** Opens a stream; rejects when the server cannot be reached. */
  connect(host: string, port: number): Promise<ByteStream>;
}

export interface ByteStreamReceiver {
  data(chunk: Uint8Array): void;
  /** Called once, when the stream ends for any reason (`error` set when it failed). */
  closed(error?: Error): void;
}

export interface ByteStream {
  /**
   * Sets the receiver. The stream delivers nothing before, and buffers what arrives meanwhile,
   * so no byte is lost between `connect` resolving and this call.
   */
  listen(receiver: ByteStreamReceiver): void;
  /** Writes a batch of frames as one unit (TCP: one corked write, one syscall). */
  write(chunks: readonly Uint8Array[]): void;
  /** Closes the stream; `closed` follows. */
  close(): void;
}

/**
 * A transport that carries the protocol's records as objects, with no bytes and no codec in
 * between: e.g. `inProcessTransport(server)` from @zkts/server, to a server in the same process.
 * The client tells the two kinds apart by the method: `connect` (bytes) or `connectMessages`.
 */
export interface MessageTransport {
  /** Opens a link to the server at `host:port` (which a transport may ignore); rejects when it cannot. */
  connectMessages(host: string, port: number): Promise<MessageStream>;
}

export interface MessageStreamReceiver {
  /** Server messages, in the server's order; the client may keep them (they are its own copies). */
  receive(messages: readonly ServerMessage[]): void;
  /** Called once, when the link ends for any reason (`error` set when it failed). */
  closed(error?: Error): void;
}

export interface MessageStream {
  /** Sets the receiver; nothing is delivered before, and nothing that arrives meanwhile is lost. */
  listen(receiver: MessageStreamReceiver): void;
  /**
   * Sends one message. The stream must not keep references the client could still change
   * (the caller's data buffers): it copies what it keeps, at this call.
   */
  send(message: ClientMessage): void;
  /** Closes the link; `closed` follows. */
  close(): void;
}

export type AnyTransport = Transport | MessageTransport;

export function isMessageTransport(transport: AnyTransport): transport is MessageTransport {
  return typeof (transport as Partial<MessageTransport>).connectMessages === 'function';
}
