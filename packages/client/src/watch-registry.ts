import { EventType } from '@zkts/core';
import type { WatchEventType } from './watch-event';
import { watchEventType } from './watch-event';

/** A one-shot watch set by exists / getData / getChildren. */
export interface OneShotWatcher {
  /** The server path and the event type; called at most once. */
  trigger(type: WatchEventType, serverPath: string): void;
  /** The watch can never fire (session expired, client closed). */
  cancel(error: Error): void;
}

/** A listener of a persistent or persistent-recursive watch (addWatch). */
export interface PersistentListener {
  event(type: WatchEventType, serverPath: string): void;
  /** The watch ended: removed (no error) or the session ended (error). */
  end(error?: Error): void;
}

export type OneShotKind = 'data' | 'exist' | 'child';
export type PersistentKind = 'persistent' | 'recursive';

/** Paths whose watches are re-registered with setWatches/setWatches2 after a reconnect. */
export interface WatchedPaths {
  data: string[];
  exist: string[];
  child: string[];
  persistent: string[];
  recursive: string[];
}

/**
 * The client's record of the watches the server holds for this session, keyed by server path.
 * `dispatch` decides which local watchers a notification reaches, with the Java client's rules:
 * created / data-changed reach data and exist watches; children-changed reaches child watches;
 * deleted reaches all three; persistent watches at the path see every event, recursive ones at
 * the path or an ancestor see all but children-changed. One-shot watches are consumed.
 */
export class WatchRegistry {
  private readonly oneShot: Record<OneShotKind, Map<string, Set<OneShotWatcher>>> = {
    data: new Map(),
    exist: new Map(),
    child: new Map(),
  };
  private readonly persistentListeners: Record<PersistentKind, Map<string, Set<PersistentListener>>> = {
    persistent: new Map(),
    recursive: new Map(),
  };

  addOneShot(kind: OneShotKind, serverPath: string, watcher: OneShotWatcher): void {
    addTo(this.oneShot[kind], serverPath, watcher);
  }

  /** Returns true when this is the first listener of that kind at the path. */
  addPersistent(kind: PersistentKind, serverPath: string, listener: PersistentListener): boolean {
    return addTo(this.persistentListeners[kind], serverPath, listener);
  }

  /** Returns true when no listener of that kind is left at the path (the server watch can go). */
  removePersistent(kind: PersistentKind, serverPath: string, listener: PersistentListener): boolean {
    const set = this.persistentListeners[kind].get(serverPath);
    if (!set) return true;
    set.delete(listener);
    if (set.size > 0) return false;
    this.persistentListeners[kind].delete(serverPath);
    return true;
  }

  /** Delivers a notification; returns how many watchers it reached. */
  dispatch(eventCode: number, serverPath: string): number {
    const type = watchEventType(eventCode);
    if (type === undefined) return 0;
    const oneShot: OneShotWatcher[] = [];
    const take = (kind: OneShotKind) => {
      const set = this.oneShot[kind].get(serverPath);
      if (!set) return;
      this.oneShot[kind].delete(serverPath);
      for (const watcher of set) oneShot.push(watcher);
    };
    switch (eventCode) {
      case EventType.NodeCreated:
      case EventType.NodeDataChanged:
        take('data');
        take('exist');
        break;
      case EventType.NodeChildrenChanged:
        take('child');
        break;
      case EventType.NodeDeleted:
        take('data');
        take('exist');
        take('child');
        break;
    }
    const listeners: PersistentListener[] = [...(this.persistentListeners.persistent.get(serverPath) ?? [])];
    if (eventCode !== EventType.NodeChildrenChanged) {
      for (let path: string | undefined = serverPath; path !== undefined; path = parentOf(path)) {
        for (const listener of this.persistentListeners.recursive.get(path) ?? []) listeners.push(listener);
      }
    }
    // A set collapses one watcher registered by several calls into one delivery.
    for (const watcher of new Set(oneShot)) watcher.trigger(type, serverPath);
    for (const listener of listeners) listener.event(type, serverPath);
    return oneShot.length + listeners.length;
  }

