/**
 * exists(3) reply (zookeeper.jute); the request is in path-watch.ts:
 *   ExistsResponse { Stat stat }
 * Shared with setData(5) (SetDataResponse) and setACL(7) (SetACLResponse): the same one field.
 * When the node does not exist the reply is the header alone with err NONODE.
 */
import type { Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readStat, writeStat } from './stat';

export function writeStatResponse(w: JuteWriter, response: { stat: Stat }): void {
  writeStat(w, response.stat);
}

export function readStatResponse(r: JuteReader): { stat: Stat } {
  return { stat: readStat(r) };
}
