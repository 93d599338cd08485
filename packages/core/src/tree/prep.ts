import { checkPermission, fixupACL } from '../acl';
import { CreateMode, OpCode, Perms } from '../constants';
import { ErrorCode } from '../errors';
import type { CreateRequest, CreateTTLRequest, MultiOp } from '../records';
import type { ACL } from '../types';
import type { DataTree, WriteContext } from './data-tree';
import {
  CONTAINER_OWNER,
  EphemeralKind,
  ephemeralKind,
  isValidTtl,
  NO_OWNER,
  ttlOwner,
} from './ephemeral-type';
import { ACL as ACL_SLOT, AVERSION, CVERSION, NONE, NUM_CHILDREN, VERSION } from './node-store';
import { isSystemPath, parentPath, pathProblem, sequenceSuffix } from './paths';
import { NodeRecord } from './pending-changes';
import { checkQuotaLimits, limitsPath, type QuotaCheck, statsPath, statsTrackOf } from './quotas';
import type { MultiSubTxn, Txn, TxnBody } from './txn';

/** The container/TTL reaper's delete (opcode 20), submitted by the host like any write. */
export interface DeleteContainerRequest {
  type: typeof OpCode.deleteContainer;
  path: string;
}

/** Everything prep accepts: client writes, the reaper's delete, and the session txns. */
export type WriteRequest =
  | MultiOp
  | ({ type: typeof OpCode.setACL } & { path: string; acl: ACL[]; version: number })
  | { type: typeof OpCode.multi; ops: MultiOp[] }
  | DeleteContainerRequest
  | { type: typeof OpCode.createSession; timeOut: number }
  | { type: typeof OpCode.closeSession };

export type PrepResult =
  | {
      ok: true;
      txn: Txn;
      /** Soft quota limits this write goes over (ZooKeeper only logs them). */
      quotaWarnings?: QuotaCheck[];
    }
  | { ok: false; err: ErrorCode };

/** The ErrorTxn ZooKeeper logs for a failed write, for hosts that want to log failures too. */
export function errorTxn(ctx: WriteContext, err: number): Txn {
  return {
    sessionId: ctx.sessionId,
    cxid: ctx.cxid,
    zxid: ctx.zxid,
    time: ctx.time,
    body: { type: OpCode.error, err },
  };
}

class PrepError {
  constructor(readonly code: ErrorCode) {}
}

function fail(code: ErrorCode): never {
  throw new PrepError(code);
}

/** Shared state of one prep call. */
interface Prep {
  tree: DataTree<unknown>;
  ctx: WriteContext;
  warnings: QuotaCheck[] | null;
}

export function prepWrite(tree: DataTree<unknown>, request: WriteRequest, ctx: WriteContext): PrepResult {
  const prep: Prep = { tree, ctx, warnings: null };
  let body: TxnBody;
  try {
    if (request === null || typeof request !== 'object') return { ok: false, err: ErrorCode.BADARGUMENTS };
    if (request.type === OpCode.multi) {
      body = prepMulti(prep, request.ops);
    } else if (request.type === OpCode.createSession) {
      body = { type: OpCode.createSession, timeOut: request.timeOut | 0 };
    } else if (request.type === OpCode.closeSession) {
      body = prepCloseSession(prep);
    } else if (request.type === OpCode.setACL) {
      body = prepSetACL(prep, request.path, request.acl, request.version);
    } else {
      body = prepOne(prep, request);
    }
  } catch (error) {
    if (error instanceof PrepError) return { ok: false, err: error.code };
    // Malformed input (a missing field, a wrong type) must not escape from the depths.
    if (error instanceof TypeError || error instanceof RangeError)
      return { ok: false, err: ErrorCode.BADARGUMENTS };
    throw error;
  }
  const txn: Txn = { sessionId: ctx.sessionId, cxid: ctx.cxid, zxid: ctx.zxid, time: ctx.time, body };
  return prep.warnings !== null ? { ok: true, txn, quotaWarnings: prep.warnings } : { ok: true, txn };
}

function prepOne(prep: Prep, op: MultiOp | DeleteContainerRequest): MultiSubTxn {
  switch (op.type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return prepCreate(prep, op);
    case OpCode.delete:
      return prepDelete(prep, op.path, op.version);
    case OpCode.deleteContainer:
      return prepDeleteContainer(prep, op.path);
    case OpCode.setData:
      return prepSetData(prep, op.path, op.data, op.version);
    case OpCode.check:
      return prepCheck(prep, op.path, op.version);
    default:
      // reads inside a write multi, unknown opcodes
      return fail(ErrorCode.BADARGUMENTS);
  }
}

