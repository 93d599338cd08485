/**
 * The requests that carry only a path (zookeeper.jute):
 *   GetACLRequest               { ustring path }        // getACL(6)
 *   SyncRequest                 { ustring path }        // sync(9)
 *   SyncResponse                { ustring path }        // reply to sync
 *   GetAllChildrenNumberRequest { ustring path }        // getAllChildrenNumber(104)
 *   GetEphemeralsRequest        { ustring prefixPath }  // getEphemerals(103)
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writePathRecord(w: JuteWriter, path: string): void {
  w.writeString(path);
}

export function readPathRecord(r: JuteReader): string {
  return r.readString();
}
