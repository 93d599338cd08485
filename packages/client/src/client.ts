import type { ACL, ClientInfo, ClientResponse, CreateMode, MultiOp, Stat } from '@zkts/core';
import { ErrorCode, OpCode } from '@zkts/core';
import { EventEmitter } from 'eventemitter3';
import { checkOptions, describeValue, expectedVersion } from './arguments';
import { AsyncQueue } from './async-queue';
import { type ClientLogger, defaultClientLogger } from './client-logger';
import { type ClientOptions, parseClientOptions, type RetryPolicy } from './client-options';
import { parseConnectString } from './connect-string';
import { type ConnectionState, isConnected, isTerminal } from './connection-state';
import { buildCreateRequest, type CreateModeName } from './create-mode';
import { type Data, toBytes } from './data';
import { detach } from './detach';
import { type Environment, systemEnvironment } from './environment';
import { ClientClosedError } from './errors/client-closed-error';
import { ConnectionLossError, NoNodeError } from './errors/error-classes';
import { KeepAlive } from './keep-alive';
import { explainMissingParent } from './missing-parent';
import { Chroot, validatePath } from './paths';
import type { SubmitOptions } from './request-entry';
import { Session } from './session';
import { tcpTransport, tlsTransport } from './tcp-transport';
import { Transaction } from './transaction';
import { createAncestors, deleteAll, ensurePath, put, type TreeOptions } from './tree-operations';
import { explainTtlDisabled } from './ttl-disabled';
import type { WatchEvent } from './watch-event';
import type { OneShotKind, OneShotWatcher } from './watch-registry';
import {
  type PersistentWatchOptions,
  type RemovableWatchType,
  type WatchCallback,
  Watches,
  type WatchOption,
  type WatchStream,
  type WatchSubscription,
  type WatchTypeName,
} from './watches';

export interface CreateOptions {
  /** Default 'persistent'. */
  mode?: CreateModeName | CreateMode;
  /** Default OPEN_ACL_UNSAFE. */
  acl?: readonly ACL[];
  /** Milliseconds, for the persistent-with-ttl modes (the server needs extendedTypesEnabled). */
  ttl?: number;
  /** Resolve to `{ path, stat }` (create2) instead of the path. */
  stat?: boolean;
  /** Create missing ancestors first, as empty persistent nodes with the same ACL. */
  parents?: boolean;
  /** Stop waiting (see CallOptions). */
  signal?: AbortSignal;
}

export interface CallOptions {
  /**
   * Stop waiting for this operation: a request not sent yet (the client is reconnecting) is
   * dropped; one already sent may still be applied by the server, its reply is then ignored.
   * The promise rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

export interface ReadOptions extends CallOptions {
  /** This call's retry policy for a connection loss, instead of the client's `retry`. */
  retry?: RetryPolicy;
}

export interface VersionOption extends CallOptions {
  /** Expected version; −1 (default) matches any. */
  version?: number;
}

export interface DeleteOptions extends VersionOption {
  /** Delete the whole subtree, leaves first, in multi batches (deleteAll). */
  recursive?: boolean;
  /** Retry in the background after a connection loss until the node is gone (Curator's guaranteed()). */
  guaranteed?: boolean;
}

export interface ClientEvents {
  /** Every state change, with the state before it. */
  state: [state: ConnectionState, previous: ConnectionState];
  connected: [state: Extract<ConnectionState, { type: 'connected' | 'connected-read-only' }>];
  disconnected: [state: Extract<ConnectionState, { type: 'disconnected' }>];
  expired: [state: Extract<ConnectionState, { type: 'expired' }>];
  'auth-failed': [state: Extract<ConnectionState, { type: 'auth-failed' }>];
  closed: [];
}

/** A read's result with its one-shot watch, as `exists`/`getData`/`getChildren` resolve it given `watch`. */
export type Watched<T> = T & { watch: Promise<WatchEvent> };

const noop = () => {};
/** The options every read takes (ReadOptions). */
const READ_OPTIONS = ['signal', 'retry'] as const;
const utf8Decoder = new TextDecoder();

/**
 * Creates a client and starts connecting. `connectString` is `host:port[,host:port...][/chroot]`.
 * Await `client.connected()` before the first call, or just call: requests wait for the session.
 */
export function createClient(connectString: string, options: ClientOptions = {}): ZooKeeperClient {
  return new ZooKeeperClient(connectString, options);
}

