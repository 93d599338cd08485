import { CommandError } from './command-error';

/**
 * PathUtils.validatePath with the Java client's messages, which zkCli prints as they are
 * (`Path must start with / character`, `Invalid path string "/a//b" caused by empty node name specified @3`).
 */
export function checkPath(path: string, sequential = false): void {
  const target = sequential ? `${path}1` : path;
  const problem = pathProblem(target);
  if (problem !== undefined) throw new CommandError(problem);
}

function pathProblem(path: string): string | undefined {
  if (path.length === 0) return 'Path length must be > 0';
  if (path[0] !== '/') return 'Path must start with / character';
  if (path.length === 1) return undefined;
  if (path.endsWith('/')) return 'Path must not end with / character';
  let last = '/';
  for (let i = 1; i < path.length; last = path[i] ?? '', i++) {
    const c = path[i] ?? '';
    const code = c.charCodeAt(0);
    const endsSegment = i + 1 === path.length || path[i + 1] === '/';
    let reason: string | undefined;
    if (code === 0) reason = `null character not allowed @${i}`;
    else if (c === '/' && last === '/') reason = `empty node name specified @${i}`;
    else if (c === '.' && last === '.') {
      if (path[i - 2] === '/' && endsSegment) reason = `relative paths not allowed @${i}`;
    } else if (c === '.') {
      if (path[i - 1] === '/' && endsSegment) reason = `relative paths not allowed @${i}`;
    } else if (
      (code > 0 && code <= 0x1f) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xf8ff) ||
      code >= 0xfff0
    ) {
      reason = `invalid character @${i}`;
    }
    if (reason !== undefined) return `Invalid path string "${path}" caused by ${reason}`;
  }
  return undefined;
}
