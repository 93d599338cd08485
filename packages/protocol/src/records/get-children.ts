/**
 * getChildren(8) and getChildren2(12) replies (zookeeper.jute); requests are in path-watch.ts:
 *   GetChildrenResponse  { vector<ustring> children }
 *   GetChildren2Response { vector<ustring> children; Stat stat }
 */
import type { Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readStat, writeStat } from './stat';

export function writeGetChildrenResponse(w: JuteWriter, response: { children: readonly string[] }): void {
  w.writeStringVector(response.children);
}

export function readGetChildrenResponse(r: JuteReader): { children: string[] } {
  return { children: r.readStringVector('children') };
}

export function writeGetChildren2Response(
  w: JuteWriter,
  response: { children: readonly string[]; stat: Stat },
): void {
  w.writeStringVector(response.children);
  writeStat(w, response.stat);
}

export function readGetChildren2Response(r: JuteReader): { children: string[]; stat: Stat } {
  return { children: r.readStringVector('children'), stat: readStat(r) };
}
