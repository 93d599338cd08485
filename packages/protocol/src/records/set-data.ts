/**
 * setData(5) (zookeeper.jute):
 *   SetDataRequest  { ustring path; buffer data; int version }
 *   SetDataResponse { Stat stat }   // see exists.ts
 */
import type { SetDataRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeSetDataRequest(w: JuteWriter, request: SetDataRequest): void {
  w.writeString(request.path);
  w.writeBuffer(request.data);
  w.writeInt(request.version);
}

export function readSetDataRequest(r: JuteReader): SetDataRequest {
  return { path: r.readString(), data: r.readBuffer(), version: r.readInt() };
}
