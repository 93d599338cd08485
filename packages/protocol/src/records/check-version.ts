/**
 * check(13), used inside multi (zookeeper.jute):
 *   CheckVersionRequest { ustring path; int version }
 * Its result in a MultiResponse has no body.
 */
import type { CheckVersionRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeCheckVersionRequest(w: JuteWriter, request: CheckVersionRequest): void {
  w.writeString(request.path);
  w.writeInt(request.version);
}

export function readCheckVersionRequest(r: JuteReader): CheckVersionRequest {
  return { path: r.readString(), version: r.readInt() };
}
