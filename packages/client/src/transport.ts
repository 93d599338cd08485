/**
 * The seam between the client and the network: something that opens a duplex byte stream to
 * `host:port`. TCP is the default; an in-process transport (to an embedded server) and fault-
 * injecting test transports implement the same two interfaces.
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