  /**
   * Takes out the one-shot watchers of `kinds` at the path (or only `watcher` among them) for a
   * removeWatches (all, or those `match` picks), without firing them. Returns what was removed and
   * whether any watcher of those kinds
   * remain there (so the server watch must stay).
   */
  takeOneShot(
    kinds: readonly OneShotKind[],
    serverPath: string,
    match?: (watcher: OneShotWatcher) => boolean,
  ): { removed: Map<OneShotKind, OneShotWatcher[]>; remaining: boolean } {
    const removed = new Map<OneShotKind, OneShotWatcher[]>();
    let remaining = false;
    for (const kind of kinds) {
      const set = this.oneShot[kind].get(serverPath);
      if (!set) continue;
      if (match) {
        const taken = [...set].filter(match);
        for (const watcher of taken) set.delete(watcher);
        if (taken.length > 0) removed.set(kind, taken);
        if (set.size === 0) this.oneShot[kind].delete(serverPath);
        else remaining = true;
      } else {
        removed.set(kind, [...set]);
        this.oneShot[kind].delete(serverPath);
      }
    }
    return { removed, remaining };
  }

  /** Takes out every persistent listener of `kind` at the path. */
  takePersistent(kind: PersistentKind, serverPath: string): PersistentListener[] {
    const set = this.persistentListeners[kind].get(serverPath);
    this.persistentListeners[kind].delete(serverPath);
    return set ? [...set] : [];
  }

  paths(): WatchedPaths {
    return {
      data: [...this.oneShot.data.keys()],
      exist: [...this.oneShot.exist.keys()],
      child: [...this.oneShot.child.keys()],
      persistent: [...this.persistentListeners.persistent.keys()],
      recursive: [...this.persistentListeners.recursive.keys()],
    };
  }

  /** The kinds of watch held at one path, in the shape of `paths()`. */
  pathsAt(serverPath: string): WatchedPaths {
    const at = (has: boolean) => (has ? [serverPath] : []);
    return {
      data: at(this.oneShot.data.has(serverPath)),
      exist: at(this.oneShot.exist.has(serverPath)),
      child: at(this.oneShot.child.has(serverPath)),
      persistent: at(this.persistentListeners.persistent.has(serverPath)),
      recursive: at(this.persistentListeners.recursive.has(serverPath)),
    };
  }

  get isEmpty(): boolean {
    return (
      this.oneShot.data.size === 0 &&
      this.oneShot.exist.size === 0 &&
      this.oneShot.child.size === 0 &&
      this.persistentListeners.persistent.size === 0 &&
      this.persistentListeners.recursive.size === 0
    );
  }

  /**
   * The session is lost: every watcher learns it and the registry empties. One-shot watches
   * fail with `error` (their promise must settle); persistent listeners end with it.
   */
  cancelAll(error: Error): void {
    for (const [watcher] of this.drainOneShot()) watcher.cancel(error);
    for (const listener of this.drainPersistent()) listener.end(error);
  }

  /**
   * The application closed the client: one-shot watches fire a 'closed' event (as the Java
   * client's watchers get KeeperState.Closed) and persistent listeners end without an error.
   */
  closeAll(): void {
    for (const [watcher, serverPath] of this.drainOneShot()) watcher.trigger('closed', serverPath);
    for (const listener of this.drainPersistent()) listener.end();
  }

  private drainOneShot(): Map<OneShotWatcher, string> {
    const watchers = new Map<OneShotWatcher, string>();
    for (const map of Object.values(this.oneShot)) {
      for (const [serverPath, set] of map) for (const watcher of set) watchers.set(watcher, serverPath);
      map.clear();
    }
    return watchers;
  }

  private drainPersistent(): Set<PersistentListener> {
    const listeners = new Set<PersistentListener>();
    for (const map of Object.values(this.persistentListeners)) {
      for (const set of map.values()) for (const listener of set) listeners.add(listener);
      map.clear();
    }
    return listeners;
  }
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): boolean {
  const set = map.get(key);
  if (set) {
    set.add(value);
    return false;
  }
  map.set(key, new Set([value]));
  return true;
}

function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
