/**
 * getData(4) reply (zookeeper.jute); the request is in path-watch.ts:
 *   GetDataResponse { buffer data; Stat stat }
 * Also the reply to reconfig(16) (the new configuration) and a getData result inside multiRead.
 * `data` decodes as a view into the frame, not a copy.
 */
import type { Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readStat, writeStat } from './stat';

export function writeGetDataResponse(w: JuteWriter, response: { data: Uint8Array; stat: Stat }): void {
  w.writeBuffer(response.data);
  writeStat(w, response.stat);
}

export function readGetDataResponse(r: JuteReader): { data: Uint8Array; stat: Stat } {
  return { data: r.readBuffer(), stat: readStat(r) };
}
