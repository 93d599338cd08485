import { ACLCache, type AclSchemes, checkPermission, type PermissionOptions } from '../acl';
import { DEFAULT_MAX_BUFFER, EventType, OpCode, Perms } from '../constants';
import { ErrorCode } from '../errors';
import type { ClientRequest, ClientResponse, OpResult } from '../records';
import { type ACL, type Id, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, type Stat } from '../types';
import { WatchManager, type WatchNotification } from '../watches';
import { CONTAINER_OWNER, EphemeralKind, ephemeralKind, NO_OWNER, ttlOwner } from './ephemeral-type';
import { NodeMap } from './node-map';
import {
  ACL as ACL_SLOT,
  AVERSION,
  CVERSION,
  MTIME,
  MZXID,
  NONE,
  NodeStore,
  NUM_CHILDREN,
  PZXID,
  ROOT,
  VERSION,
} from './node-store';
import { hashPath } from './path-hash';
import { CONFIG_NODE, childName, parentPath, QUOTA_NODE, ZOOKEEPER_NODE } from './paths';
import { NodeRecord, PendingChanges } from './pending-changes';
import { type DeleteContainerRequest, type PrepResult, prepWrite, type WriteRequest } from './prep';
import { LIMITS_NODE, STATS_NODE, StatsTrack, statsPath, statsTrackBytes, statsTrackOf } from './quotas';
import { type ReadRequest, readRequest } from './reads';
import { type ReapOptions, reapCandidates } from './reaper';
import type { MultiSubTxn, Txn, TxnBody } from './txn';
import { statAt, type ZNode } from './znode';

export interface DataTreeOptions<W = unknown> {
  /** Largest znode value in bytes (jute.maxbuffer); default 0xfffff. */
  maxBuffer?: number;
  /** `zookeeper.extendedTypesEnabled`: allows TTL nodes. */
  extendedTypesEnabled?: boolean;
  /** `zookeeper.enforceQuota`: hard quota limits refuse writes with QUOTAEXCEEDED. */
  enforceQuota?: boolean;
  /** `zookeeper.DigestAuthenticationProvider.superDigest` (`super:<hash>`). */
  superDigest?: string | undefined;
  /** `zookeeper.skipACL` (unsafe): no permission checks at all. */
  skipACL?: boolean;
  /** ACL schemes beyond world/auth/digest/ip (x509, sasl, a server's own); unknown schemes are INVALIDACL. */
  aclSchemes?: AclSchemes;
  /** The watch registry reads register into and applied txns trigger; default: a new one (see `tree.watches`). */
  watches?: WatchManager<W>;
  /**
   * The ids a watcher's session holds now (the server passes its connection's). When given, an
   * event reaches a watcher only if those ids may READ the node the event is about (the parent for
   * NodeChildrenChanged, the ACL it had for NodeDeleted), as patched ZooKeeper does since
   * CVE-2024-23944. Omitted: every watcher gets every event (tests and embedded use only).
   */
  watcherAuthIds?: (watcher: W) => readonly Id[];
}

/** Who is asking, for reads: the session, its authenticated ids, and its watcher key. */
export interface SessionContext<W = unknown> {
  sessionId: bigint;
  authIds: readonly Id[];
  /** The key watches are registered under (the server passes its connection); omit for no watches. */
  watcher?: W;
}

/** Who is writing and the txn slot the host assigned (zxid and time come from outside). */
export interface WriteContext {
  sessionId: bigint;
  cxid: number;
  zxid: number;
  time: number;
  authIds: readonly Id[];
}

export interface ApplyResult<W = unknown> {
  zxid: number;
  sessionId: bigint;
  cxid: number;
  /** 0 or the error the client sees (for multi, the first failing op's code). */
  err: number;
  /** The reply body (present when err is 0, and for multi always); null for session txns. */
  response: ClientResponse | null;
  /** Watch notifications to deliver, in order. */
  events: Array<WatchNotification<W>>;
}

