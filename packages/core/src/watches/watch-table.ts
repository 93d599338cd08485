import { EventType } from '../constants';
import { WatchMode } from './watch-mode';

/** The parent of an absolute path ('/' for top-level nodes), or undefined for '/' itself. */
function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/**
 * One of the two watch tables of a ZooKeeper 3.8 server (its DataTree keeps one WatchManager for
 * data watches and one for child watches). Each (path, watcher) pair holds exactly ONE mode and the
 * latest registration replaces it — so on the real 3.8.0 server a getData watch set after a
 * persistent watch turns that persistent watch one-shot (ZOOKEEPER-4466, changed in 3.9).
 */
export class WatchTable<W> {
  readonly #byPath = new Map<string, Map<W, WatchMode>>();
  readonly #byWatcher = new Map<W, Set<string>>();
  #size = 0;
  /** Number of recursive entries: when 0, triggers skip the walk up the ancestors. */
  #recursive = 0;

  /** Number of (path, watcher) entries (what zk_watch_count adds up). */
  get size(): number {
    return this.#size;
  }

  add(path: string, watcher: W, mode: WatchMode): void {
    let watchers = this.#byPath.get(path);
    if (!watchers) {
      watchers = new Map();
      this.#byPath.set(path, watchers);
    }
    const previous = watchers.get(watcher);
    if (previous === undefined) {
      this.#size++;
      let paths = this.#byWatcher.get(watcher);
      if (!paths) {
        paths = new Set();
        this.#byWatcher.set(watcher, paths);
      }
      paths.add(path);
    } else if (previous === WatchMode.PERSISTENT_RECURSIVE) {
      this.#recursive--;
    }
    if (mode === WatchMode.PERSISTENT_RECURSIVE) this.#recursive++;
    watchers.set(watcher, mode);
  }

  modeOf(path: string, watcher: W): WatchMode | undefined {
    return this.#byPath.get(path)?.get(watcher);
  }

  /** Removes the watcher's entry on `path` if it has one (whatever its mode, as 3.8.0 does). */
  remove(path: string, watcher: W): boolean {
    const watchers = this.#byPath.get(path);
    const mode = watchers?.get(watcher);
    if (!watchers || mode === undefined) return false;
    this.#drop(path, watchers, watcher, mode);
    const paths = this.#byWatcher.get(watcher);
    paths?.delete(path);
    if (paths?.size === 0) this.#byWatcher.delete(watcher);
    return true;
  }

  /** Drops every entry of `watcher` (its connection closed). */
  removeWatcher(watcher: W): void {
    const paths = this.#byWatcher.get(watcher);
    if (!paths) return;
    for (const path of paths) {
      const watchers = this.#byPath.get(path);
      const mode = watchers?.get(watcher);
      if (watchers && mode !== undefined) this.#drop(path, watchers, watcher, mode);
    }
    this.#byWatcher.delete(watcher);
  }

  /**
   * The watchers an event of `type` on `path` reaches, each once, in registration order: every
   * entry on `path` itself (recursive ones except for NodeChildrenChanged) and the recursive entries
   * of its ancestors (again never for NodeChildrenChanged). One-shot entries on `path` are removed.
   */
  trigger(path: string, type: EventType): Set<W> {
    const matched = new Set<W>();
    const watchers = this.#byPath.get(path);
    if (watchers) {
      for (const [watcher, mode] of watchers) {
        if (mode === WatchMode.PERSISTENT_RECURSIVE && type === EventType.NodeChildrenChanged) continue;
        matched.add(watcher);
        if (mode === WatchMode.STANDARD) this.remove(path, watcher);
      }
    }
    if (this.#recursive > 0 && type !== EventType.NodeChildrenChanged) {
      for (let ancestor = parentOf(path); ancestor !== undefined; ancestor = parentOf(ancestor)) {
        const above = this.#byPath.get(ancestor);
        if (!above) continue;
        for (const [watcher, mode] of above)
          if (mode === WatchMode.PERSISTENT_RECURSIVE) matched.add(watcher);
      }
    }
    return matched;
  }

  /** Paths watched by `watcher`, in registration order. */
  pathsOf(watcher: W): readonly string[] {
    return [...(this.#byWatcher.get(watcher) ?? [])];
  }

  /** Every (path → watchers) entry, for introspection. */
  *byPath(): IterableIterator<[string, readonly W[]]> {
    for (const [path, watchers] of this.#byPath) yield [path, [...watchers.keys()]];
  }

  /** Every (watcher → paths) entry, for introspection. */
  *byWatcher(): IterableIterator<[W, readonly string[]]> {
    for (const [watcher, paths] of this.#byWatcher) yield [watcher, [...paths]];
  }

  get pathCount(): number {
    return this.#byPath.size;
  }

  get watcherCount(): number {
    return this.#byWatcher.size;
  }

  #drop(path: string, watchers: Map<W, WatchMode>, watcher: W, mode: WatchMode): void {
    watchers.delete(watcher);
    if (watchers.size === 0) this.#byPath.delete(path);
    if (mode === WatchMode.PERSISTENT_RECURSIVE) this.#recursive--;
    this.#size--;
  }
}
