import { describe, expect, it } from 'vitest';
import { parseConnectString } from './connect-string';

describe('parseConnectString', () => {
  it('reads hosts, ports (default 2181) and the chroot', () => {
    expect(parseConnectString('h1:2181,h2:2182/app/x')).toEqual({
      servers: [
        { host: 'h1', port: 2181 },
        { host: 'h2', port: 2182 },
      ],
      chroot: '/app/x',
    });
    expect(parseConnectString('zk')).toEqual({ servers: [{ host: 'zk', port: 2181 }], chroot: '' });
    expect(parseConnectString(' a:1 , b:2 /')).toEqual({
      servers: [
        { host: 'a', port: 1 },
        { host: 'b', port: 2 },
      ],
      chroot: '',
    });
  });

  it('accepts IPv6 in brackets and bare', () => {
    expect(parseConnectString('[::1]:2190,::1').servers).toEqual([
      { host: '::1', port: 2190 },
      { host: '::1', port: 2181 },
    ]);
  });

  it('drops a trailing slash of the chroot', () => {
    expect(parseConnectString('a:1/app/').chroot).toBe('/app');
  });

  it.each([
    ['', 'empty server address'],
    ['a:1,,b:2', 'empty server address'],
    ['a:0', 'invalid server address'],
    ['a:99999', 'invalid server address'],
    ['a:x', 'invalid server address'],
    ['a:1/app//x', 'chroot'],
    ['a:1/app/../x', 'chroot'],
  ])('refuses %j', (text, message) => {
    expect(() => parseConnectString(text)).toThrow(message);
  });
});
