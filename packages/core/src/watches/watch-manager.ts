import { EventType, KeeperState, WatcherType } from '../constants';
import type { SetWatchesRequest, WatcherEvent } from '../records';
import type { Zxid } from '../types';
import { WatchMode } from './watch-mode';
import { WatchTable } from './watch-table';

/** A watch event for the host to deliver to `watcher` (xid −1 notification). */
export interface WatchNotification<W> {
  watcher: W;
  event: WatcherEvent;
}

/** What resetWatches needs to know about a node: absent, or its mzxid and pzxid. */
export type NodeZxids = { mzxid: Zxid; pzxid: Zxid } | undefined;

/** The `wchs` four-letter word: counts over the data-watch table only, as ZooKeeper 3.8.0 reports. */
export interface WatchesSummary {
  connections: number;
  paths: number;
  watches: number;
}

function notify<W>(
  watchers: Iterable<W>,
  type: EventType,
  path: string,
  skip?: ReadonlySet<W>,
): Array<WatchNotification<W>> {
  const out: Array<WatchNotification<W>> = [];
  for (const watcher of watchers) {
    if (skip?.has(watcher)) continue;
    out.push({ watcher, event: { type, state: KeeperState.SyncConnected, path } });
  }
  return out;
}

/**
 * The server's watch registry, with ZooKeeper 3.8.0's rules (each checked on the real server; see
 * watch-manager.test.ts). Like ZooKeeper it keeps two tables, data and child: exists/getData
 * register in the data table (exists on a missing node too), getChildren in the child table, and
 * addWatch registers in BOTH with a persistent or recursive mode. A watcher gets at most one event
 * per trigger. `W` is opaque (the host passes one object per connection).
 */
export class WatchManager<W> {
  readonly #data = new WatchTable<W>();
  readonly #child = new WatchTable<W>();
  /** Watchers notified by the last triggerData(path, NodeDeleted), spared by triggerChild(path, NodeDeleted). */
  #lastDeleted: { path: string; watchers: Set<W> } | undefined;

  addDataWatch(path: string, watcher: W): void {
    this.#data.add(path, watcher, WatchMode.STANDARD);
  }

  addChildWatch(path: string, watcher: W): void {
    this.#child.add(path, watcher, WatchMode.STANDARD);
  }

  /** addWatch(106): mode 0 (persistent) or 1 (recursive); replaces any earlier mode on that path. */
  addPersistentWatch(path: string, watcher: W, recursive: boolean): void {
    const mode = recursive ? WatchMode.PERSISTENT_RECURSIVE : WatchMode.PERSISTENT;
    this.#data.add(path, watcher, mode);
    this.#child.add(path, watcher, mode);
  }

  /**
   * Fires the data table for an event on `path`: NodeCreated, NodeDataChanged or NodeDeleted.
   * Reaches the path's data, exists and persistent watches and the recursive watches on it and its
   * ancestors. When a node is deleted ZooKeeper then calls triggerChild(path, NodeDeleted), which
   * spares the watchers reached here so that each gets one NodeDeleted.
   */
  triggerData(path: string, type: EventType): Array<WatchNotification<W>> {
    const watchers = this.#data.trigger(path, type);
    this.#lastDeleted = type === EventType.NodeDeleted ? { path, watchers } : undefined;
    return notify(watchers, type, path);
  }

