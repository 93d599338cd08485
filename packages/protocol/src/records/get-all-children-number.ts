/**
 * getAllChildrenNumber(104) (zookeeper.jute); the request is a path record (path.ts):
 *   GetAllChildrenNumberRequest  { ustring path }
 *   GetAllChildrenNumberResponse { int totalNumber }   // all descendants, not counting the node
 */
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeGetAllChildrenNumberResponse(w: JuteWriter, response: { totalNumber: number }): void {
  w.writeInt(response.totalNumber);
}

export function readGetAllChildrenNumberResponse(r: JuteReader): { totalNumber: number } {
  return { totalNumber: r.readInt() };
}
