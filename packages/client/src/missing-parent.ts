import { NoNodeError } from './errors/error-classes';
import type { Chroot } from './paths';

/**
 * create's NONODE is about the parent, but ZooKeeper names the caller's path, which reads as
 * if that node were the problem. Say which node is missing and what to do: the chroot itself
 * (for a top-level node under a chroot), or the parent.
 */
export function explainMissingParent(error: unknown, chroot: Chroot, path: string): unknown {
  const parent = parentPath(path);
  if (parent === undefined || !NoNodeError.isInstance(error)) return error;
  if (parent === '/') {
    if (chroot.prefix === '') return error;
    return new NoNodeError(
      `NONODE at ${error.path ?? '/'}: the chroot ${chroot.prefix} does not exist; create it first (e.g. create('${chroot.prefix}') from a client without the chroot)`,
      { path: error.path, cause: error },
    );
  }
  return new NoNodeError(
    `NONODE at ${error.path ?? path}: its parent ${parent} does not exist (create(path, data, { parents: true }) creates missing ancestors)`,
    { path: error.path, cause: error },
  );
}

/** The parent of a path as the caller names it ('/' for a top-level node). */
export function parentPath(path: string): string | undefined {
  if (path === '/') return undefined;
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
