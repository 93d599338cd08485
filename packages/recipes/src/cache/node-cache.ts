import type { ClientSource } from '../session/renewing-session';
import { type CachedNode, TreeCache } from './tree-cache';

/**
 * One node's data and Stat, kept current (a tree cache of depth 0: one persistent watch).
 * `current` is undefined while the node does not exist; events as TreeCache.
 */
export class NodeCache extends TreeCache {
  constructor(source: ClientSource, path: string) {
    super(source, path, { maxDepth: 0 });
  }

  get current(): CachedNode | undefined {
    return this.get(this.root);
  }
}