function allowed(prep: Prep, acl: readonly ACL[], perm: number): void {
  const tree = prep.tree;
  if (tree.skipACL) return;
  if (!checkPermission(acl, perm, prep.ctx.authIds, tree.permissionOptions)) fail(ErrorCode.NOAUTH);
}

function existing(prep: Prep, path: string): NodeRecord {
  return prep.tree.recordFor(path) ?? fail(ErrorCode.NONODE);
}

/**
 * fixupACL plus the shape checks the wire format guarantees (perms an int32, scheme and id
 * strings), returning fresh entries so that later changes to the caller's objects cannot reach
 * the txn.
 */
function fixedAcl(prep: Prep, path: string, acl: ACL[]): ACL[] {
  const fixed = fixupACL(path, prep.ctx.authIds, acl, { schemes: prep.tree.permissionOptions.schemes });
  if (typeof fixed === 'number') fail(fixed);
  return fixed.map((entry) => {
    const perms = entry.perms;
    if (typeof perms !== 'number' || (perms | 0) !== perms) fail(ErrorCode.INVALIDACL);
    return { perms, id: { scheme: entry.id.scheme, id: entry.id.id } };
  });
}

function validPath(path: string): void {
  if (pathProblem(path) !== null) fail(ErrorCode.BADARGUMENTS);
}

/** PrepRequestProcessor.getParentPathAndValidate: only the slash, NUL and system-node checks. */
function parentForDelete(path: string): string {
  if (typeof path !== 'string') fail(ErrorCode.BADARGUMENTS);
  const slash = path.lastIndexOf('/');
  if (slash === -1 || path.includes('\0') || isSystemPath(path)) fail(ErrorCode.BADARGUMENTS);
  return slash === 0 ? '/' : path.slice(0, slash);
}

/** version −1 matches any; otherwise it must equal the current one. Returns the next version (int32). */
function nextVersion(current: number, expected: number): number {
  if (expected !== -1 && expected !== current) fail(ErrorCode.BADVERSION);
  return (current + 1) | 0;
}

function checkData(prep: Prep, data: Uint8Array): void {
  if (!(data instanceof Uint8Array)) fail(ErrorCode.BADARGUMENTS);
  // jute.maxbuffer: ZooKeeper drops such a request at the socket; here it is a plain error.
  if (data.length > prep.tree.maxBuffer) fail(ErrorCode.BADARGUMENTS);
}

function checkQuota(prep: Prep, path: string, countDiff: number, bytesDiff: number): void {
  const tree = prep.tree;
  const root = tree.quotaRootFor(path);
  if (root === null) return;
  const limitsNode = tree.node(limitsPath(root));
  const statsNode = tree.node(statsPath(root));
  if (limitsNode === undefined || statsNode === undefined) return;
  const checks = checkQuotaLimits(
    root,
    statsTrackOf(limitsNode.data),
    statsTrackOf(statsNode.data),
    countDiff,
    bytesDiff,
  );
  for (const check of checks) {
    if (check.hard && tree.enforceQuota) fail(ErrorCode.QUOTAEXCEEDED);
  }
  if (checks.length > 0) prep.warnings = [...(prep.warnings ?? []), ...checks];
}

function isCreateMode(flags: unknown): flags is CreateMode {
  return typeof flags === 'number' && Number.isInteger(flags) && flags >= 0 && flags <= 6;
}

