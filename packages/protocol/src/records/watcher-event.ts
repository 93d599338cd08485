/**
 * WatcherEvent (zookeeper.jute, org.apache.zookeeper.proto): a notification's body, sent after
 * ReplyHeader{xid: −1, zxid, err: 0}.
 *   int type;      // EventType
 *   int state;     // KeeperState
 *   ustring path;
 */
import type { WatcherEvent } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

export function writeWatcherEvent(w: JuteWriter, event: WatcherEvent): void {
  w.writeInt(event.type);
  w.writeInt(event.state);
  w.writeString(event.path);
}

export function readWatcherEvent(r: JuteReader): WatcherEvent {
  return { type: r.readInt(), state: r.readInt(), path: r.readString() };
}
