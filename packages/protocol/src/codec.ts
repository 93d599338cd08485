/**
 * The codec's one-call API. Encoders return a whole frame (4-byte length prefix included);
 * decoders take a frame body (the length prefix already stripped, as FrameParser yields it).
 * Decoders throw nothing but ProtocolError; decoded `data`/`passwd`/`token`/`auth` buffers are
 * views into the body, so copy them before keeping them past the life of the input bytes.
 */
import type { ClientRequest, ClientResponse, OpCode, WatcherEvent } from '@zkts/core';
import { ProtocolError, toProtocolError } from './errors';
import { FrameWriter } from './frame-writer';
import { JuteReader } from './jute/reader';
import { type ConnectRequest, readConnectRequest } from './records/connect-request';
import { type ConnectResponse, readConnectResponse } from './records/connect-response';
import { type ReplyHeader, readReplyHeader } from './records/reply-header';
import { readWatcherEvent } from './records/watcher-event';
import { readRequestBody } from './request-body';
import { readResponseBody } from './response-body';

/** Shared by the one-call encoders: each frame is taken right after it is written. */
const shared = new FrameWriter();
/** Shared by the decoders (they run to completion synchronously, so one reader is enough). */
const reader = new JuteReader(new Uint8Array(0));

export interface DecodedRequest {
  xid: number;
  request: ClientRequest;
}

export interface DecodedResponse extends ReplyHeader {
  /** Present when the reply carried a body (err 0, or a multi's per-op results). */
  response?: ClientResponse;
}

export interface DecodedNotification {
  /** −1 from ZooKeeper 3.8; the triggering zxid from 3.9 on. */
  zxid: number;
  event: WatcherEvent;
}

export function encodeRequest(xid: number, request: ClientRequest): Uint8Array {
  return shared.writeRequest(xid, request).take();
}

/** On failure after the RequestHeader was read, the ProtocolError carries its `xid` and `opcode`. */
export function decodeRequest(body: Uint8Array): DecodedRequest {
  const r = reader.reset(body);
  let xid: number | undefined;
  let type: number | undefined;
  try {
    xid = r.readInt();
    type = r.readInt();
    return { xid, request: readRequestBody(r, type) };
  } catch (error) {
    const failure = toProtocolError('request', error);
    if (type !== undefined) {
      failure.xid = xid;
      failure.opcode = type;
    }
    throw failure;
  }
}

export function encodeResponse(
  xid: number,
  zxid: number,
  err: number,
  response?: ClientResponse,
): Uint8Array {
  return shared.writeResponse(xid, zxid, err, response).take();
}

/**
 * Decodes a reply to a request of type `requestType`. With err ≠ 0 the body is decoded only
 * if bytes follow the header (a failed multi's MultiResponse).
 */
export function decodeResponse(body: Uint8Array, requestType: OpCode): DecodedResponse {
  try {
    const r = reader.reset(body);
    const xid = r.readInt();
    const zxid = r.readLong();
    const err = r.readInt();
    if (err !== 0 && r.remaining === 0) return { xid, zxid, err };
    return { xid, zxid, err, response: readResponseBody(r, requestType) };
  } catch (error) {
    throw toProtocolError('response', error);
  }
}

/** The ReplyHeader alone, so a client can dispatch on xid (−1 notification, −2 ping, …) first. */
export function decodeReplyHeader(body: Uint8Array): ReplyHeader {
  try {
    return readReplyHeader(reader.reset(body));
  } catch (error) {
    throw toProtocolError('reply header', error);
  }
}

export function encodeNotification(event: WatcherEvent, zxid = -1): Uint8Array {
  return shared.writeNotification(event, zxid).take();
}

/** A notification frame body: ReplyHeader{xid −1} + WatcherEvent. */
export function decodeNotification(body: Uint8Array): DecodedNotification {
  try {
    const r = reader.reset(body);
    const header = readReplyHeader(r);
    if (header.xid !== -1) {
      throw new ProtocolError('invalid-value', `a notification has xid −1, not ${header.xid}`);
    }
    return { zxid: header.zxid, event: readWatcherEvent(r) };
  } catch (error) {
    throw toProtocolError('notification', error);
  }
}

/** The WatcherEvent of a notification frame body (header skipped). */
export function decodeWatcherEvent(body: Uint8Array): WatcherEvent {
  return decodeNotification(body).event;
}

export function encodeConnectRequest(request: ConnectRequest): Uint8Array {
  return shared.writeConnectRequest(request).take();
}

/** Accepts the 45-byte form and the 44-byte form without readOnly (`withReadOnly` tells which). */
export function decodeConnectRequest(body: Uint8Array): ConnectRequest & { withReadOnly: boolean } {
  try {
    return readConnectRequest(reader.reset(body));
  } catch (error) {
    throw toProtocolError('connect request', error);
  }
}

export function encodeConnectResponse(
  response: ConnectResponse,
  options?: { withReadOnly?: boolean },
): Uint8Array {
  return shared.writeConnectResponse(response, options).take();
}

/** Accepts the 37-byte form and the 36-byte form without readOnly (`withReadOnly` tells which). */
export function decodeConnectResponse(body: Uint8Array): ConnectResponse & { withReadOnly: boolean } {
  try {
    return readConnectResponse(reader.reset(body));
  } catch (error) {
    throw toProtocolError('connect response', error);
  }
}
