import { describe, expect, it } from 'vitest';
import { Chroot, validatePath } from './paths';

describe('validatePath', () => {
  it.each(['/', '/a', '/a/b', '/a-b_c.d', '/ü', '/..a', '/a.'])('accepts %j', (path) => {
    expect(() => validatePath(path)).not.toThrow();
  });
  it.each(['', 'a', '/a/', '//', '/a//b', '/.', '/a/..', '/a\u0000', '/\ud800'])('refuses %j', (path) => {
    expect(() => validatePath(path)).toThrow(/invalid path/);
  });
  it('a sequential prefix may end with "/", not be "/" alone', () => {
    expect(() => validatePath('/a/', true)).not.toThrow();
    expect(() => validatePath('/', true)).toThrow();
  });
});

describe('Chroot', () => {
  it('maps paths both ways and leaves outside paths alone', () => {
    const chroot = new Chroot('/app');
    expect(chroot.toServer('/')).toBe('/app');
    expect(chroot.toServer('/x')).toBe('/app/x');
    expect(chroot.toClient('/app')).toBe('/');
    expect(chroot.toClient('/app/x/y')).toBe('/x/y');
    expect(chroot.toClient('/apple')).toBe('/apple');
    expect(chroot.toClient('/zookeeper/config')).toBe('/zookeeper/config');
    expect(new Chroot('').toServer('/x')).toBe('/x');
  });
});
