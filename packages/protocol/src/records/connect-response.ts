/**
 * ConnectResponse (zookeeper.jute, org.apache.zookeeper.proto): the server's first frame; no
 * ReplyHeader.
 *   int    protocolVersion;  // 0
 *   int    timeOut;          // negotiated session timeout, ms; 0 = session expired or invalid
 *   long   sessionId;        // 0 when invalid
 *   buffer passwd;           // 16 bytes
 *   boolean readOnly;        // server is read-only; omitted when the client's request had no readOnly
 * 37 bytes with a 16-byte password, 36 without readOnly.
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export interface ConnectResponse {
  protocolVersion: number;
  timeOut: number;
  sessionId: bigint;
  passwd: Uint8Array;
  readOnly: boolean;
}

export function writeConnectResponse(w: JuteWriter, response: ConnectResponse, withReadOnly: boolean): void {
  w.writeInt(response.protocolVersion);
  w.writeInt(response.timeOut);
  w.writeLongBig(response.sessionId);
  w.writeBuffer(response.passwd);
  if (withReadOnly) w.writeBool(response.readOnly);
}

/** Reads the record; `withReadOnly` tells whether the trailing readOnly byte was there. */
export function readConnectResponse(r: JuteReader): ConnectResponse & { withReadOnly: boolean } {
  const protocolVersion = r.readInt();
  const timeOut = r.readInt();
  const sessionId = r.readLongBig();
  const passwd = r.readBuffer();
  const withReadOnly = r.remaining > 0;
  const readOnly = withReadOnly ? r.readBool() : false;
  return { protocolVersion, timeOut, sessionId, passwd, readOnly, withReadOnly };
}