/** Observable counters (for `mntr`-style reporting). */
export interface TreeCounts {
  nodes: number;
  ephemerals: number;
  containers: number;
  ttls: number;
  approximateDataSize: number;
  aclLists: number;
  sessions: number;
  pendingChanges: number;
}

/**
 * The znode tree with ZooKeeper 3.8's semantics, as a synchronous deterministic state machine.
 *
 * Writes go in two steps: `prep(request, ctx)` validates against the tree *plus* every txn
 * prepared but not applied yet, and returns an idempotent txn; `apply(txn)` is the only mutator
 * and returns the reply and the watch notifications. Reads (`read`) see applied state only.
 * Time never comes from inside: txns carry it, `reapCandidates(now)` is told it.
 */
export class DataTree<W = unknown> {
  /** @internal every znode's record, name and data (no object per znode). */
  readonly store = new NodeStore();
  /** @internal every znode by absolute path (views of `store`). */
  readonly nodes = new NodeMap(this.store);
  /** @internal */
  readonly acls = new ACLCache();
  /** @internal ephemeral paths by owning session. */
  readonly ephemerals = new Map<bigint, Set<string>>();
  /** @internal */
  readonly containers = new Set<string>();
  /** @internal */
  readonly ttls = new Set<string>();
  /** @internal sessions known to the tree (createSession/closeSession txns) with their timeouts. */
  readonly sessions = new Map<bigint, number>();
  /** @internal quota roots that have a zookeeper_limits node. */
  readonly quotaRoots = new Set<string>();
  /** @internal */
  readonly pending = new PendingChanges();
  /** @internal */
  readonly watches: WatchManager<W>;

  readonly maxBuffer: number;
  readonly extendedTypesEnabled: boolean;
  readonly enforceQuota: boolean;
  readonly superDigest: string | undefined;
  readonly skipACL: boolean;
  /** @internal superDigest and aclSchemes, as every permission check takes them. */
  readonly permissionOptions: PermissionOptions;
  // method syntax keeps DataTree<W> assignable to DataTree<unknown> (prep takes any tree)
  readonly #watcherAuth: { idsOf(watcher: W): readonly Id[] } | undefined;

  /** Highest zxid applied so far. */
  lastProcessedZxid = 0;
  /** @internal sum of path lengths and data lengths (ZooKeeper's approximate data size). */
  dataSize = 0;

  constructor(options: DataTreeOptions<W> = {}) {
    this.maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
    this.extendedTypesEnabled = options.extendedTypesEnabled ?? false;
    this.enforceQuota = options.enforceQuota ?? false;
    this.superDigest = options.superDigest;
    this.skipACL = options.skipACL ?? false;
    this.permissionOptions = { superDigest: options.superDigest, schemes: options.aclSchemes };
    this.watches = options.watches ?? new WatchManager<W>();
    const idsOf = options.watcherAuthIds;
    this.#watcherAuth = idsOf === undefined ? undefined : { idsOf };
    this.createSystemNodes();
  }

  /**
   * The nodes every server starts with, with the Stat the real 3.8.0 server reports for them on a
   * fresh data directory: all zero, except that /zookeeper/config is world-readable only and has
   * aversion −1 (its ACL is set with version −1 at startup). Clients see cversion −1 on / and −2
   * on /zookeeper because their children were added without counting creations.
   */
  private createSystemNodes(): void {
    const empty = new Uint8Array(0);
    const store = this.store;
    store.setInt(ROOT, ACL_SLOT, this.acls.intern(OPEN_ACL_UNSAFE));
    const add = (parent: number, path: string, acl: readonly ACL[]): number =>
      store.insert(parent, path, hashPath(path), empty, this.acls.intern(acl), 0, 0, NO_OWNER);
    const zookeeper = add(ROOT, ZOOKEEPER_NODE, OPEN_ACL_UNSAFE);
    add(zookeeper, QUOTA_NODE, OPEN_ACL_UNSAFE);
    const config = add(zookeeper, CONFIG_NODE, READ_ACL_UNSAFE);
    store.setInt(config, AVERSION, -1);
    for (const path of this.nodes.keys()) this.dataSize += path.length;
  }