function prepCreate(prep: Prep, op: (CreateRequest | CreateTTLRequest) & { type: number }): MultiSubTxn {
  const { tree, ctx } = prep;
  const flags = op.flags;
  // CreateMode.fromFlag
  if (!isCreateMode(flags)) fail(ErrorCode.BADARGUMENTS);
  const ttlMode =
    flags === CreateMode.PERSISTENT_WITH_TTL || flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
  const sequential =
    flags === CreateMode.PERSISTENT_SEQUENTIAL ||
    flags === CreateMode.EPHEMERAL_SEQUENTIAL ||
    flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
  const ephemeral = flags === CreateMode.EPHEMERAL || flags === CreateMode.EPHEMERAL_SEQUENTIAL;
  const ttl = op.type === OpCode.createTTL ? (op as CreateTTLRequest).ttl : -1;
  // validateCreateRequest
  if (ttlMode && !tree.extendedTypesEnabled) fail(ErrorCode.UNIMPLEMENTED);
  if (ttlMode ? !isValidTtl(ttl) : ttl >= 0) fail(ErrorCode.BADARGUMENTS);
  checkData(prep, op.data);
  // validatePathForCreate: a slash somewhere and no NUL; the full check comes after the suffix
  const path = op.path;
  if (typeof path !== 'string') fail(ErrorCode.BADARGUMENTS);
  const slash = path.lastIndexOf('/');
  if (slash === -1 || path.includes('\0')) fail(ErrorCode.BADARGUMENTS);
  const parentName = slash === 0 ? '/' : path.slice(0, slash);
  const acl = fixedAcl(prep, path, op.acl);
  const parent = existing(prep, parentName);
  allowed(prep, parent.acl, Perms.CREATE);
  const parentCVersion = parent.cversion;
  const finalPath = sequential ? path + sequenceSuffix(parentCVersion) : path;
  validPath(finalPath);
  if (finalPath === '/' || tree.recordFor(finalPath) !== null) fail(ErrorCode.NODEEXISTS);
  if (ephemeralKind(parent.owner) === EphemeralKind.session) fail(ErrorCode.NOCHILDRENFOREPHEMERALS);
  checkQuota(prep, finalPath, 1, op.data.length);
  const newCVersion = (parentCVersion + 1) | 0;

  let owner = NO_OWNER;
  if (op.type === OpCode.createContainer) owner = CONTAINER_OWNER;
  else if (op.type === OpCode.createTTL) owner = ttlOwner(ttl);
  else if (ephemeral) owner = ctx.sessionId;
  const parentChange = parent.derive(ctx.zxid);
  parentChange.childCount++;
  parentChange.cversion = newCVersion;
  tree.pending.add(parentChange);
  tree.pending.add(new NodeRecord(ctx.zxid, finalPath, true, 0, 0, 0, owner, 0, op.data.length, acl));

  const data = op.data;
  switch (op.type) {
    case OpCode.createContainer:
      return { type: OpCode.createContainer, path: finalPath, data, acl, parentCVersion: newCVersion };
    case OpCode.createTTL:
      return { type: OpCode.createTTL, path: finalPath, data, acl, parentCVersion: newCVersion, ttl };
    case OpCode.create2:
      return { type: OpCode.create2, path: finalPath, data, acl, ephemeral, parentCVersion: newCVersion };
    default:
      return { type: OpCode.create, path: finalPath, data, acl, ephemeral, parentCVersion: newCVersion };
  }
}

function removeFromParent(prep: Prep, parent: NodeRecord): void {
  const change = parent.derive(prep.ctx.zxid);
  change.childCount--;
  prep.tree.pending.add(change);
}

function markDeleted(prep: Prep, node: NodeRecord): void {
  const change = node.derive(prep.ctx.zxid);
  change.exists = false;
  change.childCount = 0;
  prep.tree.pending.add(change);
}

function prepDelete(prep: Prep, path: string, version: number): MultiSubTxn {
  const parentName = parentForDelete(path);
  const parent = existing(prep, parentName);
  allowed(prep, parent.acl, Perms.DELETE);
  const node = existing(prep, path);
  nextVersion(node.version, version);
  if (node.childCount > 0) fail(ErrorCode.NOTEMPTY);
  removeFromParent(prep, parent);
  markDeleted(prep, node);
  return { type: OpCode.delete, path };
}

function prepDeleteContainer(prep: Prep, path: string): MultiSubTxn {
  const parentName = parentForDelete(path);
  const node = existing(prep, path);
  if (node.childCount > 0) fail(ErrorCode.NOTEMPTY);
  // only containers and TTL nodes may be reaped
  const kind = ephemeralKind(node.owner);
  if (kind === EphemeralKind.session || kind === EphemeralKind.normal) fail(ErrorCode.BADVERSION);
  const parent = existing(prep, parentName);
  removeFromParent(prep, parent);
  markDeleted(prep, node);
  return { type: OpCode.deleteContainer, path };
}

function prepSetData(prep: Prep, path: string, data: Uint8Array, version: number): MultiSubTxn {
  validPath(path);
  checkData(prep, data);
  const tree = prep.tree;
  if (tree.pending.get(path) === undefined) {
    // hot path: nothing pending for this node, read it straight from the tree
    const store = tree.store;
    const node = store.find(path);
    if (node === NONE) fail(ErrorCode.NONODE);
    const acl = tree.acls.get(store.int(node, ACL_SLOT));
    allowed(prep, acl, Perms.WRITE);
    if (tree.quotaRoots.size > 0) checkQuota(prep, path, 0, data.length - store.dataLength(node));
    const newVersion = nextVersion(store.int(node, VERSION), version);
    tree.pending.add(
      new NodeRecord(
        prep.ctx.zxid,
        path,
        true,
        newVersion,
        store.int(node, CVERSION),
        store.int(node, AVERSION),
        store.owner(node),
        store.int(node, NUM_CHILDREN),
        data.length,
        acl,
      ),
    );
    return { type: OpCode.setData, path, data, version: newVersion };
  }
  const node = existing(prep, path);
  allowed(prep, node.acl, Perms.WRITE);
  checkQuota(prep, path, 0, data.length - node.dataLength);
  const newVersion = nextVersion(node.version, version);
  const change = node.derive(prep.ctx.zxid);
  change.version = newVersion;
  change.dataLength = data.length;
  prep.tree.pending.add(change);
  return { type: OpCode.setData, path, data, version: newVersion };
}

