/**
 * checkWatches(17) and removeWatches(18) (zookeeper.jute):
 *   CheckWatchesRequest  { ustring path; int type }   // type: WatcherType (`watcherType` in the records)
 *   RemoveWatchesRequest { ustring path; int type }
 * The reply is the header alone (err NOWATCHER when there was none).
 */
import type { WatchTypeRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeWatchTypeRequest(w: JuteWriter, request: WatchTypeRequest): void {
  w.writeString(request.path);
  w.writeInt(request.watcherType);
}

export function readWatchTypeRequest(r: JuteReader): WatchTypeRequest {
  return { path: r.readString(), watcherType: r.readInt() };
}
