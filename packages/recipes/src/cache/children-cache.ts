import type { ClientSource } from '../session/renewing-session';
import { type CachedNode, TreeCache } from './tree-cache';

/**
 * The children of a node with their data (Curator's PathChildrenCache): a tree cache of depth 1.
 * Events name the child's full path; the parent's own events are reported as well.
 */
export class ChildrenCache extends TreeCache {
  constructor(source: ClientSource, path: string) {
    super(source, path, { maxDepth: 1 });
  }

  /** The children now, by name, in name order. */
  current(): Map<string, CachedNode> {
    const prefix = this.root === '/' ? '/' : `${this.root}/`;
    const children = new Map<string, CachedNode>();
    for (const name of this.children(this.root)) {
      const node = this.get(`${prefix}${name}`);
      if (node) children.set(name, node);
    }
    return children;
  }
}
