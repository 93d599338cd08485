/**
 * addWatch(106) (zookeeper.jute):
 *   AddWatchRequest { ustring path; int mode }   // AddWatchMode: 0 persistent, 1 persistent recursive
 * Unlike the other watch calls, the server answers with a body: ErrorResponse{int err = 0}
 * (error-response.ts).
 */
import type { AddWatchRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeAddWatchRequest(w: JuteWriter, request: AddWatchRequest): void {
  w.writeString(request.path);
  w.writeInt(request.mode);
}

export function readAddWatchRequest(r: JuteReader): AddWatchRequest {
  return { path: r.readString(), mode: r.readInt() };
}