  /**
   * Writes the ensemble membership into /zookeeper/config as a replicated ZooKeeper 3.8 member
   * does at start (no txn, no watch): `version` −1 and mzxid 0 (its setData passes version −1
   * and the static config's version, 0), mtime the member's wall clock. Each member writes its
   * own, so tree digests leave this node out.
   */
  setEnsembleConfig(data: Uint8Array, mtime: number): void {
    const node = this.store.find(CONFIG_NODE);
    if (node === NONE) return;
    this.dataSize += data.length - this.store.dataLength(node);
    this.store.setData(node, data);
    this.store.setFloat(node, MTIME, mtime);
    this.store.setFloat(node, MZXID, 0);
    this.store.setInt(node, VERSION, -1);
  }

  // ---------------------------------------------------------------- lookups

  /** @internal a view of the node at `path` (use it right away: see ZNode). */
  node(path: string): ZNode | undefined {
    return this.nodes.get(path);
  }

  /** The Stat of a node, or undefined (no ACL check, no watch: for the host and tests). */
  stat(path: string): Stat | undefined {
    const id = this.store.find(path);
    return id === NONE ? undefined : statAt(this.store, id);
  }

  /** The ACL list of a node (no check), or undefined. */
  aclOf(path: string): readonly ACL[] | undefined {
    const id = this.store.find(path);
    return id === NONE ? undefined : this.acls.get(this.store.int(id, ACL_SLOT));
  }

  get nodeCount(): number {
    return this.store.size;
  }

  counts(): TreeCounts {
    let ephemerals = 0;
    for (const paths of this.ephemerals.values()) ephemerals += paths.size;
    return {
      nodes: this.store.size,
      ephemerals,
      containers: this.containers.size,
      ttls: this.ttls.size,
      approximateDataSize: this.dataSize,
      aclLists: this.acls.size,
      sessions: this.sessions.size,
      pendingChanges: this.pending.size,
    };
  }

  /** Paths of the ephemerals owned by `sessionId` under `prefix` (string prefix, as ZooKeeper filters). */
  getEphemerals(sessionId: bigint, prefix = '/'): string[] {
    const paths = this.ephemerals.get(sessionId);
    if (paths === undefined) return [];
    // as FinalRequestProcessor: a blank prefix or exactly "/" means all (" / " filters by " / ")
    if (prefix.trim() === '' || prefix === '/') return [...paths];
    return [...paths].filter((path) => path.startsWith(prefix));
  }

