/**
 * auth(100), sent with xid −4 (zookeeper.jute):
 *   AuthPacket { int type; ustring scheme; buffer auth }   // type (`authType` in the records) is 0 in every known client
 * The reply is ReplyHeader{xid: −4, zxid: 0, err} alone; on AUTHFAILED (−115) the server then
 * closes the connection.
 */
import type { AuthPacket } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeAuthPacket(w: JuteWriter, packet: AuthPacket): void {
  w.writeInt(packet.authType);
  w.writeString(packet.scheme);
  w.writeBuffer(packet.auth);
}

export function readAuthPacket(r: JuteReader): AuthPacket {
  return { authType: r.readInt(), scheme: r.readString(), auth: r.readBuffer() };
}
