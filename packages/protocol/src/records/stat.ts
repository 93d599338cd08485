/**
 * Stat (zookeeper.jute, org.apache.zookeeper.data), 68 bytes:
 *   long czxid; long mzxid; long ctime; long mtime; int version; int cversion; int aversion;
 *   long ephemeralOwner; int dataLength; int numChildren; long pzxid
 */
import type { Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export const STAT_SIZE = 68;

export function writeStat(w: JuteWriter, stat: Stat): void {
  w.writeLong(stat.czxid);
  w.writeLong(stat.mzxid);
  w.writeLong(stat.ctime);
  w.writeLong(stat.mtime);
  w.writeInt(stat.version);
  w.writeInt(stat.cversion);
  w.writeInt(stat.aversion);
  w.writeLongBig(stat.ephemeralOwner);
  w.writeInt(stat.dataLength);
  w.writeInt(stat.numChildren);
  w.writeLong(stat.pzxid);
}

export function readStat(r: JuteReader): Stat {
  return {
    czxid: r.readLong(),
    mzxid: r.readLong(),
    ctime: r.readLong(),
    mtime: r.readLong(),
    version: r.readInt(),
    cversion: r.readInt(),
    aversion: r.readInt(),
    ephemeralOwner: r.readLongBig(),
    dataLength: r.readInt(),
    numChildren: r.readInt(),
    pzxid: r.readLong(),
  };
}
