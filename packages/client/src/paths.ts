import { describeValue } from './arguments';
import { BadArgumentsError } from './errors/error-classes';

/**
 * Rejects paths the server would refuse, before a round trip: absolute, no empty, "." or ".."
 * segments, no trailing slash (except a sequential create's prefix), no NUL or unprintable
 * characters (PathUtils.validatePath's rules).
 */
export function validatePath(path: string, sequential = false): void {
  const fail = (why: string): never => {
    throw new BadArgumentsError(`invalid path "${path}": ${why}`, { path });
  };
  if (typeof path !== 'string') throw new TypeError(`the path must be a string; got ${describeValue(path)}`);
  if (path.length === 0) fail('the path is empty');
  if (path[0] !== '/') fail('the path must start with "/"');
  if (path.length === 1) {
    if (sequential) fail('a sequential node needs a name prefix');
    return;
  }
  const body = path.endsWith('/') && sequential ? path.slice(0, -1) : path;
  if (body.endsWith('/')) fail('the path must not end with "/"');
  const segments = body.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' && body.length > 1) fail('empty segment');
    if (segment === '.' || segment === '..') fail('relative segments are not allowed');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused
  if (/[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/.test(path)) fail('invalid character');
}

/** Maps between the caller's paths and the server's under a chroot ('' = none). */
export class Chroot {
  constructor(readonly prefix: string) {}

  toServer(path: string): string {
    if (this.prefix === '') return path;
    return path === '/' ? this.prefix : this.prefix + path;
  }

  /** Strips the chroot; paths outside it (e.g. /zookeeper/config) come back unchanged. */
  toClient(serverPath: string): string {
    if (this.prefix === '') return serverPath;
    if (serverPath === this.prefix) return '/';
    if (serverPath.startsWith(`${this.prefix}/`)) return serverPath.slice(this.prefix.length);
    return serverPath;
  }
}
