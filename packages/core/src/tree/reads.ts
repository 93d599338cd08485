import { aclForGetACL, checkPermission } from '../acl';
import { OpCode, Perms } from '../constants';
import { ErrorCode } from '../errors';
import type { ClientResponse, OpResult } from '../records';
import type { DataTree, SessionContext } from './data-tree';
import { ACL, NONE } from './node-store';
import { statAt } from './znode';

/** The requests `DataTree.read` serves (the server answers the others itself). */
export type ReadRequest =
  | {
      type:
        | typeof OpCode.exists
        | typeof OpCode.getData
        | typeof OpCode.getChildren
        | typeof OpCode.getChildren2;
      path: string;
      watch: boolean;
    }
  | { type: typeof OpCode.getACL | typeof OpCode.sync | typeof OpCode.getAllChildrenNumber; path: string }
  | { type: typeof OpCode.getEphemerals; prefixPath: string }
  | { type: typeof OpCode.multiRead; ops: Array<{ type: number; path: string }> };

function canRead<W>(tree: DataTree<W>, node: number, ctx: SessionContext<W>): boolean {
  if (tree.skipACL) return true;
  return checkPermission(
    tree.acls.get(tree.store.int(node, ACL)),
    Perms.READ,
    ctx.authIds,
    tree.permissionOptions,
  );
}

/**
 * FinalRequestProcessor's read paths, as the 3.8.0 server behaves:
 * - exists: no ACL check; registers a data watch even when the node is missing (NONODE);
 * - getData / getChildren(2) / getAllChildrenNumber: NONODE (no watch) when missing, NOAUTH
 *   without READ; the watch is registered only on success;
 * - getACL: READ or ADMIN; digest hashes masked without ADMIN;
 * - getEphemerals: the caller's own ephemerals whose path starts with the prefix (no ACL check);
 * - multiRead: getData/getChildren per op, not atomic, an error result per failing op, no watches.
 * Paths are not validated: an invalid path simply does not exist, except for a NUL in exists.
 */
export function readRequest<W>(
  tree: DataTree<W>,
  request: ReadRequest,
  ctx: SessionContext<W>,
): ClientResponse | ErrorCode {
  if (request === null || typeof request !== 'object') return ErrorCode.BADARGUMENTS;
  const store = tree.store;
  switch (request.type) {
    case OpCode.getData: {
      const node = store.find(request.path);
      if (node === NONE) return ErrorCode.NONODE;
      if (!canRead(tree, node, ctx)) return ErrorCode.NOAUTH;
      if (request.watch && ctx.watcher !== undefined) tree.watches.addDataWatch(request.path, ctx.watcher);
      return { type: OpCode.getData, data: store.data(node), stat: statAt(store, node) };
    }
    case OpCode.exists: {
      const path = request.path;
      if (typeof path !== 'string' || path.includes('\0')) return ErrorCode.BADARGUMENTS;
      if (request.watch && ctx.watcher !== undefined) tree.watches.addDataWatch(path, ctx.watcher);
      const node = store.find(path);
      if (node === NONE) return ErrorCode.NONODE;
      return { type: OpCode.exists, stat: statAt(store, node) };
    }
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const node = store.find(request.path);
      if (node === NONE) return ErrorCode.NONODE;
      if (!canRead(tree, node, ctx)) return ErrorCode.NOAUTH;
      if (request.watch && ctx.watcher !== undefined) tree.watches.addChildWatch(request.path, ctx.watcher);
      const children = store.childNames(node);
      if (request.type === OpCode.getChildren) return { type: OpCode.getChildren, children };
      return { type: OpCode.getChildren2, children, stat: statAt(store, node) };
    }
    case OpCode.getACL: {
      const node = store.find(request.path);
      if (node === NONE) return ErrorCode.NONODE;
      const acl = tree.acls.get(store.int(node, ACL));
      if (tree.skipACL) return { type: OpCode.getACL, acl: [...acl], stat: statAt(store, node) };
      const visible = aclForGetACL(acl, ctx.authIds, tree.permissionOptions);
      if (typeof visible === 'number') return visible;
      return {
        type: OpCode.getACL,
        acl: visible.map((e) => ({ perms: e.perms, id: { ...e.id } })),
        stat: statAt(store, node),
      };
    }
    case OpCode.getAllChildrenNumber: {
      const node = store.find(request.path);
      if (node === NONE) return ErrorCode.NONODE;
      if (!canRead(tree, node, ctx)) return ErrorCode.NOAUTH;
      return { type: OpCode.getAllChildrenNumber, totalNumber: tree.getAllChildrenNumber(request.path) };
    }
    case OpCode.getEphemerals:
      return {
        type: OpCode.getEphemerals,
        ephemerals: tree.getEphemerals(ctx.sessionId, request.prefixPath ?? '/'),
      };
    case OpCode.sync:
      return { type: OpCode.sync, path: request.path };
    case OpCode.multiRead: {
      if (!Array.isArray(request.ops)) return ErrorCode.BADARGUMENTS;
      const noWatch: SessionContext<W> = { sessionId: ctx.sessionId, authIds: ctx.authIds };
      const results: OpResult[] = request.ops.map((op): OpResult => {
        if (op?.type === OpCode.getData) {
          const r = readRequest(tree, { type: OpCode.getData, path: op.path, watch: false }, noWatch);
          if (typeof r === 'number') return { type: OpCode.error, err: r };
          return r as OpResult;
        }
        if (op?.type === OpCode.getChildren) {
          const r = readRequest(tree, { type: OpCode.getChildren, path: op.path, watch: false }, noWatch);
          if (typeof r === 'number') return { type: OpCode.error, err: r };
          return r as OpResult;
        }
        return { type: OpCode.error, err: ErrorCode.BADARGUMENTS };
      });
      return { type: OpCode.multiRead, results };
    }
    default:
      return ErrorCode.UNIMPLEMENTED;
  }
}