  /** Number of descendants of `path` (all nodes but the root for '/'); −1 when it does not exist. */
  getAllChildrenNumber(path: string): number {
    const store = this.store;
    const id = store.find(path);
    if (id === NONE) return -1;
    if (id === ROOT) return store.size - 1;
    let count = 0;
    const stack: number[] = [id];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      for (let child = store.firstChild(current); child !== NONE; child = store.nextChild(current, child)) {
        count++;
        stack.push(child);
      }
    }
    return count;
  }

  /** Sessions the tree knows (from createSession txns and snapshots) with their timeouts. */
  knownSessions(): ReadonlyMap<bigint, number> {
    return this.sessions;
  }

  // ---------------------------------------------------------------- the three entry points

  /**
   * Validates a write and turns it into a txn carrying its results. Sees the effect of every txn
   * prepared before and not yet applied. A failed single op returns its error code (ZooKeeper
   * would log an ErrorTxn for it; the host may do the same with `errorTxn`); a failed multi still
   * returns a multi txn whose sub-txns are errors, because every server must answer it alike.
   */
  prep(request: WriteRequest, ctx: WriteContext): PrepResult {
    return prepWrite(this, request, ctx);
  }

  /** Serves a read (or sync) against applied state, registering watches for `ctx.watcher`. */
  read(request: ReadRequest | ClientRequest, ctx: SessionContext<W>): ClientResponse | ErrorCode {
    try {
      return readRequest(this, request as ReadRequest, ctx);
    } catch (error) {
      // malformed fields (a number for a path, …) are the caller's bad arguments
      if (error instanceof TypeError || error instanceof RangeError) return ErrorCode.BADARGUMENTS;
      throw error;
    }
  }

  /**
   * Applies a committed txn: the only mutator. Deterministic, and tolerant of replay over a fuzzy
   * snapshot (a create of an existing node or a delete of a missing one reports the error and
   * leaves the tree consistent).
   */
  apply(txn: Txn): ApplyResult<W> {
    const events: Array<WatchNotification<W>> = [];
    const result: ApplyResult<W> = {
      zxid: txn.zxid,
      sessionId: txn.sessionId,
      cxid: txn.cxid,
      err: 0,
      response: null,
      events,
    };
    const body = txn.body;
    if (body.type === OpCode.multi) {
      const failed = body.txns.some((sub) => sub.type === OpCode.error);
      const results: OpResult[] = [];
      let afterFailure = false;
      for (const sub of body.txns) {
        let effective: MultiSubTxn = sub;
        if (failed && sub.type !== OpCode.error) {
          effective = {
            type: OpCode.error,
            err: afterFailure ? ErrorCode.RUNTIMEINCONSISTENCY : ErrorCode.OK,
          };
        }
        if (sub.type === OpCode.error) afterFailure = true;
        const one = this.applyOne(txn, effective, events);
        if (one.err !== 0 && result.err === 0) result.err = one.err;
        results.push(toOpResult(effective, one, this.store));
      }
      result.response = { type: OpCode.multi, results };
    } else {
      const one = this.applyOne(txn, body, events);
      result.err = one.err;
      if (one.err === 0) result.response = toResponse(body, one, this.store);
    }
    if (txn.zxid > this.lastProcessedZxid) this.lastProcessedZxid = txn.zxid;
    this.pending.applied(txn.zxid);
    return result;
  }

  /** Forgets every prepared-but-unapplied change (leader change, rollback). */
  discardPending(): void {
    this.pending.clear();
  }

  /** Delete requests for containers and TTL nodes due for removal at `now` (submit them via prep). */
  reapCandidates(now: number, options: ReapOptions = {}): DeleteContainerRequest[] {
    return reapCandidates(this, now, options);
  }

  // ---------------------------------------------------------------- prep support

  /** @internal The newest record for `path`: pending change or the applied node; null if absent. */
  recordFor(path: string): NodeRecord | null {
    const pending = this.pending.get(path);
    if (pending !== undefined) return pending.exists ? pending : null;
    const store = this.store;
    const id = store.find(path);
    if (id === NONE) return null;
    return new NodeRecord(
      -1,
      path,
      true,
      store.int(id, VERSION),
      store.int(id, CVERSION),
      store.int(id, AVERSION),
      store.owner(id),
      store.int(id, NUM_CHILDREN),
      store.dataLength(id),
      this.acls.get(store.int(id, ACL_SLOT)),
    );
  }

  /** @internal The deepest quota root at or above `path`, or null. */
  quotaRootFor(path: string): string | null {
    if (this.quotaRoots.size === 0) return null;
    let at = path;
    while (at.length > 1) {
      if (this.quotaRoots.has(at)) return at;
      at = parentPath(at);
    }
    return null;
  }

  /**
   * @internal After a snapshot load: installs the ACL lists (usage counted from the nodes) and
   * recomputes the ephemeral, container, TTL and quota indexes and the data size.
   */
  rebuildIndexes(aclLists: Iterable<[number, readonly ACL[], number]>): void {
    const aclAliases = this.acls.restore(aclLists);
    this.lastAclRef = 0;
    this.lastAcl = [];
    this.ephemerals.clear();
    this.containers.clear();
    this.ttls.clear();
    this.quotaRoots.clear();
    this.dataSize = 0;
    const store = this.store;
    for (const [id, path] of store.walk()) {
      let acl = store.int(id, ACL_SLOT);
      const alias = aclAliases.get(acl);
      if (alias !== undefined) {
        acl = alias;
        store.setInt(id, ACL_SLOT, acl);
      }
      this.acls.addUsage(acl);
      this.dataSize += path.length + store.dataLength(id);
      const owner = store.owner(id);
      if (owner !== NO_OWNER) this.indexOwner(path, owner);
      if (path.startsWith(QUOTA_NODE) && childName(path) === LIMITS_NODE) {
        const root = parentPath(path).slice(QUOTA_NODE.length);
        if (root.startsWith('/')) this.quotaRoots.add(root);
      }
    }
    this.acls.purgeUnused();
  }

  // ---------------------------------------------------------------- apply internals

  private applyOne(txn: Txn, body: TxnBody, events: Array<WatchNotification<W>>): OneResult {
    switch (body.type) {
      case OpCode.create:
      case OpCode.create2:
        return this.createNode(
          body.path,
          body.data,
          body.acl,
          body.ephemeral ? txn.sessionId : NO_OWNER,
          body.parentCVersion,
          txn,
          events,
        );
      case OpCode.createContainer:
        return this.createNode(
          body.path,
          body.data,
          body.acl,
          CONTAINER_OWNER,
          body.parentCVersion,
          txn,
          events,
        );
      case OpCode.createTTL:
        return this.createNode(
          body.path,
          body.data,
          body.acl,
          ttlOwner(body.ttl),
          body.parentCVersion,
          txn,
          events,
        );
      case OpCode.delete:
      case OpCode.deleteContainer:
        return { err: this.deleteNode(body.path, txn.zxid, events), path: body.path };
      case OpCode.setData:
        return this.setData(body.path, body.data, body.version, txn.zxid, txn.time, events);
      case OpCode.setACL:
        return this.setACL(body.path, body.acl, body.version);
      case OpCode.check:
        return { err: 0, path: body.path };
      case OpCode.error:
        return { err: body.err };
      case OpCode.createSession:
        this.sessions.set(txn.sessionId, body.timeOut);
        return { err: 0 };
      case OpCode.closeSession:
        this.killSession(txn.sessionId, txn.zxid, body.paths, events);
        return { err: 0 };
      case OpCode.multi:
        return { err: ErrorCode.RUNTIMEINCONSISTENCY };
    }
  }

  private createNode(
    path: string,
    data: Uint8Array,
    acl: readonly ACL[],
    owner: bigint,
    parentCVersion: number,
    txn: Txn,
    events: Array<WatchNotification<W>>,
  ): OneResult {
    const store = this.store;
    const parentName = parentPath(path);
    const parent = store.find(parentName);
    if (parent === NONE || path === '/' || path.charCodeAt(0) !== 0x2f)
      return { err: ErrorCode.NONODE, path };
    const parentCversion = store.int(parent, CVERSION);
    const cversion = parentCVersion === -1 ? (parentCversion + 1) | 0 : parentCVersion;
    const hash = hashPath(path);
    const existing = store.findHashed(path, hash);
    if (existing !== NONE) {
      // Replay over a fuzzy snapshot: the node (or a later incarnation) is already there. Take the
      // txn's ACL and bring the parent's cversion/pzxid forward, as ZooKeeper does after NODEEXISTS
      // (it does the latter only for create(1); we do it for every create so replays converge).
      const ref = this.internAcl(acl);
      this.acls.removeUsage(store.int(existing, ACL_SLOT));
      store.setInt(existing, ACL_SLOT, ref);
      if (cversion > parentCversion) {
        store.setInt(parent, CVERSION, cversion);
        store.setFloat(parent, PZXID, txn.zxid);
      }
      return { err: ErrorCode.NODEEXISTS, path };
    }
    if (cversion > parentCversion) {
      store.setInt(parent, CVERSION, cversion);
      store.setFloat(parent, PZXID, txn.zxid);
    }
    const aclRef = this.internAcl(acl);
    const node = store.insert(parent, path, hash, data, aclRef, txn.zxid, txn.time, owner);
    const name = childName(path);
    this.dataSize += path.length + data.length;
    if (owner !== NO_OWNER) this.indexOwner(path, owner);

    if (parentName.startsWith(QUOTA_NODE)) this.noticeQuotaNodeCreated(parentName, name);
    if (this.quotaRoots.size > 0) {
      const root = this.quotaRootFor(path);
      if (root !== null) this.updateQuotaStats(root, data.length, 1);
    }
    if (this.watches.watchCount > 0) {
      this.pushReadable(events, this.watches.triggerData(path, EventType.NodeCreated), this.acls.get(aclRef));
      this.pushReadable(
        events,
        this.watches.triggerChild(parentName, EventType.NodeChildrenChanged),
        this.acls.get(store.int(parent, ACL_SLOT)),
      );
    }
    return { err: 0, path, node };
  }

  /**
   * Appends the notifications whose watcher may READ a node with `acl`; the others are dropped
   * (their one-shot watches are spent, as in ZooKeeper). A world-readable list is the cheap common
   * case: one check for all watchers.
   */
  private pushReadable(
    events: Array<WatchNotification<W>>,
    notifications: readonly WatchNotification<W>[],
    acl: readonly ACL[],
  ): void {
    const auth = this.#watcherAuth;
    if (auth === undefined || this.skipACL || checkPermission(acl, Perms.READ, [])) {
      pushAll(events, notifications);
      return;
    }
    for (const notification of notifications) {
      if (checkPermission(acl, Perms.READ, auth.idsOf(notification.watcher), this.permissionOptions))
        events.push(notification);
    }
  }

  /** Whether `watcher` may READ `path` now (true when no watcherAuthIds were given): for setWatches' events. */
  watcherMayRead(watcher: W, path: string): boolean {
    const node = this.store.find(path);
    const auth = this.#watcherAuth;
    if (node === NONE || auth === undefined || this.skipACL) return true;
    return checkPermission(
      this.acls.get(this.store.int(node, ACL_SLOT)),
      Perms.READ,
      auth.idsOf(watcher),
      this.permissionOptions,
    );
  }

  private lastAclRef = 0;
  private lastAcl: readonly ACL[] = [];

  /** ACLCache.intern, short-cut for the common case of the same list as the previous write. */
  private internAcl(acl: readonly ACL[]): number {
    const last = this.lastAcl;
    if (acl.length === last.length && this.acls.usage(this.lastAclRef) > 0) {
      let same = true;
      for (let i = 0; i < acl.length && same; i++) {
        const a = acl[i] as ACL;
        const b = last[i] as ACL;
        same = a.perms === b.perms && a.id.scheme === b.id.scheme && a.id.id === b.id.id;
      }
      if (same) {
        this.acls.addUsage(this.lastAclRef);
        return this.lastAclRef;
      }
    }
    const ref = this.acls.intern(acl);
    this.lastAclRef = ref;
    this.lastAcl = this.acls.get(ref);
    return ref;
  }

  private indexOwner(path: string, owner: bigint): void {
    switch (ephemeralKind(owner)) {
      case EphemeralKind.container:
        this.containers.add(path);
        return;
      case EphemeralKind.ttl:
        this.ttls.add(path);
        return;
      case EphemeralKind.session: {
        let paths = this.ephemerals.get(owner);
        if (paths === undefined) {
          paths = new Set();
          this.ephemerals.set(owner, paths);
        }
        paths.add(path);
        return;
      }
      default:
        return;
    }
  }

  private unindexOwner(path: string, owner: bigint): void {
    switch (ephemeralKind(owner)) {
      case EphemeralKind.container:
        this.containers.delete(path);
        return;
      case EphemeralKind.ttl:
        this.ttls.delete(path);
        return;
      case EphemeralKind.session: {
        const paths = this.ephemerals.get(owner);
        if (paths !== undefined) {
          paths.delete(path);
          if (paths.size === 0) this.ephemerals.delete(owner);
        }
        return;
      }
      default:
        return;
    }
  }

  /** ZooKeeper's deleteNode: the parent's pzxid moves even when the child is already gone (replay). */
  private deleteNode(path: string, zxid: number, events: Array<WatchNotification<W>>): number {
    const store = this.store;
    const parentName = parentPath(path);
    const parent = store.find(parentName);
    if (parent === NONE || path === '/') return ErrorCode.NONODE;
    const name = childName(path);
    const node = store.find(path);
    if (zxid > store.float(parent, PZXID)) store.setFloat(parent, PZXID, zxid);
    if (node === NONE) return ErrorCode.NONODE;
    // Only reachable on inconsistent replays; never leave orphans behind.
    if (store.int(node, NUM_CHILDREN) > 0) {
      const prefix = `${path}/`;
      for (const child of store.childNames(node)) this.deleteNode(prefix + child, zxid, events);
    }
    // NodeDeleted is checked against the ACL the node had (the list outlives its cache entry)
    const aclRef = store.int(node, ACL_SLOT);
    const acl = this.acls.get(aclRef);
    this.acls.removeUsage(aclRef);
    const dataLength = store.dataLength(node);
    this.dataSize -= path.length + dataLength;
    const owner = store.owner(node);
    if (owner !== NO_OWNER) this.unindexOwner(path, owner);
    store.remove(node);

    if (parentName.startsWith(QUOTA_NODE) && name === LIMITS_NODE) {
      const root = parentName.slice(QUOTA_NODE.length);
      if (root.length > 0) this.quotaRoots.delete(root);
    }
    if (this.quotaRoots.size > 0) {
      const root = this.quotaRootFor(path);
      if (root !== null) this.updateQuotaStats(root, -dataLength, -1);
    }
    // the registry spares, for the node's child watches, the watchers its data watches just reached
    if (this.watches.watchCount > 0) {
      this.pushReadable(events, this.watches.triggerData(path, EventType.NodeDeleted), acl);
      this.pushReadable(events, this.watches.triggerChild(path, EventType.NodeDeleted), acl);
      this.pushReadable(
        events,
        this.watches.triggerChild(parentName, EventType.NodeChildrenChanged),
        this.acls.get(store.int(parent, ACL_SLOT)),
      );
    }
    return 0;
  }

  private setData(
    path: string,
    data: Uint8Array,
    version: number,
    zxid: number,
    time: number,
    events: Array<WatchNotification<W>>,
  ): OneResult {
    const store = this.store;
    const node = store.find(path);
    if (node === NONE) return { err: ErrorCode.NONODE, path };
    const previousLength = store.dataLength(node);
    store.setData(node, data);
    store.setFloat(node, MTIME, time);
    store.setFloat(node, MZXID, zxid);
    store.setInt(node, VERSION, version);
    this.dataSize += data.length - previousLength;
    if (this.quotaRoots.size > 0) {
      const root = this.quotaRootFor(path);
      if (root !== null) this.updateQuotaStats(root, data.length - previousLength, 0);
    }
    if (this.watches.watchCount > 0)
      this.pushReadable(
        events,
        this.watches.triggerData(path, EventType.NodeDataChanged),
        this.acls.get(store.int(node, ACL_SLOT)),
      );
    return { err: 0, path, node };
  }

  private setACL(path: string, acl: readonly ACL[], version: number): OneResult {
    const store = this.store;
    const node = store.find(path);
    if (node === NONE) return { err: ErrorCode.NONODE, path };
    const ref = this.internAcl(acl);
    this.acls.removeUsage(store.int(node, ACL_SLOT));
    store.setInt(node, ACL_SLOT, ref);
    store.setInt(node, AVERSION, version);
    return { err: 0, path, node };
  }

  /** Deletes the ephemerals the closeSession txn lists, then any the tree still holds for the session. */
  private killSession(
    sessionId: bigint,
    zxid: number,
    paths: readonly string[],
    events: Array<WatchNotification<W>>,
  ): void {
    for (const path of paths) this.deleteNode(path, zxid, events);
    const left = this.ephemerals.get(sessionId);
    if (left !== undefined) {
      for (const path of [...left].sort()) this.deleteNode(path, zxid, events);
    }
    this.ephemerals.delete(sessionId);
    this.sessions.delete(sessionId);
  }

  // ---------------------------------------------------------------- quotas

  /** A zookeeper_limits node makes its parent's path a quota root; a zookeeper_stats node gets computed usage. */
  private noticeQuotaNodeCreated(parentName: string, name: string): void {
    if (name !== LIMITS_NODE && name !== STATS_NODE) return;
    const root = parentName.slice(QUOTA_NODE.length);
    // Directly under /zookeeper/quota the namespace is empty: ZooKeeper ignores such nodes.
    if (root.length === 0 || !root.startsWith('/')) return;
    if (name === LIMITS_NODE) {
      this.quotaRoots.add(root);
    } else {
      const usage = this.subtreeUsage(root);
      const track = new StatsTrack();
      track.set('count', usage.count);
      track.set('bytes', usage.bytes);
      this.replaceStatsData(root, track);
    }
  }

  /** Number of nodes and data bytes in the subtree at `root` (the root itself included). */
  subtreeUsage(root: string): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    const store = this.store;
    const start = store.find(root);
    if (start === NONE) return { count, bytes };
    const stack: number[] = [start];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      count++;
      bytes += store.dataLength(node);
      for (let child = store.firstChild(node); child !== NONE; child = store.nextChild(node, child))
        stack.push(child);
    }
    return { count, bytes };
  }

  private updateQuotaStats(root: string, bytesDiff: number, countDiff: number): void {
    const node = this.store.find(statsPath(root));
    if (node === NONE) return;
    const track = statsTrackOf(this.store.data(node));
    track.set('count', track.count + countDiff);
    track.set('bytes', track.bytes + bytesDiff);
    this.replaceStatsData(root, track);
  }

  /** Usage is written straight into the stats node's data: no version, mzxid or watch change (as ZooKeeper). */
  private replaceStatsData(root: string, track: StatsTrack): void {
    const node = this.store.find(statsPath(root));
    if (node === NONE) return;
    const data = statsTrackBytes(track);
    this.dataSize += data.length - this.store.dataLength(node);
    this.store.setData(node, data);
  }
}

