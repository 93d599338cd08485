import { NONE, type NodeStore } from './node-store';
import { ZNode } from './znode';

/**
 * The tree's znodes by path, as a read-only Map over the NodeStore: `get` makes a view of the
 * node's record, iteration walks the tree (parents before children, siblings oldest first).
 */
export class NodeMap implements ReadonlyMap<string, ZNode> {
  constructor(private readonly store: NodeStore) {}

  get size(): number {
    return this.store.size;
  }

  get(path: string): ZNode | undefined {
    const id = this.store.find(path);
    return id === NONE ? undefined : new ZNode(this.store, id);
  }

  has(path: string): boolean {
    return this.store.find(path) !== NONE;
  }

  *entries(): MapIterator<[string, ZNode]> {
    for (const [id, path] of this.store.walk()) yield [path, new ZNode(this.store, id)];
  }

  *keys(): MapIterator<string> {
    for (const [, path] of this.store.walk()) yield path;
  }

  *values(): MapIterator<ZNode> {
    for (const [id] of this.store.walk()) yield new ZNode(this.store, id);
  }

  [Symbol.iterator](): MapIterator<[string, ZNode]> {
    return this.entries();
  }

  forEach(callback: (value: ZNode, key: string, map: ReadonlyMap<string, ZNode>) => void): void {
    for (const [path, node] of this.entries()) callback(node, path, this);
  }
}
