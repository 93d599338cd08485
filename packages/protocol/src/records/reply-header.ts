/**
 * ReplyHeader (zookeeper.jute, org.apache.zookeeper.proto): prefixes every server message
 * after the handshake, replies and notifications alike.
 *   int  xid;   // the request's xid; −1 notification, −2 ping, −4 auth, −8 setWatches
 *   long zxid;  // last zxid the server processed (−1 on 3.8 notifications)
 *   int  err;   // 0 or a KeeperException code; on error the body is normally absent
 */
import type { JuteReader } from '../jute/reader';
import { type JuteWriter, putInt, putLong } from '../jute/writer';

export interface ReplyHeader {
  xid: number;
  zxid: number;
  err: number;
}

export const REPLY_HEADER_SIZE = 16;

export function writeReplyHeader(w: JuteWriter, xid: number, zxid: number, err: number): void {
  w.ensure(REPLY_HEADER_SIZE);
  const b = w.bytes;
  const p = w.offset;
  putInt(b, p, xid);
  putLong(b, p + 4, zxid);
  putInt(b, p + 12, err);
  w.offset = p + REPLY_HEADER_SIZE;
}

export function readReplyHeader(r: JuteReader): ReplyHeader {
  return { xid: r.readInt(), zxid: r.readLong(), err: r.readInt() };
}
