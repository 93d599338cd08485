import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import { NULL_DATA } from '../tree/binary';
import { authenticate, ipId } from './authenticate';
import { digestId } from './digest';

const text = (s: string) => new TextEncoder().encode(s);

// Ids observed on the real ZooKeeper 3.8.0 server: addAuth, then create with `auth` and getACL.
describe('authenticate (addAuth)', () => {
  it('digest user:password gives user:base64(sha1(user:password))', () => {
    expect(digestId('alice', 'pw')).toBe('alice:V55/p2T0OpjQ+low3NVAH4aLvm0=');
    expect(authenticate('digest', text('alice:pw'), '127.0.0.1')).toEqual({
      scheme: 'digest',
      id: 'alice:V55/p2T0OpjQ+low3NVAH4aLvm0=',
    });
  });

  it('digest accepts text without a colon or with empty parts, as the real server does', () => {
    expect(authenticate('digest', text('nocolon'), '')).toEqual({
      scheme: 'digest',
      id: 'nocolon:Ra+cHr2ZoHvBjtNArFGNGlVie4g=',
    });
    expect(authenticate('digest', text(':'), '')).toEqual({
      scheme: 'digest',
      id: ':BaefBs8/Z/cm2uaNGKIpD2yaUMk=',
    });
    expect(authenticate('digest', text('alice:'), '')).toEqual({
      scheme: 'digest',
      id: 'alice:VvKt9/iw7kxS1milYay2cPWBnRo=',
    });
    expect(authenticate('digest', text('a:b:c'), '')).toEqual({
      scheme: 'digest',
      id: 'a:cLzgnoJ6mP5qz3w+mwvPE2vDgu0=',
    });
  });

  it('digest with null credentials (zkCli `addauth digest`) fails, as in ZooKeeper 3.8; empty ones do not', () => {
    expect(authenticate('digest', NULL_DATA, '')).toBe(ErrorCode.AUTHFAILED);
    expect(authenticate('digest', new Uint8Array(0), '')).toMatchObject({ scheme: 'digest' });
  });

  it('ip ignores its bytes and yields the client address', () => {
    expect(authenticate('ip', text('junk'), '10.1.2.3')).toEqual({ scheme: 'ip', id: '10.1.2.3' });
    expect(ipId('::ffff:127.0.0.1')).toEqual({ scheme: 'ip', id: '127.0.0.1' });
  });

  it('unknown, super and world schemes fail with AUTHFAILED (real server then closes the connection)', () => {
    for (const scheme of ['foo', 'super', 'world', 'auth']) {
      expect(authenticate(scheme, text('x'), '127.0.0.1')).toBe(ErrorCode.AUTHFAILED);
    }
  });
});