/** A ZooKeeper 3.8 session: every operation as a promise, watches as promises and async iterables. */
export class ZooKeeperClient extends EventEmitter<ClientEvents> {
  private readonly session: Session;
  private readonly chroot: Chroot;
  private readonly retry: RetryPolicy;
  private readonly env: Environment;
  private readonly watches: Watches;
  private readonly keepAlive: KeepAlive;
  private readonly logger: ClientLogger | undefined;

  constructor(connectString: string, options: ClientOptions = {}) {
    super();
    const target = parseConnectString(connectString);
    const parsed = parseClientOptions(options);
    this.chroot = new Chroot(target.chroot);
    this.retry = parsed.retry;
    this.env = { ...systemEnvironment, ...(options.environment ?? {}) };
    this.logger = parsed.logger ?? defaultClientLogger();
    const logger = this.logger;
    this.session = new Session(
      {
        servers: target.servers,
        sessionTimeout: parsed.sessionTimeout,
        connectTimeout:
          parsed.connectTimeout ?? Math.max(1, Math.floor(parsed.sessionTimeout / target.servers.length)),
        readOnly: parsed.readOnly,
        authInfo: parsed.authInfo.map(({ scheme, auth }) => ({ scheme, auth: toBytes(auth) })),
        transport:
          options.transport ??
          (parsed.tls !== undefined || parsed.secure ? tlsTransport(parsed.tls ?? {}) : tcpTransport),
        env: this.env,
        maxPacketLength: parsed.maxPacketLength,
        reconnectDelay: parsed.reconnectDelay,
        autoWatchReset: parsed.autoWatchReset,
        resume: parsed.session
          ? { sessionId: parsed.session.id, password: parsed.session.password }
          : undefined,
        trace: logger ? (message) => logger.debug(message) : undefined,
        sasl: parsed.sasl,
      },
      (state, previous) => this.announce(state, previous),
    );
    this.watches = new Watches(this.session, this.chroot);
    this.keepAlive = new KeepAlive(!parsed.unref);
    this.session.start();
  }

  // ---- session ----

  get state(): ConnectionState {
    return this.session.state;
  }

  /** The session id (0n until the first handshake). */
  get sessionId(): bigint {
    return this.session.sessionId;
  }

  get sessionPassword(): Uint8Array {
    return this.session.password;
  }

  /** The negotiated session timeout, ms (0 until the first handshake). */
  get sessionTimeout(): number {
    return this.session.negotiatedTimeout;
  }

  /** The highest zxid this session has seen in a reply. */
  get lastZxid(): number {
    return this.session.lastZxid;
  }

  /**
   * The clock, timers and random source this client runs on (the `environment` option, or the
   * system's): code built on the client (recipes) takes its time from here, so a test's manual
   * clock drives it too.
   */
  get environment(): Environment {
    return this.env;
  }

  /** The chroot ('' for none). */
  get chrootPath(): string {
    return this.chroot.prefix;
  }

