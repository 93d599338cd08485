import { EventType } from '@zkts/core';

export type WatchEventType =
  | 'created'
  | 'deleted'
  | 'data-changed'
  | 'children-changed'
  | 'data-watch-removed'
  | 'child-watch-removed'
  | 'persistent-watch-removed'
  /** The client was closed before the watch fired (a one-shot watch's last word; never from the server). */
  | 'closed';

/** A watch notification, with the path as the caller sees it (chroot stripped). */
export interface WatchEvent {
  type: WatchEventType;
  path: string;
}

const typeByCode = new Map<number, WatchEventType>([
  [EventType.NodeCreated, 'created'],
  [EventType.NodeDeleted, 'deleted'],
  [EventType.NodeDataChanged, 'data-changed'],
  [EventType.NodeChildrenChanged, 'children-changed'],
  [EventType.DataWatchRemoved, 'data-watch-removed'],
  [EventType.ChildWatchRemoved, 'child-watch-removed'],
  [EventType.PersistentWatchRemoved, 'persistent-watch-removed'],
]);

export function watchEventType(code: number): WatchEventType | undefined {
  return typeByCode.get(code);
}
