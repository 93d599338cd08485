/**
 * RequestHeader (zookeeper.jute, org.apache.zookeeper.proto): prefixes every client request
 * after the handshake.
 *   int xid;   // client's sequence number, or a special xid (−2 ping, −4 auth, −8 setWatches)
 *   int type;  // opcode
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export interface RequestHeader {
  xid: number;
  type: number;
}

export function writeRequestHeader(w: JuteWriter, xid: number, type: number): void {
  w.writeInt(xid);
  w.writeInt(type);
}

export function readRequestHeader(r: JuteReader): RequestHeader {
  return { xid: r.readInt(), type: r.readInt() };
}