interface OneResult {
  err: number;
  path?: string;
  /** The node's slot in the store, for its Stat in the reply. */
  node?: number;
}

function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T);
}

function toResponse(body: TxnBody, one: OneResult, store: NodeStore): ClientResponse | null {
  switch (body.type) {
    case OpCode.create:
      return { type: OpCode.create, path: one.path as string };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { type: body.type, path: one.path as string, stat: statAt(store, one.node as number) };
    case OpCode.delete:
    case OpCode.deleteContainer:
      return { type: OpCode.delete };
    case OpCode.setData:
      return { type: OpCode.setData, stat: statAt(store, one.node as number) };
    case OpCode.setACL:
      return { type: OpCode.setACL, stat: statAt(store, one.node as number) };
    case OpCode.closeSession:
      return { type: OpCode.closeSession };
    default:
      return null;
  }
}

function toOpResult(body: MultiSubTxn, one: OneResult, store: NodeStore): OpResult {
  if (one.err !== 0) return { type: OpCode.error, err: one.err };
  switch (body.type) {
    case OpCode.create:
      return { type: OpCode.create, path: one.path as string };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { type: OpCode.create2, path: one.path as string, stat: statAt(store, one.node as number) };
    case OpCode.delete:
    case OpCode.deleteContainer:
      return { type: OpCode.delete };
    case OpCode.setData:
      return { type: OpCode.setData, stat: statAt(store, one.node as number) };
    case OpCode.check:
      return { type: OpCode.check };
    case OpCode.error:
      return { type: OpCode.error, err: body.err };
  }
}
