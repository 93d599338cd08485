import {
  AddWatchMode,
  type ClientRequest,
  type ClientResponse,
  type DataTree,
  ErrorCode,
  type NodeZxids,
  OpCode,
  type SessionContext,
  WatcherType,
} from '@zkts/core';
import type { WatchTarget } from '../pipeline/pending-write';
import { inJavaChildOrder, inJavaHashSetOrder } from './java-hash-order';
import { isReadMultiOp } from './zookeeper-quirks';

/**
 * Answers a request that does not change the tree, as ZooKeeper 3.8's FinalRequestProcessor
 * does: reads (via `DataTree.read`), ping, sync, whoAmI and the watch requests. Returns the reply
 * body or an error code. Watch events that setWatches fires go to `watcher` before this returns,
 * so they reach the client ahead of the reply.
 */
export function answerLocally(
  tree: DataTree<WatchTarget>,
  request: ClientRequest,
  ctx: SessionContext<WatchTarget>,
  watcher: WatchTarget,
): ClientResponse | number {
  switch (request.type) {
    case OpCode.ping:
      return { type: OpCode.ping };
    case OpCode.whoAmI:
      return {
        type: OpCode.whoAmI,
        clientInfo: inJavaHashSetOrder(ctx.authIds).map((id) => ({
          authScheme: id.scheme,
          user: userName(id.scheme, id.id),
        })),
      };
    case OpCode.setWatches:
    case OpCode.setWatches2: {
      const events = tree.watches.resetWatches(request, (path) => lookupZxids(tree, path), watcher);
      // a watch re-armed on reconnect must not reveal changes to a node the session may not read
      for (const { event } of events) if (tree.watcherMayRead(watcher, event.path)) watcher.notify(event);
      return { type: request.type };
    }
    case OpCode.addWatch: {
      if (request.mode !== AddWatchMode.PERSISTENT && request.mode !== AddWatchMode.PERSISTENT_RECURSIVE)
        return ErrorCode.MARSHALLINGERROR;
      tree.watches.addPersistentWatch(
        request.path,
        watcher,
        request.mode === AddWatchMode.PERSISTENT_RECURSIVE,
      );
      return { type: OpCode.addWatch };
    }
    case OpCode.checkWatches: {
      if (!isStandardWatcherType(request.watcherType)) return ErrorCode.MARSHALLINGERROR;
      return tree.watches.checkWatches(request.path, request.watcherType, watcher)
        ? { type: OpCode.checkWatches }
        : ErrorCode.NOWATCHER;
    }
    case OpCode.removeWatches: {
      if (!isStandardWatcherType(request.watcherType)) return ErrorCode.MARSHALLINGERROR;
      return tree.watches.removeWatches(request.path, request.watcherType, watcher) === null
        ? ErrorCode.NOWATCHER
        : { type: OpCode.removeWatches };
    }
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const answer =
        request.path === ''
          ? readEmptyPath(tree, request.type, 'watch' in request && request.watch, ctx, watcher)
          : tree.read(request, ctx);
      if (
        typeof answer !== 'number' &&
        (answer.type === OpCode.getChildren || answer.type === OpCode.getChildren2)
      )
        inZooKeeperChildOrder(tree, request.path === '' ? '/' : request.path, answer.children);
      return answer;
    }
    case OpCode.multiRead: {
      if (!request.ops.every((op) => isReadMultiOp(op.type))) return ErrorCode.MARSHALLINGERROR;
      const answer = tree.read(request, ctx);
      if (typeof answer !== 'number' && answer.type === OpCode.multiRead) {
        answer.results.forEach((result, i) => {
          const op = request.ops[i];
          if (result.type === OpCode.getChildren && op !== undefined)
            inZooKeeperChildOrder(tree, op.path, result.children);
        });
      }
      return answer;
    }
    case OpCode.getACL:
      return tree.read(request.path === '' ? { type: OpCode.getACL, path: '/' } : request, ctx);
    default:
      return tree.read(request, ctx);
  }
}

/**
 * ZooKeeper's tree keys the root as "" as well as "/", so reading "" answers the root. A watch
 * set that way sits on "" where no change ever fires it, which is what we register too.
 */
function readEmptyPath(
  tree: DataTree<WatchTarget>,
  type: typeof OpCode.exists | typeof OpCode.getData | typeof OpCode.getChildren | typeof OpCode.getChildren2,
  watch: boolean,
  ctx: SessionContext<WatchTarget>,
  watcher: WatchTarget,
): ClientResponse | number {
  const answer = tree.read({ type, path: '/', watch: false }, ctx);
  if (watch && typeof answer !== 'number') {
    if (type === OpCode.exists || type === OpCode.getData) tree.watches.addDataWatch('', watcher);
    else tree.watches.addChildWatch('', watcher);
  }
  return answer;
}

/** The auth provider's user name for an id: a digest id `user:hash` names `user`, other ids themselves. */
function userName(scheme: string, id: string): string {
  if (scheme !== 'digest') return id;
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

/** The real 3.8.0 server answers MARSHALLINGERROR for watcher types 4 and 5 and unknown ones. */
function isStandardWatcherType(type: number): boolean {
  return type === WatcherType.Children || type === WatcherType.Data || type === WatcherType.Any;
}

function lookupZxids(tree: DataTree<WatchTarget>, path: string): NodeZxids {
  const node = tree.node(path);
  return node === undefined ? undefined : node;
}

function inZooKeeperChildOrder(tree: DataTree<WatchTarget>, parent: string, children: string[]): void {
  const prefix = parent === '/' ? '/' : `${parent}/`;
  inJavaChildOrder(children, (name) => tree.node(prefix + name)?.czxid ?? 0);
}
