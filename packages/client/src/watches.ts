import { AddWatchMode, ErrorCode, OpCode, WatcherType } from '@zkts/core';
import { describeValue } from './arguments';
import { AsyncQueue } from './async-queue';
import { MarshallingError, NoWatcherError } from './errors/error-classes';
import { type Chroot, validatePath } from './paths';
import type { Session } from './session';
import type { WatchEvent, WatchEventType } from './watch-event';
import type { OneShotKind, OneShotWatcher, PersistentKind, PersistentListener } from './watch-registry';

export type WatchCallback = (event: WatchEvent) => void;

/** `true` for a promise of the event, or a callback (the promise is returned as well). */
export type WatchOption = boolean | WatchCallback;

export type RemovableWatchType = 'data' | 'children' | 'any';
export type WatchTypeName = RemovableWatchType | 'persistent' | 'persistent-recursive';

export interface PersistentWatchOptions {
  /** Watch the whole subtree (PERSISTENT_RECURSIVE): created, deleted and data-changed of every descendant. */
  recursive?: boolean;
}

/** A persistent watch registered with a callback; `remove()` ends it on the server too. */
export interface WatchSubscription {
  readonly path: string;
  readonly recursive: boolean;
  remove(): Promise<void>;
}

/** A persistent watch as an async iterable; `break`, `close()` or the AbortSignal end it. */
export interface WatchStream extends AsyncIterableIterator<WatchEvent> {
  /** Settles once the server has registered the watch (rejects if it refused). */
  readonly ready: Promise<void>;
  /**
   * Ends the iteration and resolves once the server-side watch is removed. Also the way to
   * wait for that removal after a `break` or an abort.
   */
  close(): Promise<void>;
}

type TaggedWatcher = OneShotWatcher & { callback: WatchCallback | undefined };

const WATCHER_TYPE_CODE: Record<WatchTypeName, number> = {
  children: WatcherType.Children,
  data: WatcherType.Data,
  any: WatcherType.Any,
  persistent: WatcherType.Persistent,
  'persistent-recursive': WatcherType.PersistentRecursive,
};

const ONE_SHOT_KINDS: Record<WatchTypeName, OneShotKind[]> = {
  data: ['data', 'exist'],
  children: ['child'],
  any: ['data', 'exist', 'child'],
  persistent: [],
  'persistent-recursive': [],
};

const REMOVED_EVENT: Record<OneShotKind, WatchEventType> = {
  data: 'data-watch-removed',
  exist: 'data-watch-removed',
  child: 'child-watch-removed',
};

const noop = () => {};

/**
 * The client's watch API over the session's registry: one-shot watchers with their promises,
 * persistent watches (callback or async iterable), and their removal, which on ZooKeeper 3.8
 * needs a workaround (see sendRemoveWatches).
 */
export class Watches {
  /** Set once the server refused the persistent watcher types of removeWatches (ZooKeeper < 3.9). */
  private legacyWatchRemoval = false;

  constructor(
    private readonly session: Session,
    private readonly chroot: Chroot,
  ) {}

  /**
   * Registers a persistent watch (addWatch) and calls `listener` for each event until
   * `remove()`. With `recursive`, events of the whole subtree (never children-changed).
   */
  async addWatch(
    path: string,
    listener: WatchCallback,
    options: PersistentWatchOptions & { onEnd?: (error?: Error) => void } = {},
  ): Promise<WatchSubscription> {
    validatePath(path);
    const recursive = options.recursive === true;
    const kind: PersistentKind = recursive ? 'recursive' : 'persistent';
    const serverPath = this.chroot.toServer(path);
    let ended = false;
    const entry: PersistentListener = {
      event: (type, eventPath) => listener({ type, path: this.chroot.toClient(eventPath) }),
      end: (error) => {
        if (ended) return;
        ended = true;
        options.onEnd?.(error);
      },
    };
    await this.session.submit(
      {
        type: OpCode.addWatch,
        path: serverPath,
        mode: recursive ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT,
      },
      { path, onSuccess: () => this.session.registry.addPersistent(kind, serverPath, entry) },
    );
    let removal: Promise<void> | undefined;
    const removeFromServer = async () => {
      if (ended) return;
      const last = this.session.registry.removePersistent(kind, serverPath, entry);
      entry.end();
      if (last && !this.session.terminal) {
        await this.sendRemoveWatches(
          path,
          serverPath,
          recursive ? 'persistent-recursive' : 'persistent',
          true,
        ).catch(noop);
      }
    };
    return {
      path,
      recursive,
      // Memoised: every caller waits for the same server round trip.
      remove: () => {
        removal ??= removeFromServer();
        return removal;
      },
    };
  }

  /**
   * A persistent (or, with `recursive`, persistent-recursive) watch as an async iterable:
   * `for await (const event of client.watch('/app', { recursive: true, signal }))`. Leaving the
   * loop or aborting `signal` removes the watch from the server. The iterable throws if the
   * session expires.
   */
  watch(path: string, options: PersistentWatchOptions & { signal?: AbortSignal } = {}): WatchStream {
    const { signal } = options;
    let subscription: Promise<WatchSubscription> | undefined;
    let removal: Promise<void> | undefined;
    const remove = () => {
      removal ??= subscription ? subscription.then((s) => s.remove()).catch(noop) : Promise.resolve();
      return removal;
    };
    const queue = new AsyncQueue<WatchEvent>(() => {
      signal?.removeEventListener('abort', onAbort);
      void remove();
    });
    const onAbort = () => void queue.return();
    if (signal?.aborted) {
      queue.end();
      return Object.assign(queue, { ready: Promise.resolve(), close: async () => {} });
    }
    subscription = this.addWatch(path, (event) => queue.push(event), {
      recursive: options.recursive === true,
      onEnd: (error) => (error ? queue.fail(error) : queue.end()),
    });
    subscription.catch((error) => queue.fail(error));
    signal?.addEventListener('abort', onAbort, { once: true });
    const ready = subscription.then(noop);
    ready.catch(noop);
    return Object.assign(queue, {
      ready,
      close: async () => {
        await queue.return();
        await remove();
      },
    });
  }