function prepSetACL(prep: Prep, path: string, acl: ACL[], version: number): TxnBody {
  validPath(path);
  const fixed = fixedAcl(prep, path, acl);
  const node = existing(prep, path);
  allowed(prep, node.acl, Perms.ADMIN);
  const newVersion = nextVersion(node.aversion, version);
  const change = node.derive(prep.ctx.zxid);
  change.aversion = newVersion;
  change.acl = fixed;
  prep.tree.pending.add(change);
  return { type: OpCode.setACL, path, acl: fixed, version: newVersion };
}

function prepCheck(prep: Prep, path: string, version: number): MultiSubTxn {
  validPath(path);
  const node = existing(prep, path);
  allowed(prep, node.acl, Perms.READ);
  return { type: OpCode.check, path, version: nextVersion(node.version, version) };
}

/**
 * ZooKeeper 3.8.0 rebuilds every create inside a multi with Op.create(path, data, acl, flags), whose
 * opcode follows the flags: TTL modes → createTTL, CONTAINER → createContainer, anything else →
 * create(1). So create2 inside multi answers like create (no Stat), and a createContainer/createTTL
 * answers with a Stat.
 */
function normalizeMultiCreate(op: MultiOp): MultiOp {
  if (op === null || typeof op !== 'object') return op;
  if (
    op.type !== OpCode.create &&
    op.type !== OpCode.create2 &&
    op.type !== OpCode.createContainer &&
    op.type !== OpCode.createTTL
  ) {
    return op;
  }
  const flags = op.flags;
  if (flags === CreateMode.PERSISTENT_WITH_TTL || flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL) {
    const ttl = op.type === OpCode.createTTL ? op.ttl : -1;
    return { type: OpCode.createTTL, path: op.path, data: op.data, acl: op.acl, flags, ttl };
  }
  const type = flags === CreateMode.CONTAINER ? OpCode.createContainer : OpCode.create;
  return { type, path: op.path, data: op.data, acl: op.acl, flags };
}

/**
 * All-or-nothing: ops are prepared in order against the changes of the ops before them; at the
 * first failure the changes of this multi are rolled back and every sub-txn becomes an error
 * (OK before the failing op, its code, RUNTIMEINCONSISTENCY after), as ZooKeeper records it.
 */
function prepMulti(prep: Prep, ops: readonly MultiOp[]): TxnBody {
  if (!Array.isArray(ops)) fail(ErrorCode.BADARGUMENTS);
  const txns: MultiSubTxn[] = [];
  let failedAt = -1;
  let failure: number = ErrorCode.OK;
  for (let i = 0; i < ops.length; i++) {
    try {
      txns.push(prepOne(prep, normalizeMultiCreate(ops[i] as MultiOp)));
    } catch (error) {
      if (error instanceof PrepError) failure = error.code;
      else if (error instanceof TypeError || error instanceof RangeError) failure = ErrorCode.BADARGUMENTS;
      else throw error;
      failedAt = i;
      break;
    }
  }
  if (failedAt === -1) return { type: OpCode.multi, txns };
  prep.tree.pending.rollback(prep.ctx.zxid);
  prep.warnings = null;
  const errors: MultiSubTxn[] = ops.map((_, i) => ({
    type: OpCode.error,
    err: i < failedAt ? ErrorCode.OK : i === failedAt ? failure : ErrorCode.RUNTIMEINCONSISTENCY,
  }));
  return { type: OpCode.multi, txns: errors };
}

/** Lists the session's ephemerals as they will be once every prepared txn is applied. */
function prepCloseSession(prep: Prep): TxnBody {
  const { tree, ctx } = prep;
  const paths = new Set(tree.ephemerals.get(ctx.sessionId) ?? []);
  for (const record of tree.pending.records()) {
    if (!record.exists) paths.delete(record.path);
    else if (record.owner === ctx.sessionId) paths.add(record.path);
  }
  const sorted = [...paths].sort();
  for (const path of sorted) {
    const node = tree.recordFor(path);
    if (node === null) continue;
    const parent = tree.recordFor(parentPath(path));
    if (parent !== null) removeFromParent(prep, parent);
    markDeleted(prep, node);
  }
  return { type: OpCode.closeSession, paths: sorted };
}
