/**
 * reconfig(16) (zookeeper.jute); the reply is a GetDataResponse carrying the new config (get-data.ts):
 *   ReconfigRequest { ustring joiningServers; ustring leavingServers; ustring newMembers; long curConfigId }
 * The three server lists are null when unused.
 */
import type { ReconfigRequest } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeReconfigRequest(w: JuteWriter, request: ReconfigRequest): void {
  w.writeNullableString(request.joiningServers);
  w.writeNullableString(request.leavingServers);
  w.writeNullableString(request.newMembers);
  w.writeLong(request.curConfigId);
}

export function readReconfigRequest(r: JuteReader): ReconfigRequest {
  return {
    joiningServers: r.readNullableString(),
    leavingServers: r.readNullableString(),
    newMembers: r.readNullableString(),
    curConfigId: r.readLong(),
  };
}
