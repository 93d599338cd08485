/**
 * The requests that name a path and whether to leave a watch on it (zookeeper.jute):
 *   ExistsRequest       { ustring path; boolean watch }   // exists(3)
 *   GetDataRequest      { ustring path; boolean watch }   // getData(4)
 *   GetChildrenRequest  { ustring path; boolean watch }   // getChildren(8)
 *   GetChildren2Request { ustring path; boolean watch }   // getChildren2(12)
 * Inside multiRead, getData and getChildren carry watch = false.
 */
import type { PathWatchRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writePathWatchRequest(w: JuteWriter, request: { path: string; watch?: boolean }): void {
  w.writeString(request.path);
  w.writeBool(request.watch === true);
}

export function readPathWatchRequest(r: JuteReader): PathWatchRequest {
  return { path: r.readString(), watch: r.readBool() };
}
