import { ErrorCode, OpCode, type OpCode as OpCodeType, Xid } from '@zkts/core';
import type { ClientMessage, ServerMessage } from '@zkts/protocol';
import { BadArgumentsError, ConnectionLossError } from './errors/error-classes';
import type { ByteStream, MessageStream, MessageStreamReceiver } from './transport';
import {
  decodeConnectResponse,
  decodeReplyHeader,
  decodeResponse,
  decodeWatcherEvent,
  encodeConnectRequest,
  encodeRequest,
  FrameParser,
} from './wire';

/**
 * The codec between the client's messages and a byte stream (TCP): each message is encoded
 * when sent, frames sent in one tick leave in one write, and incoming frames are decoded as
 * they complete. A reply body can only be decoded knowing its request's opcode, so the opcodes
 * of the requests in flight are kept here, in send order (replies come back in that order).
 */
export function framedMessageStream(stream: ByteStream, maxPacketLength: number): MessageStream {
  return new FramedMessageStream(stream, maxPacketLength);
}

interface InFlight {
  xid: number;
  type: number;
}

class FramedMessageStream implements MessageStream {
  private readonly parser: FrameParser;
  private outgoing: Uint8Array[] = [];
  private flushScheduled = false;
  private readonly flushNow = () => this.flush();
  private inFlight: InFlight[] = [];
  private inFlightHead = 0;
  private established = false;
  private receiver: MessageStreamReceiver | undefined;
  /** Messages decoded from the chunk being parsed. */
  private batch: ServerMessage[] = [];
  private ended = false;

  constructor(
    private readonly stream: ByteStream,
    private readonly maxPacketLength: number,
  ) {
    this.parser = new FrameParser({ maxFrameSize: maxPacketLength, onFrame: (frame) => this.frame(frame) });
  }

  listen(receiver: MessageStreamReceiver): void {
    this.receiver = receiver;
    this.stream.listen({
      data: (chunk) => this.data(chunk),
      closed: (error) => this.end(error),
    });
  }

  send(message: ClientMessage): void {
    if (this.ended) return;
    if (message.kind === 'connect') {
      this.write(encodeConnectRequest(message.request));
      return;
    }
    const frame = encodeRequest(message.xid, message.request);
    if (message.xid > 0) {
      if (frame.length - 4 > this.maxPacketLength) {
        // The server would drop the whole connection ("Len error"), failing every other request too.
        throw new BadArgumentsError(
          `the request is ${frame.length - 4} bytes, over the ${this.maxPacketLength}-byte packet limit (jute.maxbuffer)`,
        );
      }
      this.inFlight.push({ xid: message.xid, type: message.request.type });
    }
    this.write(frame);
  }

  close(): void {
    this.stream.close();
  }

  private write(frame: Uint8Array): void {
    this.outgoing.push(frame);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushNow);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.ended || this.outgoing.length === 0) return;
    const batch = this.outgoing;
    this.outgoing = [];
    this.stream.write(batch);
  }

  private data(chunk: Uint8Array): void {
    if (this.ended) return;
    try {
      this.parser.push(chunk);
    } catch (error) {
      // what came before the bad frame is processed first, as it would have been on its own
      const before = this.batch;
      this.batch = [];
      if (before.length > 0) this.receiver?.receive(before);
      this.stream.close();
      this.end(
        new ConnectionLossError('the server sent bytes that are not a ZooKeeper reply', { cause: error }),
      );
      return;
    }
    // Delivered even when empty: any byte is a sign of life for the liveness timer.
    const messages = this.batch;
    this.batch = [];
    this.receiver?.receive(messages);
  }

  private end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.receiver?.closed(error);
  }

  private frame(body: Uint8Array): void {
    if (!this.established) {
      this.established = true;
      const response = decodeConnectResponse(body);
      // The password is a view into the socket chunk: keep a copy of its 16 bytes.
      this.batch.push({ kind: 'connected', response: { ...response, passwd: response.passwd.slice() } });
      return;
    }
    const header = decodeReplyHeader(body);
    switch (header.xid) {
      case Xid.notification:
        this.batch.push({ kind: 'notification', event: decodeWatcherEvent(body) });
        return;
      case Xid.ping:
      case Xid.setWatches:
      case Xid.auth:
        this.batch.push({ kind: 'reply', xid: header.xid, zxid: header.zxid, err: header.err });
        return;
    }
    const request = this.inFlight[this.inFlightHead];
    if (request === undefined || request.xid !== header.xid) {
      // The connection will see the mismatch and close.
      this.batch.push({ kind: 'reply', xid: header.xid, zxid: header.zxid, err: header.err });
      return;
    }
    this.inFlight[this.inFlightHead++] = undefined as unknown as InFlight;
    if (this.inFlightHead === this.inFlight.length) {
      this.inFlight.length = 0;
      this.inFlightHead = 0;
    } else if (this.inFlightHead >= 1024) {
      this.inFlight = this.inFlight.slice(this.inFlightHead);
      this.inFlightHead = 0;
    }
    const decoded =
      header.err === ErrorCode.OK || request.type === OpCode.multi || request.type === OpCode.multiRead
        ? decodeResponse(body, request.type as OpCodeType).response
        : undefined;
    this.batch.push({
      kind: 'reply',
      xid: header.xid,
      zxid: header.zxid,
      err: header.err,
      response: decoded,
    });
  }
}
