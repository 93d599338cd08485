import { describe, expect, it } from 'vitest';
import { Perms } from '../constants';
import { ErrorCode } from '../errors';
import type { ACL, Id } from '../types';
import { digestId } from './digest';
import { aclForGetACL, maskDigestForRead } from './get-acl';

const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });
const alice: Id = { scheme: 'digest', id: digestId('alice', 'pw') };
const bob: Id = { scheme: 'digest', id: digestId('bob', 'pw') };
const anon: Id[] = [{ scheme: 'ip', id: '127.0.0.1' }];

// Observed on the real ZooKeeper 3.8.0 server (scripts/zkprobe.py): getACL needs READ or ADMIN,
// and digest hashes are shown only to callers with ADMIN.
describe('getACL visibility on ZooKeeper 3.8.0', () => {
  it('READ without ADMIN: digest hashes are masked to user:x, world and ip ids are not', () => {
    const list = [acl(31, 'digest', alice.id), acl(Perms.READ, 'world', 'anyone'), acl(1, 'ip', '127.0.0.1')];
    expect(aclForGetACL(list, anon)).toEqual([
      acl(31, 'digest', 'alice:x'),
      acl(Perms.READ, 'world', 'anyone'),
      acl(1, 'ip', '127.0.0.1'),
    ]);
  });

  it('READ via an ip entry also sees masked hashes', () => {
    expect(aclForGetACL([acl(31, 'digest', alice.id), acl(1, 'ip', '127.0.0.1')], anon)).toEqual([
      acl(31, 'digest', 'alice:x'),
      acl(1, 'ip', '127.0.0.1'),
    ]);
  });

  it('ADMIN without READ sees the hashes', () => {
    const list = [acl(31, 'digest', alice.id), acl(Perms.ADMIN, 'world', 'anyone')];
    expect(aclForGetACL(list, anon)).toEqual(list);
  });

  it('the digest user herself sees masked hashes when she has only READ', () => {
    expect(aclForGetACL([acl(1, 'digest', alice.id), acl(1, 'digest', bob.id)], [...anon, alice])).toEqual([
      acl(1, 'digest', 'alice:x'),
      acl(1, 'digest', 'bob:x'),
    ]);
  });

  it('the ADMIN holder sees everything', () => {
    const list = [acl(Perms.ADMIN, 'digest', bob.id), acl(Perms.READ, 'digest', alice.id)];
    expect(aclForGetACL(list, [...anon, bob])).toEqual(list);
  });

  it('the superuser sees everything', () => {
    const list = [acl(1, 'digest', alice.id)];
    expect(aclForGetACL(list, [{ scheme: 'super', id: '' }])).toEqual(list);
  });

  it('WRITE only, perms 0, or no matching entry → NOAUTH', () => {
    expect(aclForGetACL([acl(31, 'digest', alice.id), acl(Perms.WRITE, 'world', 'anyone')], anon)).toBe(
      ErrorCode.NOAUTH,
    );
    expect(aclForGetACL([acl(0, 'world', 'anyone')], anon)).toBe(ErrorCode.NOAUTH);
    expect(aclForGetACL([acl(31, 'ip', '10.0.0.1')], anon)).toBe(ErrorCode.NOAUTH);
  });

  it('maskDigestForRead leaves the stored list untouched', () => {
    const list = Object.freeze([acl(31, 'digest', alice.id), acl(1, 'world', 'anyone')]);
    maskDigestForRead(list, anon);
    expect(list[0]!.id.id).toBe(alice.id);
  });
});