  /**
   * Fires the child table: NodeChildrenChanged on a parent `path` (child and plain persistent
   * watches; recursive ones never get it), or NodeDeleted on a deleted `path` (its child watches).
   * `alreadyNotified` defaults, for NodeDeleted right after triggerData(path, NodeDeleted), to the
   * watchers that call reached — ZooKeeper's DataTree passes that set the same way.
   */
  triggerChild(path: string, type: EventType, alreadyNotified?: ReadonlySet<W>): Array<WatchNotification<W>> {
    const previous = this.#lastDeleted;
    this.#lastDeleted = undefined;
    const skip =
      alreadyNotified ??
      (type === EventType.NodeDeleted && previous?.path === path ? previous.watchers : undefined);
    return notify(this.#child.trigger(path, type), type, path, skip);
  }

  /**
   * Every event of a create of `path` (NodeCreated on it, NodeChildrenChanged on `parent`), in
   * the order ZooKeeper's DataTree fires them.
   */
  nodeCreated(path: string, parent: string): Array<WatchNotification<W>> {
    return [
      ...this.triggerData(path, EventType.NodeCreated),
      ...this.triggerChild(parent, EventType.NodeChildrenChanged),
    ];
  }

  /** Every event of a delete of `path`: NodeDeleted on it (once per watcher), NodeChildrenChanged on `parent`. */
  nodeDeleted(path: string, parent: string): Array<WatchNotification<W>> {
    return [
      ...this.triggerData(path, EventType.NodeDeleted),
      ...this.triggerChild(path, EventType.NodeDeleted),
      ...this.triggerChild(parent, EventType.NodeChildrenChanged),
    ];
  }

  /** The events of a setData on `path`. */
  nodeDataChanged(path: string): Array<WatchNotification<W>> {
    return this.triggerData(path, EventType.NodeDataChanged);
  }

  /** Drops all watches of `watcher` (its connection closed). */
  removeWatcher(watcher: W): void {
    this.#data.removeWatcher(watcher);
    this.#child.removeWatcher(watcher);
    if (this.#lastDeleted?.watchers.has(watcher)) this.#lastDeleted = undefined;
  }

  /**
   * checkWatches(17): whether `watcher` holds a watch of `type` on `path`. Data/Children look at
   * their table whatever the mode (a persistent watch counts as both), Any at either.
   * Persistent(4) / PersistentRecursive(5) follow ZooKeeper 3.9 (an entry of that mode in either
   * table): the real 3.8.0 server answers MARSHALLINGERROR (−5) for them, so a 3.8-exact host
   * rejects those types before calling. Any other number: false.
   */
  checkWatches(path: string, type: WatcherType | number, watcher: W): boolean {
    switch (type) {
      case WatcherType.Data:
        return this.#data.modeOf(path, watcher) !== undefined;
      case WatcherType.Children:
        return this.#child.modeOf(path, watcher) !== undefined;
      case WatcherType.Any:
        return (
          this.#data.modeOf(path, watcher) !== undefined || this.#child.modeOf(path, watcher) !== undefined
        );
      case WatcherType.Persistent:
      case WatcherType.PersistentRecursive: {
        const mode = type === WatcherType.Persistent ? WatchMode.PERSISTENT : WatchMode.PERSISTENT_RECURSIVE;
        return this.#data.modeOf(path, watcher) === mode || this.#child.modeOf(path, watcher) === mode;
      }
      default:
        return false;
    }
  }

  /**
   * removeWatches(18): removes `watcher`'s watches of `type` on `path`; null when it held none (the
   * host answers NOWATCHER −121). Data removes the data-table entry and Children the child-table
   * entry whatever their mode (so removing Data from a persistent watch leaves it firing
   * NodeChildrenChanged), Any both. The server sends NO event for a removal (real 3.8.0: the
   * DataWatchRemoved/ChildWatchRemoved events are made by the client library), so a successful
   * call returns an empty list. Persistent(4) / PersistentRecursive(5): as in checkWatches. Any
   * other number: null (3.8.0 answers MARSHALLINGERROR for unknown types).
   */
  removeWatches(path: string, type: WatcherType | number, watcher: W): Array<WatchNotification<W>> | null {
    let removed = false;
    switch (type) {
      case WatcherType.Data:
        removed = this.#data.remove(path, watcher);
        break;
      case WatcherType.Children:
        removed = this.#child.remove(path, watcher);
        break;
      case WatcherType.Any:
        removed = this.#child.remove(path, watcher);
        removed = this.#data.remove(path, watcher) || removed;
        break;
      case WatcherType.Persistent:
      case WatcherType.PersistentRecursive: {
        const mode = type === WatcherType.Persistent ? WatchMode.PERSISTENT : WatchMode.PERSISTENT_RECURSIVE;
        for (const table of [this.#data, this.#child]) {
          if (table.modeOf(path, watcher) === mode) removed = table.remove(path, watcher) || removed;
        }
        break;
      }
      default:
        return null;
    }
    return removed ? [] : null;
  }

  /**
   * setWatches(101) / setWatches2(105) after a reconnect, against the current tree (`lookup`).
   * Data watch: NodeDeleted if the node is gone, NodeDataChanged if mzxid > relativeZxid, else
   * re-armed. Exist watch: NodeCreated if the node exists (whatever its zxids), else re-armed. Child
   * watch: NodeDeleted if gone, NodeChildrenChanged if pzxid > relativeZxid, else re-armed.
   * Persistent and recursive watches are simply re-added; changes missed while disconnected are not
   * replayed. Events come in that order (data, exist, child lists), without de-duplication: a path
   * listed as both a data and a child watch that is gone gets two NodeDeleted — all as the real
   * 3.8.0 server does.
   */
  resetWatches(
    request: SetWatchesRequest,
    lookup: (path: string) => NodeZxids,
    watcher: W,
  ): Array<WatchNotification<W>> {
    const events: Array<WatchNotification<W>> = [];
    const fire = (type: EventType, path: string) =>
      events.push({ watcher, event: { type, state: KeeperState.SyncConnected, path } });
    const { relativeZxid } = request;
    for (const path of request.dataWatches) {
      const node = lookup(path);
      if (!node) fire(EventType.NodeDeleted, path);
      else if (node.mzxid > relativeZxid) fire(EventType.NodeDataChanged, path);
      else this.addDataWatch(path, watcher);
    }
    for (const path of request.existWatches) {
      if (lookup(path)) fire(EventType.NodeCreated, path);
      else this.addDataWatch(path, watcher);
    }
    for (const path of request.childWatches) {
      const node = lookup(path);
      if (!node) fire(EventType.NodeDeleted, path);
      else if (node.pzxid > relativeZxid) fire(EventType.NodeChildrenChanged, path);
      else this.addChildWatch(path, watcher);
    }
    for (const path of request.persistentWatches) this.addPersistentWatch(path, watcher, false);
    for (const path of request.persistentRecursiveWatches) this.addPersistentWatch(path, watcher, true);
    return events;
  }

  // Introspection (mntr, wchs, wchc, wchp) ------------------------------------------------------

  /** zk_watch_count: entries in both tables (a persistent watch counts twice, as on 3.8.0). */
  get watchCount(): number {
    return this.#data.size + this.#child.size;
  }

  /** wchs: connections, paths and watches of the data table (3.8.0 leaves child watches out). */
  summary(): WatchesSummary {
    return { connections: this.#data.watcherCount, paths: this.#data.pathCount, watches: this.#data.size };
  }

  /** wchc: each watcher's data-watch paths (3.8.0 lists the data table only). */
  watchesByWatcher(): Map<W, readonly string[]> {
    return new Map(this.#data.byWatcher());
  }

  /** wchp: each data-watched path's watchers (3.8.0 lists the data table only). */
  watchesByPath(): Map<string, readonly W[]> {
    return new Map(this.#data.byPath());
  }

  /** Every path `watcher` watches in either table (e.g. for a client-side view or debugging). */
  pathsOf(watcher: W): { data: readonly string[]; child: readonly string[] } {
    return { data: this.#data.pathsOf(watcher), child: this.#child.pathsOf(watcher) };
  }
}
