import { expect } from 'vitest';
import { EventType, KeeperState } from '../../src/constants';
import { WatchManager, type WatchNotification } from '../../src/watches/watch-manager';

export const EVENT_NAMES: Record<number, string> = {
  [EventType.NodeCreated]: 'Created',
  [EventType.NodeDeleted]: 'Deleted',
  [EventType.NodeDataChanged]: 'DataChanged',
  [EventType.NodeChildrenChanged]: 'ChildrenChanged',
};

export const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

/**
 * Drives a WatchManager with the trigger calls ZooKeeper's DataTree makes: create →
 * data(path, NodeCreated), child(parent, NodeChildrenChanged); delete → data(path, NodeDeleted),
 * child(path, NodeDeleted), child(parent, NodeChildrenChanged); setData → data(path,
 * NodeDataChanged). Events come back as `"<watcher> <EventName> <path>"`.
 */
export class WatchHarness {
  readonly watches = new WatchManager<string>();

  create(path: string): string[] {
    return this.#show([
      ...this.watches.triggerData(path, EventType.NodeCreated),
      ...this.watches.triggerChild(parentOf(path), EventType.NodeChildrenChanged),
    ]);
  }

  delete(path: string): string[] {
    return this.#show([
      ...this.watches.triggerData(path, EventType.NodeDeleted),
      ...this.watches.triggerChild(path, EventType.NodeDeleted),
      ...this.watches.triggerChild(parentOf(path), EventType.NodeChildrenChanged),
    ]);
  }

  set(path: string): string[] {
    return this.#show(this.watches.triggerData(path, EventType.NodeDataChanged));
  }

  #show(events: Array<WatchNotification<string>>): string[] {
    return events.map(({ watcher, event }) => {
      expect(event.state).toBe(KeeperState.SyncConnected);
      return `${watcher} ${EVENT_NAMES[event.type]} ${event.path}`;
    });
  }
}
