import type { Socket } from 'node:net';
import { type ClientResponse, ErrorCode, type Id, OpCode, type WatcherEvent } from '@zkts/core';
import {
  type ConnectResponse,
  decodeConnectRequest,
  decodeRequest,
  FrameParser,
  ProtocolError,
} from '@zkts/protocol';
import { isFourLetterWordAllowed } from '../config/index';
import type { ClientConnection } from './client-connection';
import type { ClientLink } from './client-link';
import type { ConnectionHost } from './connection-host';
import { copyWriteBuffers } from './copy-write-buffers';
import { fourLetterWordIn } from './four-letter-word-probe';
import { isWriteOp } from './request-kind';
import { readStartsWithPath } from './zookeeper-quirks';

/** Bytes of unsent replies above which we stop taking that client's requests. */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;
/** Requests of one connection taken and not yet answered, above which we take no more. */
const MAX_IN_FLIGHT = 1000;

/** RequestHeader{int xid, int type}. */
const REQUEST_HEADER_SIZE = 8;

/** The first bytes (four-letter word or not), then the ConnectRequest, then requests. */
type Phase = 'prefix' | 'connect' | 'requests' | 'done';

/**
 * A client connection over TCP: the codec between the socket and its ClientConnection. It tells
 * four-letter words from sessions, cuts frames, decodes requests (and answers for the ones that
 * cannot be decoded as 3.8 does), encodes replies, writes a turn's frames in one corked batch,
 * and stops reading while the server is busy or the client does not read its replies.
 */
export class TcpLink implements ClientLink {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly transportIds: readonly Id[];
  private readonly parser: FrameParser;
  private phase: Phase = 'prefix';
  /** The first bytes, until we know whether they are a four-letter word. */
  private prefix: Buffer | null = null;
  private readonly output: Uint8Array[] = [];
  /** Bytes in `output` (encoded this turn, not yet handed to the socket). */
  private outputBytes = 0;
  /**
   * Request frames parsed but not taken yet, because the client left too many replies unread or
   * in flight. A chunk already read can hold thousands of small requests: without this they would
   * all be answered at once, however large the replies. Bounded by what one read delivers.
   */
  private readonly held: Uint8Array[] = [];
  private throttled = false;
  /** Not reading: our replies pile up unread in the socket. */
  private outputBacklogged = false;
  private drainArmed = false;

