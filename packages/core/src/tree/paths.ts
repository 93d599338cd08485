/**
 * Znode path rules, as ZooKeeper's PathUtils.validatePath and PrepRequestProcessor apply them.
 * Paths are JavaScript (UTF-16) strings, so the code-unit ranges below are the ones Java checks.
 */

/** Why `path` is not a valid znode path, or null when it is. */
export function pathProblem(path: string | null | undefined): string | null {
  if (path === null || path === undefined) return 'Path cannot be null';
  const length = path.length;
  if (length === 0) return 'Path length must be > 0';
  if (path.charCodeAt(0) !== 0x2f) return 'Path must start with / character';
  if (length === 1) return null;
  if (path.charCodeAt(length - 1) === 0x2f) return 'Path must not end with / character';
  let last = 0x2f;
  for (let i = 1; i < length; last = path.charCodeAt(i), i++) {
    const c = path.charCodeAt(i);
    if (c === 0) return `null character not allowed @${i}`;
    if (c === 0x2f && last === 0x2f) return `empty node name specified @${i}`;
    if (c === 0x2e) {
      // "." or ".." as a whole segment
      const endsSegment = i + 1 === length || path.charCodeAt(i + 1) === 0x2f;
      if (endsSegment && last === 0x2f) return `relative paths not allowed @${i}`;
      if (endsSegment && last === 0x2e && path.charCodeAt(i - 2) === 0x2f)
        return `relative paths not allowed @${i}`;
      continue;
    }
    if (
      (c > 0x00 && c <= 0x1f) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xd800 && c <= 0xf8ff) ||
      (c >= 0xfff0 && c <= 0xffff)
    ) {
      return `invalid character @${i}`;
    }
  }
  return null;
}

export function isValidPath(path: string | null | undefined): path is string {
  return pathProblem(path) === null;
}

/**
 * The parent of an absolute path ('' for '/', '/' for a top-level node), as ZooKeeper's
 * `path.substring(0, lastSlash)` but with the root spelled '/'.
 */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return path.length > 1 ? '/' : '';
  return path.slice(0, slash);
}

/** The last segment of a path ('' for the root). */
export function childName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `parent` + '/' + `name`, without a double slash under the root. */
export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

export const ZOOKEEPER_NODE = '/zookeeper';
export const QUOTA_NODE = '/zookeeper/quota';
export const CONFIG_NODE = '/zookeeper/config';

/** Nodes the server refuses to delete (BADARGUMENTS, checked by ZooKeeper 3.8.0). */
export function isSystemPath(path: string): boolean {
  return path === '/' || path === ZOOKEEPER_NODE || path === QUOTA_NODE || path === CONFIG_NODE;
}

/**
 * The sequential-node suffix: Java's `String.format("%010d", n)` of a signed 32-bit counter,
 * so a negative counter prints as `-000000005` and the minimum as `-2147483648`.
 */
export function sequenceSuffix(counter: number): string {
  const n = counter | 0;
  if (n >= 0) return String(n).padStart(10, '0');
  const digits = String(-n);
  return `-${digits.padStart(9, '0')}`;
}
