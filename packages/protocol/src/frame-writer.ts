/**
 * Encodes whole frames (4-byte big-endian length + body) into one growing output, so a server
 * can batch several replies and notifications into a single socket write:
 *
 *   writer.writeResponse(xid, zxid, 0, reply); writer.writeNotification(event); socket.write(writer.take());
 *
 * `take()` returns a view, not a copy (see JuteWriter). One FrameWriter can serve every
 * connection as long as each connection's batch is taken before the next one starts.
 * If an encoder throws (say, an op type that cannot be in a multi), the half-written frame is
 * dropped and frames written before it stay.
 */
import type { ClientRequest, ClientResponse, WatcherEvent } from '@zkts/core';
import { JuteWriter } from './jute/writer';
import { type ConnectRequest, writeConnectRequest } from './records/connect-request';
import { type ConnectResponse, writeConnectResponse } from './records/connect-response';
import { writeReplyHeader } from './records/reply-header';
import { writeRequestHeader } from './records/request-header';
import { writeWatcherEvent } from './records/watcher-event';
import { writeRequestBody } from './request-body';
import { writeResponseBody } from './response-body';

/** xid of a notification's ReplyHeader. */
const NOTIFICATION_XID = -1;

export class FrameWriter {
  private readonly out: JuteWriter;

  /** @param slabSize bytes per output slab (default 64 KiB); larger frames get a slab of their own size. */
  constructor(slabSize?: number) {
    this.out = new JuteWriter(slabSize);
  }

  /** Bytes written since the last take(). */
  get pending(): number {
    return this.out.pending;
  }

  /** All frames written since the last take(), as one view; later writes never touch it. */
  take(): Uint8Array {
    return this.out.take();
  }

  /** RequestHeader{xid, type} + the request's record. */
  writeRequest(xid: number, request: ClientRequest): this {
    const w = this.out;
    const mark = w.beginFrame();
    try {
      writeRequestHeader(w, xid, request.type);
      writeRequestBody(w, request);
    } catch (error) {
      w.abandonFrame(mark);
      throw error;
    }
    w.endFrame(mark);
    return this;
  }

  /**
   * ReplyHeader{xid, zxid, err} + the response's record when one is given. Pass no response
   * for error replies (the server sends the header alone), except a failed multi, which still
   * carries its MultiResponse of ErrorResults.
   */
  writeResponse(xid: number, zxid: number, err: number, response?: ClientResponse): this {
    const w = this.out;
    const mark = w.beginFrame();
    try {
      writeReplyHeader(w, xid, zxid, err);
      if (response !== undefined) writeResponseBody(w, response);
    } catch (error) {
      w.abandonFrame(mark);
      throw error;
    }
    w.endFrame(mark);
    return this;
  }

  /** ReplyHeader{−1, zxid, 0} + WatcherEvent. ZooKeeper 3.8 sends zxid −1; 3.9+ the triggering zxid. */
  writeNotification(event: WatcherEvent, zxid = -1): this {
    const w = this.out;
    const mark = w.beginFrame();
    writeReplyHeader(w, NOTIFICATION_XID, zxid, 0);
    writeWatcherEvent(w, event);
    w.endFrame(mark);
    return this;
  }

  /** The handshake's first frame; `withReadOnly: false` writes the 44-byte form of old clients. */
  writeConnectRequest(request: ConnectRequest): this {
    const w = this.out;
    const mark = w.beginFrame();
    writeConnectRequest(w, request);
    w.endFrame(mark);
    return this;
  }

  /**
   * The handshake's answer. Leave the readOnly byte out (`withReadOnly: false`) when the
   * client's ConnectRequest had none, as ZooKeeper does.
   */
  writeConnectResponse(response: ConnectResponse, options?: { withReadOnly?: boolean }): this {
    const w = this.out;
    const mark = w.beginFrame();
    writeConnectResponse(w, response, options?.withReadOnly !== false);
    w.endFrame(mark);
    return this;
  }
}
