/**
 * setWatches(101) and setWatches2(105), sent with xid −8 after a reconnect (zookeeper.jute):
 *   SetWatches  { long relativeZxid; vector<ustring> dataWatches; vector<ustring> existWatches;
 *                 vector<ustring> childWatches }
 *   SetWatches2 { …the same…; vector<ustring> persistentWatches; vector<ustring> persistentRecursiveWatches }
 * The reply is the header alone (xid −8).
 */
import type { SetWatchesRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeSetWatches(w: JuteWriter, request: SetWatchesRequest, withPersistent: boolean): void {
  w.writeLong(request.relativeZxid);
  w.writeStringVector(request.dataWatches);
  w.writeStringVector(request.existWatches);
  w.writeStringVector(request.childWatches);
  if (withPersistent) {
    w.writeStringVector(request.persistentWatches);
    w.writeStringVector(request.persistentRecursiveWatches);
  }
}

export function readSetWatches(r: JuteReader, withPersistent: boolean): SetWatchesRequest {
  const relativeZxid = r.readLong();
  const dataWatches = r.readStringVector('dataWatches');
  const existWatches = r.readStringVector('existWatches');
  const childWatches = r.readStringVector('childWatches');
  const persistentWatches = withPersistent ? r.readStringVector('persistentWatches') : [];
  const persistentRecursiveWatches = withPersistent ? r.readStringVector('persistentRecursiveWatches') : [];
  return {
    relativeZxid,
    dataWatches,
    existWatches,
    childWatches,
    persistentWatches,
    persistentRecursiveWatches,
  };
}
