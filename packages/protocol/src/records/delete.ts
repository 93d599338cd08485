/**
 * delete(2) (zookeeper.jute):
 *   DeleteRequest { ustring path; int version }   // version −1 = any
 * The reply is the ReplyHeader alone.
 */
import type { DeleteRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeDeleteRequest(w: JuteWriter, request: DeleteRequest): void {
  w.writeString(request.path);
  w.writeInt(request.version);
}

export function readDeleteRequest(r: JuteReader): DeleteRequest {
  return { path: r.readString(), version: r.readInt() };
}
