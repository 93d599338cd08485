/**
 * getACL(6) (zookeeper.jute); the request is a path record (path.ts):
 *   GetACLResponse { vector<ACL> acl; Stat stat }
 */
import type { ACL, Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readAclVector, writeAclVector } from './acl';
import { readStat, writeStat } from './stat';

export function writeGetACLResponse(w: JuteWriter, response: { acl: readonly ACL[]; stat: Stat }): void {
  writeAclVector(w, response.acl);
  writeStat(w, response.stat);
}

export function readGetACLResponse(r: JuteReader): { acl: ACL[]; stat: Stat } {
  return { acl: readAclVector(r), stat: readStat(r) };
}
