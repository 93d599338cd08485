/**
 * getEphemerals(103) (zookeeper.jute); the request is a path record (path.ts):
 *   GetEphemeralsRequest  { ustring prefixPath }
 *   GetEphemeralsResponse { vector<ustring> ephemerals }
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeGetEphemeralsResponse(w: JuteWriter, response: { ephemerals: readonly string[] }): void {
  w.writeStringVector(response.ephemerals);
}

export function readGetEphemeralsResponse(r: JuteReader): { ephemerals: string[] } {
  return { ephemerals: r.readStringVector('ephemerals') };
}