  /**
   * Removes the one-shot watches that `watcher` (a callback given as `watch`) set at `path`.
   * Their promises resolve with a data-watch-removed / child-watch-removed event. With `local`,
   * the server is not asked (for when it cannot be reached). Rejects with NoWatcherError when
   * `watcher` has no such watch here.
   */
  removeWatches(
    path: string,
    watcher: WatchCallback,
    type: RemovableWatchType = 'any',
    options: { local?: boolean } = {},
  ): Promise<void> {
    return this.removeOneShotWatches(
      path,
      type,
      options.local === true,
      (w) => (w as TaggedWatcher).callback === watcher,
    );
  }

  /** Removes every watch of `type` at `path`: one-shot kinds, or persistent / persistent-recursive ones. */
  async removeAllWatches(
    path: string,
    type: WatchTypeName,
    options: { local?: boolean } = {},
  ): Promise<void> {
    validatePath(path);
    const serverPath = this.chroot.toServer(path);
    const registry = this.session.registry;
    if (type === 'persistent' || type === 'persistent-recursive') {
      const listeners = registry.takePersistent(
        type === 'persistent' ? 'persistent' : 'recursive',
        serverPath,
      );
      if (listeners.length === 0) throw new NoWatcherError(undefined, { path });
      if (!options.local) await this.sendRemoveWatches(path, serverPath, type, true);
      for (const listener of listeners) listener.end();
      return;
    }
    const persistent =
      type === 'any'
        ? [
            ...registry.takePersistent('persistent', serverPath),
            ...registry.takePersistent('recursive', serverPath),
          ]
        : [];
    await this.removeOneShotWatches(path, type, options.local === true, undefined, persistent.length > 0);
    for (const listener of persistent) listener.end();
  }

  private async removeOneShotWatches(
    path: string,
    type: RemovableWatchType,
    local: boolean,
    match: ((watcher: OneShotWatcher) => boolean) | undefined,
    alsoPersistent = false,
  ): Promise<void> {
    validatePath(path);
    const serverPath = this.chroot.toServer(path);
    const { removed, remaining } = this.session.registry.takeOneShot(ONE_SHOT_KINDS[type], serverPath, match);
    if (removed.size === 0 && !alsoPersistent) throw new NoWatcherError(undefined, { path });
    if (!local && !remaining) await this.sendRemoveWatches(path, serverPath, type, true);
    for (const [kind, watchers] of removed) {
      for (const watcher of watchers) watcher.trigger(REMOVED_EVENT[kind], serverPath);
    }
  }

  /**
   * Asks the server to drop the session's watches of `type` at the path, then re-arms what this
   * client still holds there. ZooKeeper 3.8 has no wire form for the persistent watcher types
   * (it answers MARSHALLINGERROR; 3.9 accepts them) and its Data/Any removal also drops the
   * persistent watches of the path, so removal there is Any followed by a setWatches of the
   * survivors (which also fires them if the node changed after our last seen zxid, as a
   * re-registration after reconnect would).
   */
  private async sendRemoveWatches(
    path: string,
    serverPath: string,
    type: WatchTypeName,
    tolerateMissing: boolean,
  ) {
    const options = { path, okCode: tolerateMissing ? ErrorCode.NOWATCHER : undefined };
    const persistentType = type === 'persistent' || type === 'persistent-recursive';
    if (persistentType && !this.legacyWatchRemoval) {
      try {
        await this.session.submit(
          { type: OpCode.removeWatches, path: serverPath, watcherType: WATCHER_TYPE_CODE[type] },
          options,
        );
        return;
      } catch (error) {
        if (!MarshallingError.isInstance(error)) throw error;
        this.legacyWatchRemoval = true;
      }
    }
    await this.session.submit(
      {
        type: OpCode.removeWatches,
        path: serverPath,
        watcherType: persistentType ? WatcherType.Any : WATCHER_TYPE_CODE[type],
      },
      options,
    );
    this.session.rearmWatches(serverPath);
  }

  /** A one-shot watcher and the promise it settles; the promise never counts as unhandled. */
  oneShot(option: WatchOption): { watcher: TaggedWatcher; promise: Promise<WatchEvent> } {
    if (typeof option !== 'boolean' && typeof option !== 'function') {
      throw new TypeError(`watch must be true or a callback; got ${describeValue(option)}`);
    }
    const callback = typeof option === 'function' ? option : undefined;
    let resolve!: (event: WatchEvent) => void;
    let reject!: (error: Error) => void;
    const raw = new Promise<WatchEvent>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // One `.then`, like every reply, so events and replies settle in the order they arrived.
    const promise = raw.then((event) => event);
    promise.catch(noop);
    let done = false;
    const watcher: TaggedWatcher = {
      callback,
      trigger: (type, serverPath) => {
        if (done) return;
        done = true;
        const event = { type, path: this.chroot.toClient(serverPath) };
        resolve(event);
        callback?.(event);
      },
      cancel: (error) => {
        if (done) return;
        done = true;
        reject(error);
      },
    };
    return { watcher, promise };
  }
}
