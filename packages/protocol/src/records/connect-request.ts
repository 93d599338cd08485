/**
 * ConnectRequest (zookeeper.jute, org.apache.zookeeper.proto): the client's first frame; no
 * RequestHeader.
 *   int    protocolVersion;  // 0
 *   long   lastZxidSeen;     // highest zxid the client has seen (0 on a first connect)
 *   int    timeOut;          // requested session timeout, ms
 *   long   sessionId;        // 0 = new session, else resume it
 *   buffer passwd;           // 16 bytes (all zero for a new session)
 *   boolean readOnly;        // absent in clients from before 3.4 and in node-zookeeper-client
 * With a 16-byte password the body is 45 bytes, or 44 without readOnly. The server notices the
 * missing byte and then leaves readOnly out of its ConnectResponse too.
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export interface ConnectRequest {
  protocolVersion: number;
  lastZxidSeen: number;
  timeOut: number;
  sessionId: bigint;
  passwd: Uint8Array;
  /** Whether the client accepts a read-only server (false when the field was absent). */
  readOnly: boolean;
  /** Whether the readOnly byte is on the wire: false = the 44-byte form of old clients. Default true. */
  withReadOnly?: boolean;
}

export function writeConnectRequest(w: JuteWriter, request: ConnectRequest): void {
  w.writeInt(request.protocolVersion);
  w.writeLong(request.lastZxidSeen);
  w.writeInt(request.timeOut);
  w.writeLongBig(request.sessionId);
  w.writeBuffer(request.passwd);
  if (request.withReadOnly !== false) w.writeBool(request.readOnly);
}

/** Reads the record; `withReadOnly` tells whether the trailing readOnly byte was there. */
export function readConnectRequest(r: JuteReader): ConnectRequest & { withReadOnly: boolean } {
  const protocolVersion = r.readInt();
  const lastZxidSeen = r.readLong();
  const timeOut = r.readInt();
  const sessionId = r.readLongBig();
  const passwd = r.readBuffer();
  const withReadOnly = r.remaining > 0;
  const readOnly = withReadOnly ? r.readBool() : false;
  return { protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly, withReadOnly };
}
