import { describe, expect, it } from 'vitest';
import { childName, isSystemPath, parentPath, pathProblem, sequenceSuffix } from './paths';

describe('pathProblem (PathUtils.validatePath)', () => {
  it.each([
    '/',
    '/a',
    '/a/b/c',
    '/a.b',
    '/a/..b',
    '/a/b..',
    '/a/...',
    '/.a',
    '/zookeeper',
    '/ü/日本',
    '/a b',
    '/\u00a0',
    '/\uf900',
    '/\uffef',
  ])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeNull();
  });

  it.each([
    [null, 'Path cannot be null'],
    [undefined, 'Path cannot be null'],
    ['', 'Path length must be > 0'],
    ['a', 'Path must start with / character'],
    ['a/b', 'Path must start with / character'],
    ['/a/', 'Path must not end with / character'],
    ['//', 'Path must not end with / character'],
    ['//a', 'empty node name specified @1'],
    ['/a//b', 'empty node name specified @3'],
    ['/.', 'relative paths not allowed @1'],
    ['/..', 'relative paths not allowed @2'],
    ['/a/./b', 'relative paths not allowed @3'],
    ['/a/../b', 'relative paths not allowed @4'],
    ['/a/..', 'relative paths not allowed @4'],
    ['/a\u0000b', 'null character not allowed @2'],
    ['/a\u0001', 'invalid character @2'],
    ['/\u001f', 'invalid character @1'],
    ['/\u007f', 'invalid character @1'],
    ['/\u009f', 'invalid character @1'],
    ['/\ud800', 'invalid character @1'],
    ['/😀', 'invalid character @1'],
    ['/\uf8ff', 'invalid character @1'],
    ['/\ufff0', 'invalid character @1'],
    ['/\uffff', 'invalid character @1'],
  ])('rejects %j: %s', (path, reason) => {
    expect(pathProblem(path as string)).toBe(reason);
  });
});

describe('path helpers', () => {
  it('splits parent and child', () => {
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBe('');
    expect(childName('/a/b')).toBe('b');
    expect(childName('/a')).toBe('a');
  });

  it('knows the undeletable system nodes', () => {
    for (const path of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config'])
      expect(isSystemPath(path)).toBe(true);
    expect(isSystemPath('/zookeeper/x')).toBe(false);
    expect(isSystemPath('/zookeeper/quota/a')).toBe(false);
  });
});

describe('sequenceSuffix (Java %010d of a signed 32-bit counter)', () => {
  it.each([
    [0, '0000000000'],
    [1, '0000000001'],
    [2147483647, '2147483647'],
    [2147483648, '-2147483648'],
    [-2147483648, '-2147483648'],
    [-5, '-000000005'],
    [-123456789, '-123456789'],
  ])('%d → %s', (counter, suffix) => {
    expect(sequenceSuffix(counter)).toBe(suffix);
  });
});