  constructor(
    private readonly socket: Socket,
    private readonly connection: ClientConnection,
    private readonly host: ConnectionHost,
    transportIds: readonly Id[] = [],
  ) {
    this.transportIds = transportIds;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.remotePort = socket.remotePort ?? 0;
    this.parser = new FrameParser({
      maxFrameSize: host.config.juteMaxBuffer,
      onFrame: (body) => this.onFrame(body),
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {
      // 'close' follows; a reset by the peer is routine
    });
    socket.on('close', () => connection.linkClosed());
  }

  private get remote(): string {
    return `${this.remoteAddress}:${this.remotePort}`;
  }

  // ------------------------------------------------------------------ input

  private onData(chunk: Buffer): void {
    this.host.stats.bytesReceived += chunk.length;
    const connection = this.connection;
    if (connection.closed) return;
    try {
      if (this.phase === 'prefix') {
        chunk = this.takePrefix(chunk);
        if (chunk.length === 0) return;
      }
      this.parser.push(chunk);
    } catch (error) {
      if (ProtocolError.isInstance(error) && error.reason === 'frame-too-large') {
        this.host.logger.warn(
          `closing connection from ${this.remote}: frame of ${error.length} bytes is larger than jute.maxbuffer (${this.host.config.juteMaxBuffer})`,
        );
      } else if (ProtocolError.isInstance(error)) {
        this.host.logger.warn(`closing connection from ${this.remote}: ${error.message}`);
      } else {
        this.host.logger.error(
          `closing connection from ${this.remote} after an internal error: ${(error as Error)?.stack ?? String(error)}`,
        );
      }
      connection.destroy();
      return;
    }
    // (the connection may have closed inside push: a closeSession, a failed auth)
    if (!connection.closed) this.host.throttleIfBusy(connection);
  }

  /** Holds back the first 4 bytes: a four-letter word is answered and the connection closed. */
  private takePrefix(chunk: Buffer): Buffer {
    const have = this.prefix === null ? chunk : Buffer.concat([this.prefix, chunk]);
    if (have.length < 4) {
      this.prefix = have;
      return Buffer.alloc(0);
    }
    this.prefix = null;
    const word = fourLetterWordIn(have);
    if (word !== null) {
      this.answerFourLetterWord(word, have.subarray(4));
      return Buffer.alloc(0);
    }
    this.phase = 'connect';
    return have;
  }

  private answerFourLetterWord(word: string, argument: Buffer): void {
    this.phase = 'done';
    this.connection.answeredFourLetterWord();
    let text: string;
    if (!isFourLetterWordAllowed(this.host.config.fourLetterWordWhitelist, word)) {
      text = `${word} is not executed because it is not in the whitelist.\n`;
    } else {
      try {
        text = this.host.runFourLetterWord(word, argument);
      } catch (error) {
        this.host.logger.error(
          `four-letter word ${word} failed: ${(error as Error)?.stack ?? String(error)}`,
        );
        text = '';
      }
    }
    this.socket.end(text);
  }

  private onFrame(body: Uint8Array): void {
    switch (this.phase) {
      case 'connect':
        this.onConnectRequest(body);
        return;
      case 'requests':
        if (this.held.length > 0 || this.throttled || this.backlogged()) {
          this.held.push(body);
          this.waitForBacklog();
          return;
        }
        this.onRequest(body);
        return;
      default:
        return;
    }
  }

  private onConnectRequest(body: Uint8Array): void {
    let request: ReturnType<typeof decodeConnectRequest>;
    try {
      request = decodeConnectRequest(body);
    } catch (error) {
      this.host.logger.warn(
        `closing connection from ${this.remote}: bad ConnectRequest: ${(error as Error).message}`,
      );
      this.connection.destroy();
      return;
    }
    this.phase = 'requests';
    this.connection.receiveConnect(request);
  }

  private onRequest(body: Uint8Array): void {
    const connection = this.connection;
    if (body.length < REQUEST_HEADER_SIZE) {
      // no room for {xid, type}: ZooKeeper fails to read the header and drops the connection
      this.host.logger.warn(
        `closing connection from ${this.remote}: frame of ${body.length} bytes has no request header`,
      );
      connection.destroy();
      return;
    }
    let decoded: ReturnType<typeof decodeRequest>;
    try {
      decoded = decodeRequest(body);
    } catch (error) {
      this.onUndecodable(body, error);
      return;
    }
    const { xid, request } = decoded;
    if (readStartsWithPath(request.type) && isNullPath(body)) {
      // the codec reads a null string as '': 3.8 refuses it as a marshalling error
      connection.receiveMalformed(xid, request.type, 'marshalling-error');
      return;
    }
    // A write keeps its data in the tree: copy it out of the read buffer (see copyWriteBuffers).
    if (isWriteOp(request.type)) copyWriteBuffers(request);
    connection.receiveRequest(xid, request);
  }

  private onUndecodable(body: Uint8Array, error: unknown): void {
    const connection = this.connection;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const xid = body.length >= 4 ? view.getInt32(0) : 0;
    const type = body.length >= 8 ? view.getInt32(4) : 0;
    if (type === OpCode.createSession) {
      // 3.8 drops the connection without an answer
      this.host.logger.warn(`closing connection from ${this.remote}: createSession sent as a request`);
      connection.receiveMalformed(xid, type, 'drop');
      return;
    }
    if (type === OpCode.auth || type === OpCode.sasl) {
      // 3.8 reads these records before queueing them: a failure there drops the connection
      this.host.logger.warn(
        `closing connection from ${this.remote}: malformed ${type === OpCode.auth ? 'auth' : 'sasl'} packet`,
      );
      connection.receiveMalformed(xid, type, 'drop');
      return;
    }
    if (type === OpCode.deleteContainer) {
      // server-internal, but 3.8 runs it for a client too: prep refuses anything but an empty container
      const path = pathAfterHeader(body);
      if (path !== undefined) {
        connection.receiveRequest(xid, { type: OpCode.deleteContainer, path } as never);
        return;
      }
    }
    if (ProtocolError.isInstance(error) && error.reason === 'unknown-opcode') {
      this.host.logger.warn(`closing connection from ${this.remote}: unknown request type ${type}`);
      connection.receiveMalformed(xid, type, 'unimplemented');
      return;
    }
    this.host.logger.warn(
      `malformed request (type ${type}) from ${this.remote}: ${(error as Error)?.message ?? String(error)}`,
    );
    connection.receiveMalformed(xid, type, 'marshalling-error');
  }

  // ------------------------------------------------------------------ output

  connectResponse(response: ConnectResponse, withReadOnly: boolean): void {
    this.output.push(this.host.frames.writeConnectResponse(response, { withReadOnly }).take());
  }

  reply(xid: number, zxid: number, err: number, response: ClientResponse | undefined): void {
    const frames = this.host.frames;
    let frame: Uint8Array;
    try {
      frame = frames.writeResponse(xid, zxid, err, response).take();
    } catch (error) {
      this.host.logger.error(`cannot encode the reply to xid ${xid}: ${(error as Error)?.message}`);
      frame = frames.writeResponse(xid, zxid, ErrorCode.MARSHALLINGERROR).take();
    }
    this.host.stats.recordResponseSize(frame.length);
    this.output.push(frame);
    this.outputBytes += frame.length;
  }

  notification(event: WatcherEvent): void {
    const frame = this.host.frames.writeNotification(event, -1).take();
    this.output.push(frame);
    this.outputBytes += frame.length;
  }

  /** Writes everything produced this turn: one buffer, or one corked batch (a single writev). */
  flush(): void {
    const output = this.output;
    const socket = this.socket;
    if (output.length > 0 && !socket.destroyed) {
      if (output.length === 1) {
        socket.write(output[0]!);
      } else {
        socket.cork();
        for (const frame of output) socket.write(frame);
        socket.uncork();
      }
    }
    output.length = 0;
    this.outputBytes = 0;
    // replies went out: requests held back may go on now (a reply made room for one in flight)
    if (this.held.length > 0) this.takeHeld();
    else this.checkOutputBacklog();
  }

  discard(): void {
    this.output.length = 0;
    this.outputBytes = 0;
    this.held.length = 0;
  }

  end(): void {
    this.phase = 'done';
    this.socket.end();
    this.socket.destroySoon();
  }

  pause(): void {
    this.throttled = true;
    this.socket.pause();
  }

  resume(): void {
    this.throttled = false;
    if (this.held.length > 0) {
      // not from inside the host's resume loop: taking requests may throttle us again
      queueMicrotask(() => {
        if (!this.connection.closed && !this.throttled) this.takeHeld();
      });
    } else if (!this.outputBacklogged) {
      this.socket.resume();
    }
  }

  /**
   * Too much output unsent (in the socket or encoded this turn) or too many requests unanswered;
   * or no session yet (requests sent with the ConnectRequest wait here, taken a few at a time).
   */
  private backlogged(): boolean {
    return (
      this.connection.handshaking ||
      this.socket.writableLength + this.outputBytes > OUTPUT_HIGH_WATER ||
      this.connection.outstanding >= MAX_IN_FLIGHT
    );
  }

  /**
   * A client that does not read its replies must not make us buffer without bound: stop reading
   * its requests until the socket drains.
   */
  private checkOutputBacklog(): void {
    if (this.socket.writableLength <= OUTPUT_HIGH_WATER) return;
    this.waitForBacklog();
  }

  /** Stops reading; requests already read wait in `held` until the socket drains or replies go out. */
  private waitForBacklog(): void {
    if (!this.outputBacklogged) {
      this.outputBacklogged = true;
      this.socket.pause();
    }
    this.callBackOnDrain();
  }

  /** 'drain' comes only after a write found the socket full; otherwise the next flush calls back. */
  private callBackOnDrain(): void {
    if (this.drainArmed || !this.socket.writableNeedDrain) return;
    this.drainArmed = true;
    this.socket.once('drain', () => {
      this.drainArmed = false;
      if (this.connection.closed) return;
      if (this.held.length > 0) {
        this.takeHeld();
        return;
      }
      this.outputBacklogged = false;
      if (!this.throttled) this.socket.resume();
    });
  }

  /** Passes held requests on while there is room; reads again once all are taken. */
  private takeHeld(): void {
    const held = this.held;
    const connection = this.connection;
    let taken = 0;
    while (taken < held.length && !connection.closed && !this.throttled && !this.backlogged()) {
      const body = held[taken++];
      if (body !== undefined) this.onRequest(body);
      if (!connection.closed) this.host.throttleIfBusy(connection);
    }
    if (connection.closed) return;
    held.splice(0, taken);
    if (held.length > 0) {
      // what was taken is flushed at the end of this turn, which calls back here
      this.callBackOnDrain();
      return;
    }
    this.outputBacklogged = false;
    this.checkOutputBacklog();
    if (!this.outputBacklogged && !this.throttled) this.socket.resume();
  }
}

/** Whether the string after the RequestHeader is null (length −1). */
function isNullPath(body: Uint8Array): boolean {
  return body.length >= 12 && new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(8) === -1;
}

/** The ustring right after the RequestHeader, or undefined if it is not there whole. */
function pathAfterHeader(body: Uint8Array): string | undefined {
  if (body.length < 12) return undefined;
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(8);
  if (length < 0 || 12 + length > body.length) return undefined;
  return new TextDecoder().decode(body.subarray(12, 12 + length));
}
