/**
 * setACL(7) (zookeeper.jute):
 *   SetACLRequest  { ustring path; vector<ACL> acl; int version }   // version checks aversion
 *   SetACLResponse { Stat stat }   // see exists.ts
 */
import type { SetACLRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readAclVector, writeAclVector } from './acl';

export function writeSetACLRequest(w: JuteWriter, request: SetACLRequest): void {
  w.writeString(request.path);
  writeAclVector(w, request.acl);
  w.writeInt(request.version);
}

export function readSetACLRequest(r: JuteReader): SetACLRequest {
  return { path: r.readString(), acl: readAclVector(r), version: r.readInt() };
}
