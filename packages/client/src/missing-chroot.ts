import { NoNodeError } from './errors/error-classes';
import type { Chroot } from './paths';

/**
 * ZooKeeper answers NONODE with the caller's path when the chroot itself is missing, which
 * reads as if `/config` were the problem. When the node the server could not find is the chroot
 * node (`missing` is '/' in the caller's terms), say so and what to do.
 */
export function explainMissingChroot(error: unknown, chroot: Chroot, missing: string | undefined): unknown {
  if (chroot.prefix === '' || missing !== '/' || !NoNodeError.isInstance(error)) return error;
  return new NoNodeError(
    `NONODE at ${error.path ?? '/'}: the chroot ${chroot.prefix} does not exist; create it first (e.g. create('${chroot.prefix}') from a client without the chroot)`,
    { path: error.path, cause: error },
  );
}

/** The parent of a path as the caller names it ('/' for a top-level node). */
export function parentPath(path: string): string | undefined {
  if (path === '/') return undefined;
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
