import { NoNodeError, type WatchCallback, type ZooKeeperClient } from '@zkts/client';

function childPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

/**
 * ZKUtil.visitSubTreeDFS as `ls -R` prints it: the node, then each node's sorted children
 * before descending into them. A node deleted meanwhile is skipped; a missing root fails.
 */
export async function visitSubtree(
  zk: ZooKeeperClient,
  root: string,
  watcher: WatchCallback | undefined,
  visit: (path: string) => void,
): Promise<void> {
  if (watcher) await zk.getData(root, { watch: watcher });
  else await zk.getData(root);
  visit(root);
  const descend = async (path: string): Promise<void> => {
    let children: string[];
    try {
      children = (watcher ? await zk.getChildren(path, { watch: watcher }) : await zk.getChildren(path))
        .children;
    } catch (error) {
      if (NoNodeError.isInstance(error)) return;
      throw error;
    }
    children.sort();
    for (const child of children) visit(childPath(path, child));
    for (const child of children) await descend(childPath(path, child));
  };
  await descend(root);
}

/** Every path of the subtree, breadth first (ZKUtil.listSubTreeBFS). */
export async function listSubtree(zk: ZooKeeperClient, root: string): Promise<string[]> {
  const paths = [root];
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] ?? root;
    try {
      const { children } = await zk.getChildren(path);
      for (const child of children.sort()) paths.push(childPath(path, child));
    } catch (error) {
      if (!NoNodeError.isInstance(error)) throw error;
    }
  }
  return paths;
}

/**
 * ZKUtil.deleteRecursive: the subtree deepest first, `batch` deletes to a multi. Returns how many
 * nodes were deleted. A missing root fails with NoNode, as zkCli's deleteall does.
 */
export async function deleteRecursive(zk: ZooKeeperClient, root: string, batch: number): Promise<number> {
  await zk.getData(root);
  const paths = (await listSubtree(zk, root)).reverse();
  for (let i = 0; i < paths.length; i += batch) {
    const txn = zk.transaction();
    for (const path of paths.slice(i, i + batch)) txn.delete(path);
    await txn.commit();
  }
  return paths.length;
}
