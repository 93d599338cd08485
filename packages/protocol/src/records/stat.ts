/**
 * Stat (zookeeper.jute, org.apache.zookeeper.data), 68 bytes:
 *   long czxid; long mzxid; long ctime; long mtime; int version; int cversion; int aversion;
 *   long ephemeralOwner; int dataLength; int numChildren; long pzxid
 */
import type { Stat } from '@zkts/core';
import { getInt, getLong, type JuteReader } from '../jute/reader';
import { type JuteWriter, putInt, putLong } from '../jute/writer';

export const STAT_SIZE = 68;

export function writeStat(w: JuteWriter, stat: Stat): void {
  // One bounds check for the fixed 68 bytes: Stat is in most replies.
  w.ensure(STAT_SIZE);
  const b = w.bytes;
  const p = w.offset;
  putLong(b, p, stat.czxid);
  putLong(b, p + 8, stat.mzxid);
  putLong(b, p + 16, stat.ctime);
  putLong(b, p + 24, stat.mtime);
  putInt(b, p + 32, stat.version);
  putInt(b, p + 36, stat.cversion);
  putInt(b, p + 40, stat.aversion);
  w.offset = p + 44;
  w.writeLongBig(stat.ephemeralOwner);
  putInt(b, p + 52, stat.dataLength);
  putInt(b, p + 56, stat.numChildren);
  putLong(b, p + 60, stat.pzxid);
  w.offset = p + STAT_SIZE;
}

export function readStat(r: JuteReader): Stat {
  r.need(STAT_SIZE, 'Stat');
  const b = r.bytes;
  const p = r.offset;
  r.offset = p + 44;
  const ephemeralOwner = r.readLongBig();
  r.offset = p + STAT_SIZE;
  return {
    czxid: getLong(b, p),
    mzxid: getLong(b, p + 8),
    ctime: getLong(b, p + 16),
    mtime: getLong(b, p + 24),
    version: getInt(b, p + 32),
    cversion: getInt(b, p + 36),
    aversion: getInt(b, p + 40),
    ephemeralOwner,
    dataLength: getInt(b, p + 52),
    numChildren: getInt(b, p + 56),
    pzxid: getLong(b, p + 60),
  };
}
