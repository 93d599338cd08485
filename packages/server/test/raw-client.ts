import { createConnection, type Socket } from 'node:net';
import type { ClientRequest, OpCode } from '@zkts/core';
import {
  type ConnectResponse,
  type DecodedResponse,
  decodeConnectResponse,
  decodeNotification,
  decodeReplyHeader,
  decodeResponse,
  encodeConnectRequest,
  encodeRequest,
  FrameParser,
} from '@zkts/protocol';

export interface RawConnectOptions {
  sessionId?: bigint;
  passwd?: Uint8Array;
  timeOut?: number;
  lastZxidSeen?: number;
  /** false: the 44-byte ConnectRequest of old clients. */
  withReadOnly?: boolean;
}

/** A bare protocol client over TCP: frames in, frames out, nothing hidden. */
export class RawClient {
  private readonly frames: Uint8Array[] = [];
  private readonly waiters: Array<(frame: Uint8Array | null) => void> = [];
  private readonly parser = new FrameParser({
    maxFrameSize: 16 * 1024 * 1024,
    onFrame: (f) => this.onFrame(f),
  });
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => this.parser.push(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        for (const waiter of this.waiters.splice(0)) waiter(null);
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Opens a connection and completes the handshake; resolves with the ConnectResponse (or null if closed). */
  static async connect(
    port: number,
    options: RawConnectOptions = {},
  ): Promise<{ client: RawClient; response: (ConnectResponse & { withReadOnly: boolean }) | null }> {
    const client = await RawClient.open(port);
    client.send(
      encodeConnectRequest({
        protocolVersion: 0,
        lastZxidSeen: options.lastZxidSeen ?? 0,
        timeOut: options.timeOut ?? 30_000,
        sessionId: options.sessionId ?? 0n,
        passwd: options.passwd ?? new Uint8Array(16),
        readOnly: false,
        withReadOnly: options.withReadOnly ?? true,
      }),
    );
    const frame = await client.next();
    return { client, response: frame === null ? null : decodeConnectResponse(frame) };
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  request(xid: number, request: ClientRequest): void {
    this.send(encodeRequest(xid, request));
  }

  /** The next frame body, or null once the server closed the connection. */
  next(): Promise<Uint8Array | null> {
    const frame = this.frames.shift();
    if (frame !== undefined) return Promise.resolve(frame);
    if (this.socket.destroyed || this.socket.readableEnded) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next reply decoded for a request of `type`; throws if the connection closed. */
  async reply(type: OpCode): Promise<DecodedResponse> {
    const frame = await this.next();
    if (frame === null) throw new Error('connection closed');
    return decodeResponse(frame, type);
  }

  /** The next frame's header, or a notification's event: enough to check ordering. */
  async nextSummary(): Promise<string | null> {
    const frame = await this.next();
    if (frame === null) return null;
    const header = decodeReplyHeader(frame);
    if (header.xid === -1) {
      const { event, zxid } = decodeNotification(frame);
      return `event ${event.type} ${event.path} zxid=${zxid}`;
    }
    return `reply xid=${header.xid} err=${header.err}`;
  }

  close(): void {
    this.socket.destroy();
  }

  private onFrame(frame: Uint8Array): void {
    const copy = frame.slice();
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(copy);
    else this.frames.push(copy);
  }
}