  /** Resolves when connected (now, or later); rejects if the session ends first or `signal` aborts. */
  connected(options: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      const check = (state: ConnectionState) => {
        if (isConnected(state)) finish(resolve);
        else if (isTerminal(state)) finish(() => reject(terminalError(state)));
      };
      const onAbort = () => finish(() => reject(signal?.reason ?? new Error('aborted')));
      const finish = (settle: () => void) => {
        this.off('state', check);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      if (signal?.aborted) return onAbort();
      this.on('state', check);
      signal?.addEventListener('abort', onAbort, { once: true });
      check(this.state);
    });
  }

  /**
   * The current state, then every change, as an async iterable; it ends after a terminal state
   * (`expired`, `auth-failed`, `closed`).
   */
  status(): AsyncIterableIterator<ConnectionState> {
    const listener = (state: ConnectionState) => {
      queue.push(state);
      if (isTerminal(state)) {
        this.off('state', listener);
        queue.end();
      }
    };
    const queue = new AsyncQueue<ConnectionState>(() => this.off('state', listener));
    queue.push(this.state);
    if (isTerminal(this.state)) queue.end();
    else this.on('state', listener);
    return queue;
  }

  /**
   * Replaces the server list, e.g. after a reconfig (`host:port,...`; a chroot suffix must be
   * the same as the client's). Moves the session only if its server left the list.
   */
  updateServerList(connectString: string): void {
    const target = parseConnectString(connectString);
    if (target.chroot !== '' && target.chroot !== this.chroot.prefix) {
      throw new TypeError(
        `updateServerList cannot change the chroot (${this.chroot.prefix || '/'} → ${target.chroot})`,
      );
    }
    this.session.updateServers(target.servers);
  }

  /** Closes the session (its ephemerals go at once) and the connection. */
  close(): Promise<void> {
    return this.session.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Adds credentials (e.g. `addAuthInfo('digest', 'user:password')`), re-sent on every reconnect. */
  addAuthInfo(scheme: string, auth: Data): Promise<void> {
    return this.session.addAuth({ scheme, auth: toBytes(auth) });
  }

  // ---- writes ----
  //
  // Every operation settles its promise exactly one step after its reply is read (a single
  // `.then` on the request), so replies the server sent in order settle in that order for the
  // application too, whatever mix of operations was in flight.

  create(path: string, data?: Data | null, options?: CreateOptions & { stat?: false }): Promise<string>;
  create(
    path: string,
    data: Data | null,
    options: CreateOptions & { stat: true },
  ): Promise<{ path: string; stat: Stat }>;
  create(
    path: string,
    data?: Data | null,
    options: CreateOptions = {},
  ): Promise<string | { path: string; stat: Stat }> {
    if (options?.parents !== true) return this.createOnce(path, data, options);
    // Curator's creatingParentsIfNeeded: only when the parent is missing, create the ancestors and retry
    return this.createOnce(path, data, options).catch(async (error: unknown) => {
      if (!NoNodeError.isInstance(error)) throw error; // a missing chroot: no ancestors to create, fails again
      await createAncestors(this, path, options);
      return this.createOnce(path, data, options);
    });
  }

  /** `path` and any missing ancestors, as empty persistent nodes; resolves at once if it exists (kazoo's ensure_path). */
  ensurePath(path: string, options: TreeOptions = {}): Promise<void> {
    return guard(() => {
      validatePath(path);
      checkOptions('ensurePath', options, '{ acl }', ['acl', 'signal']);
      return ensurePath(this, path, options);
    });
  }

  /**
   * Create-or-set: writes `data` to `path`, creating the node (persistent; with `parents`, its
   * ancestors too) if it does not exist. Resolves to the Stat after the write.
   */
  put(path: string, data: Data | null, options: TreeOptions & { parents?: boolean } = {}): Promise<Stat> {
    return guard(() => {
      validatePath(path);
      checkOptions('put', options, '{ parents: true }', ['acl', 'signal', 'parents']);
      toBytes(data); // refuse bad data before any request
      return put(this, path, data, options);
    });
  }

  /** Deletes `path` and its whole subtree, leaves first, in multi batches (ZKUtil.deleteRecursive). */
  deleteAll(path: string, options: VersionOption = {}): Promise<void> {
    return this.delete(path, { ...options, recursive: true });
  }

  private createOnce(
    path: string,
    data: Data | null | undefined,
    options: CreateOptions,
  ): Promise<string | { path: string; stat: Stat }> {
    return guard(() => {
      const request = buildCreateRequest(path, data, options, this.chroot);
      return this.session.submit(request, { path, signal: options.signal }).then(
        (response) => {
          if (!response || !('path' in response)) throw protocolGap('create', path);
          const created = this.chroot.toClient(response.path);
          if (!options.stat) return created;
          if (!('stat' in response)) throw protocolGap('create2', path);
          return { path: created, stat: response.stat };
        },
        (error: unknown) => {
          throw explainTtlDisabled(explainMissingParent(error, this.chroot, path), request.type);
        },
      );
    });
  }

  /**
   * `options` is `{ version }` or the version itself; −1 (default) deletes any version. With
   * `recursive`, the whole subtree goes too (see deleteAll). With `guaranteed` (Curator's), a
   * delete that fails with a connection loss is retried in the background, after each reconnect,
   * until it succeeds or the node is gone (the call still rejects, so the caller knows).
   */
  delete(path: string, options: DeleteOptions | number = {}): Promise<void> {
    return guard(() => {
      validatePath(path);
      const version = expectedVersion('delete', options, ['version', 'signal', 'recursive', 'guaranteed']);
      const { recursive = false, guaranteed = false } = typeof options === 'number' ? {} : options;
      const attempt = () =>
        recursive
          ? deleteAll(this, path, version, { signal: signalOf(options) })
          : this.session
              .submit(
                { type: OpCode.delete, path: this.chroot.toServer(path), version },
                { path, signal: signalOf(options) },
              )
              .then(noop);
      const deleting = attempt();
      if (guaranteed) {
        deleting.catch((error: unknown) => {
          if (ConnectionLossError.isInstance(error)) void this.retryUntilDeleted(attempt);
        });
      }
      return deleting;
    });
  }

  /** `options` is `{ version }` or the version itself; −1 (default) matches any version. */
  setData(path: string, data: Data | null, options: VersionOption | number = {}): Promise<Stat> {
    return guard(() => {
      validatePath(path);
      const version = expectedVersion('setData', options, ['version', 'signal']);
      return this.session
        .submit(
          {
            type: OpCode.setData,
            path: this.chroot.toServer(path),
            data: toBytes(data),
            version,
          },
          { path, signal: signalOf(options) },
        )
        .then((response) => statOf(response, 'setData', path));
    });
  }

  /** `options` is `{ version }` (the ACL version, `aversion`) or the version itself. */
  setACL(path: string, acl: readonly ACL[], options: VersionOption | number = {}): Promise<Stat> {
    return guard(() => {
      validatePath(path);
      if (!Array.isArray(acl))
        throw new TypeError(`setACL: acl must be an array of ACL entries; got ${describeValue(acl)}`);
      const version = expectedVersion('setACL', options, ['version', 'signal']);
      return this.session
        .submit(
          {
            type: OpCode.setACL,
            path: this.chroot.toServer(path),
            acl: [...acl],
            version,
          },
          { path, signal: signalOf(options) },
        )
        .then((response) => statOf(response, 'setACL', path));
    });
  }

  /** Starts a multi; see Transaction. */
  transaction(): Transaction {
    return new Transaction(this.chroot, (type, ops: MultiOp[], path, signal) =>
      this.session.submit(
        { type, ops },
        { path, ...(type === OpCode.multiRead ? this.retryFor({}) : { retries: 0 }), signal },
      ),
    );
  }

  // ---- reads (re-sent after a connection loss as the retry policy allows) ----

  /**
   * `{ stat }`, with `stat` null when the node does not exist; with a watch, also `watch` (set
   * either way: it fires on creation, or on change/deletion).
   */
  exists(path: string, options?: ReadOptions & { watch?: false }): Promise<{ stat: Stat | null }>;
  exists(
    path: string,
    options: ReadOptions & { watch: true | WatchCallback },
  ): Promise<Watched<{ stat: Stat | null }>>;
  exists(
    path: string,
    options: ReadOptions & { watch?: WatchOption } = {},
  ): Promise<{ stat: Stat | null; watch?: Promise<WatchEvent> }> {
    return guard(() => {
      validatePath(path);
      checkOptions('exists', options, '{ watch: true }', ['watch', ...READ_OPTIONS]);
      const serverPath = this.chroot.toServer(path);
      const watch = options.watch ? this.watches.oneShot(options.watch) : undefined;
      return this.session
        .submit(
          { type: OpCode.exists, path: serverPath, watch: watch !== undefined },
          {
            path,
            okCode: ErrorCode.NONODE,
            ...this.retryFor(options),
            signal: options.signal,
            onSuccess: watch
              ? (err) =>
                  this.session.registry.addOneShot(
                    err === ErrorCode.OK ? 'data' : 'exist',
                    serverPath,
                    watch.watcher,
                  )
              : undefined,
          },
        )
        .then((response) => {
          const stat = response && 'stat' in response ? response.stat : null;
          return watch ? { stat, watch: watch.promise } : { stat };
        });
    });
  }

  getData(
    path: string,
    options?: ReadOptions & { watch?: false; encoding?: undefined },
  ): Promise<{ data: Uint8Array; stat: Stat }>;
  getData(
    path: string,
    options: ReadOptions & { watch?: false; encoding: 'utf8' },
  ): Promise<{ data: string; stat: Stat }>;
  getData(
    path: string,
    options: ReadOptions & { watch: true | WatchCallback; encoding?: undefined },
  ): Promise<Watched<{ data: Uint8Array; stat: Stat }>>;
  getData(
    path: string,
    options: ReadOptions & { watch: true | WatchCallback; encoding: 'utf8' },
  ): Promise<Watched<{ data: string; stat: Stat }>>;
  /** With `encoding: 'utf8'`, `data` is the node's data decoded as a string. */
  getData(
    path: string,
    options: ReadOptions & { watch?: WatchOption; encoding?: 'utf8' | undefined } = {},
  ): Promise<{ data: Uint8Array | string; stat: Stat; watch?: Promise<WatchEvent> }> {
    return guard(() => {
      validatePath(path);
      checkOptions('getData', options, '{ watch: true }', ['watch', 'encoding', ...READ_OPTIONS]);
      if (options.encoding !== undefined && options.encoding !== 'utf8') {
        throw new TypeError(`getData: the only encoding is 'utf8'; got ${describeValue(options.encoding)}`);
      }
      return this.getDataAt(
        this.chroot.toServer(path),
        path,
        options.watch,
        options.encoding === 'utf8',
        options,
      );
    });
  }

  getChildren(
    path: string,
    options?: ReadOptions & { watch?: false },
  ): Promise<{ children: string[]; stat: Stat }>;
  getChildren(
    path: string,
    options: ReadOptions & { watch: true | WatchCallback },
  ): Promise<Watched<{ children: string[]; stat: Stat }>>;
  getChildren(
    path: string,
    options: ReadOptions & { watch?: WatchOption } = {},
  ): Promise<{ children: string[]; stat: Stat; watch?: Promise<WatchEvent> }> {
    return guard(() => {
      validatePath(path);
      checkOptions('getChildren', options, '{ watch: true }', ['watch', ...READ_OPTIONS]);
      const serverPath = this.chroot.toServer(path);
      const watch = options.watch ? this.watches.oneShot(options.watch) : undefined;
      return this.session
        .submit(
          { type: OpCode.getChildren2, path: serverPath, watch: watch !== undefined },
          this.readOptions(path, serverPath, 'child', watch?.watcher, options),
        )
        .then((response) => {
          if (response?.type !== OpCode.getChildren2) throw protocolGap('getChildren2', path);
          const result = { children: response.children, stat: response.stat };
          return watch ? { ...result, watch: watch.promise } : result;
        });
    });
  }

  getACL(path: string, options: ReadOptions = {}): Promise<{ acl: ACL[]; stat: Stat }> {
    return guard(() => {
      validatePath(path);
      checkOptions('getACL', options, '{ signal }', READ_OPTIONS);
      return this.session
        .submit(
          { type: OpCode.getACL, path: this.chroot.toServer(path) },
          { path, ...this.retryFor(options), signal: options.signal },
        )
        .then((response) => {
          if (response?.type !== OpCode.getACL) throw protocolGap('getACL', path);
          return { acl: response.acl, stat: response.stat };
        });
    });
  }

  /** Makes the connected server catch up with the leader, so a following read sees every write committed before. */
  sync(path = '/', options: CallOptions = {}): Promise<void> {
    return guard(() => {
      validatePath(path);
      checkOptions('sync', options, '{ signal }', ['signal']);
      return this.session
        .submit({ type: OpCode.sync, path: this.chroot.toServer(path) }, { path, signal: options.signal })
        .then(noop);
    });
  }

  /** The session's ephemeral nodes whose path starts with `prefix` (chroot stripped). */
  getEphemerals(prefix = '/', options: ReadOptions = {}): Promise<string[]> {
    return guard(() => {
      checkOptions('getEphemerals', options, '{ signal }', READ_OPTIONS);
      return this.session
        .submit(
          { type: OpCode.getEphemerals, prefixPath: this.chroot.toServer(prefix) },
          { path: prefix, ...this.retryFor(options), signal: options.signal },
        )
        .then((response) => {
          if (response?.type !== OpCode.getEphemerals) throw protocolGap('getEphemerals', prefix);
          return response.ephemerals.map((p) => this.chroot.toClient(p));
        });
    });
  }

  /** The number of descendants of `path` (not counting itself). */
  getAllChildrenNumber(path: string, options: ReadOptions = {}): Promise<number> {
    return guard(() => {
      validatePath(path);
      checkOptions('getAllChildrenNumber', options, '{ signal }', READ_OPTIONS);
      return this.session
        .submit(
          { type: OpCode.getAllChildrenNumber, path: this.chroot.toServer(path) },
          { path, ...this.retryFor(options), signal: options.signal },
        )
        .then((response) => {
          if (response?.type !== OpCode.getAllChildrenNumber) throw protocolGap('getAllChildrenNumber', path);
          return response.totalNumber;
        });
    });
  }

  /** The identities this session is authenticated as (e.g. `{ authScheme: 'ip', user: '127.0.0.1' }`). */
  whoAmI(options: ReadOptions = {}): Promise<ClientInfo[]> {
    return guard(() => {
      checkOptions('whoAmI', options, '{ signal }', READ_OPTIONS);
      const submitted = { ...this.retryFor(options), signal: options.signal };
      return this.session.submit({ type: OpCode.whoAmI }, submitted).then((response) => {
        if (response?.type !== OpCode.whoAmI) throw protocolGap('whoAmI', undefined);
        return response.clientInfo;
      });
    });
  }

  /** The ensemble configuration (`/zookeeper/config`, outside any chroot). */
  getConfig(options?: { watch?: false }): Promise<{ data: Uint8Array; stat: Stat }>;
  getConfig(options: { watch: true | WatchCallback }): Promise<Watched<{ data: Uint8Array; stat: Stat }>>;
  getConfig(
    options: { watch?: WatchOption } = {},
  ): Promise<{ data: Uint8Array; stat: Stat; watch?: Promise<WatchEvent> }> {
    return this.getDataAt('/zookeeper/config', '/zookeeper/config', options.watch);
  }

  /**
   * Changes the ensemble's membership (ZooKeeperAdmin.reconfigure): incremental with
   * `joining` / `leaving` (comma-separated `server.N=host:port:port;clientPort` / ids), or
   * non-incremental with `members`. `fromConfig` makes it conditional on the current config
   * version (−1 = any). Needs `reconfigEnabled` and a session with the right to write
   * /zookeeper/config. Resolves to the new configuration.
   */
  reconfig(options: {
    joining?: string;
    leaving?: string;
    members?: string;
    fromConfig?: number;
  }): Promise<{ data: Uint8Array; stat: Stat }> {
    return this.session
      .submit(
        {
          type: OpCode.reconfig,
          joiningServers: options.joining ?? null,
          leavingServers: options.leaving ?? null,
          newMembers: options.members ?? null,
          curConfigId: options.fromConfig ?? -1,
        },
        { path: '/zookeeper/config' },
      )
      .then((response) => {
        if (response?.type !== OpCode.reconfig) throw protocolGap('reconfig', '/zookeeper/config');
        return { data: detach(response.data), stat: response.stat };
      });
  }

  // ---- watches ----

  /**
   * Registers a persistent watch (addWatch) and calls `listener` for each event until
   * `remove()`. With `recursive`, events of the whole subtree (never children-changed).
   */
  addWatch(
    path: string,
    listener: WatchCallback,
    options: PersistentWatchOptions & { onEnd?: (error?: Error) => void } = {},
  ): Promise<WatchSubscription> {
    return this.watches.addWatch(path, listener, options);
  }

  /**
   * A persistent (or, with `recursive`, persistent-recursive) watch as an async iterable:
   * `for await (const event of client.watch('/app', { recursive: true, signal }))`. Leaving the
   * loop or aborting `signal` removes the watch from the server. The iterable throws if the
   * session expires and ends quietly when the client is closed.
   */
  watch(path: string, options: PersistentWatchOptions & { signal?: AbortSignal } = {}): WatchStream {
    return this.watches.watch(path, options);
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
    return this.watches.removeWatches(path, watcher, type, options);
  }

  /** Removes every watch of `type` at `path`: one-shot kinds, or persistent / persistent-recursive ones. */
  removeAllWatches(path: string, type: WatchTypeName, options: { local?: boolean } = {}): Promise<void> {
    return this.watches.removeAllWatches(path, type, options);
  }

  // ---- internals ----

  /** Guaranteed delete: after each reconnect, delete again until done, the node is gone or the client ends. */
  private async retryUntilDeleted(attempt: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await this.connected();
      } catch {
        return; // closed or expired: an expired session's ephemerals are gone anyway
      }
      try {
        await attempt();
        return;
      } catch (error) {
        if (NoNodeError.isInstance(error)) return;
        if (!ConnectionLossError.isInstance(error)) return;
      }
    }
  }

  private getDataAt(
    serverPath: string,
    path: string,
    watchOption: WatchOption | undefined,
    utf8?: false,
    options?: ReadOptions,
  ): Promise<{ data: Uint8Array; stat: Stat; watch?: Promise<WatchEvent> }>;
  private getDataAt(
    serverPath: string,
    path: string,
    watchOption: WatchOption | undefined,
    utf8: boolean,
    options?: ReadOptions,
  ): Promise<{ data: Uint8Array | string; stat: Stat; watch?: Promise<WatchEvent> }>;
  private getDataAt(
    serverPath: string,
    path: string,
    watchOption: WatchOption | undefined,
    utf8 = false,
    options: ReadOptions = {},
  ): Promise<{ data: Uint8Array | string; stat: Stat; watch?: Promise<WatchEvent> }> {
    const watch = watchOption ? this.watches.oneShot(watchOption) : undefined;
    return this.session
      .submit(
        { type: OpCode.getData, path: serverPath, watch: watch !== undefined },
        this.readOptions(path, serverPath, 'data', watch?.watcher, options),
      )
      .then((response) => {
        if (response?.type !== OpCode.getData) throw protocolGap('getData', path);
        // decoded in the same step as the reply, so settling order across operations holds
        const data = utf8 ? utf8Decoder.decode(response.data) : detach(response.data);
        const result = { data, stat: response.stat };
        return watch ? { ...result, watch: watch.promise } : result;
      });
  }

  private readOptions(
    path: string,
    serverPath: string,
    kind: OneShotKind,
    watcher: OneShotWatcher | undefined,
    options: ReadOptions,
  ): SubmitOptions {
    const base = { path, ...this.retryFor(options), signal: options.signal };
    if (!watcher) return base;
    return { ...base, onSuccess: () => this.session.registry.addOneShot(kind, serverPath, watcher) };
  }

  /** A read's retry settings (count and backoff): the call's policy, else the client's. */
  private retryFor(options: ReadOptions): Pick<SubmitOptions, 'retries' | 'backoff'> {
    const policy = options.retry ?? this.retry;
    const retries = this.retriesFor(options);
    const baseDelay = policy.baseDelay ?? 0;
    const maxDelay = policy.maxDelay ?? 10_000;
    if (!(baseDelay >= 0) || !(maxDelay >= 0)) {
      throw new TypeError('retry.baseDelay and retry.maxDelay must be non-negative numbers (ms)');
    }
    return baseDelay > 0 ? { retries, backoff: { baseDelay, maxDelay } } : { retries };
  }

  /** How many times a read is re-sent after a connection loss: the call's policy, else the client's. */
  private retriesFor(options: ReadOptions): number {
    const retries = options.retry?.retries ?? this.retry.retries;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new TypeError(`retry.retries must be a non-negative integer; got ${describeValue(retries)}`);
    }
    return retries;
  }

  private announce(state: ConnectionState, previous: ConnectionState): void {
    if (isTerminal(state)) this.keepAlive.release();
    this.logger?.debug(`state ${previous.type} -> ${describeState(state)}`);
    this.emit('state', state, previous);
    switch (state.type) {
      case 'connected':
      case 'connected-read-only':
        this.emit('connected', state);
        break;
      case 'disconnected':
        this.emit('disconnected', state);
        break;
      case 'expired':
        this.emit('expired', state);
        break;
      case 'auth-failed':
        this.emit('auth-failed', state);
        break;
      case 'closed':
        this.emit('closed');
        break;
    }
  }
}

/** Runs `start`, turning a synchronous throw (a refused argument) into a rejected promise. */
function guard<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}

function signalOf(options: CallOptions | number): AbortSignal | undefined {
  return typeof options === 'number' ? undefined : options.signal;
}

function describeState(state: ConnectionState): string {
  switch (state.type) {
    case 'connected':
    case 'connected-read-only':
      return `${state.type} to ${state.server} (session 0x${state.sessionId.toString(16)}, timeout ${state.timeout} ms)`;
    case 'disconnected':
      return `disconnected: ${state.reason.message}`;
    case 'expired':
    case 'auth-failed':
      return `${state.type}: ${state.error.message}`;
    default:
      return state.type;
  }
}

function terminalError(state: ConnectionState): Error {
  if (state.type === 'expired' || state.type === 'auth-failed') return state.error;
  return new ClientClosedError();
}

function statOf(response: ClientResponse | undefined, what: string, path: string): Stat {
  if (!response || !('stat' in response)) throw protocolGap(what, path);
  return response.stat;
}

function protocolGap(what: string, path: string | undefined): Error {
  return new ConnectionLossError(`the ${what} reply had no body`, { path });
}
