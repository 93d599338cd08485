import { describe, expect, it } from 'vitest';
import { Perms } from '../constants';
import type { ACL, Id } from '../types';
import { checkPermission } from './check-permission';
import { digestId } from './digest';

const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });
const alice: Id = { scheme: 'digest', id: digestId('alice', 'pw') };
const local: Id = { scheme: 'ip', id: '127.0.0.1' };

describe('checkPermission (PrepRequestProcessor.checkACL)', () => {
  it('an empty ACL allows everything', () => {
    expect(checkPermission([], Perms.ADMIN, [])).toBe(true);
  });

  it('world:anyone grants its bits to anyone, and only its bits', () => {
    const list = [acl(Perms.READ, 'world', 'anyone')];
    expect(checkPermission(list, Perms.READ, [])).toBe(true);
    expect(checkPermission(list, Perms.WRITE, [local])).toBe(false);
  });

  it('perm is a mask: any shared bit is enough (getACL asks READ|ADMIN)', () => {
    expect(checkPermission([acl(Perms.ADMIN, 'world', 'anyone')], Perms.READ | Perms.ADMIN, [])).toBe(true);
  });

  it('perms are bits, unvalidated: 32 grants nothing, −1 grants everything (real 3.8.0: NOAUTH on perms 32)', () => {
    expect(checkPermission([acl(32, 'world', 'anyone')], Perms.READ, [])).toBe(false);
    expect(checkPermission([acl(-1, 'world', 'anyone')], Perms.ADMIN, [])).toBe(true);
    expect(checkPermission([acl(0, 'world', 'anyone')], Perms.ALL, [])).toBe(false);
  });

  it('digest entries match the exact authenticated id', () => {
    const list = [acl(Perms.ALL, 'digest', alice.id)];
    expect(checkPermission(list, Perms.WRITE, [local, alice])).toBe(true);
    expect(
      checkPermission(list, Perms.WRITE, [local, { scheme: 'digest', id: digestId('alice', 'other') }]),
    ).toBe(false);
    expect(checkPermission(list, Perms.WRITE, [{ scheme: 'ip', id: alice.id }])).toBe(false);
  });

  it('ip entries match the caller address by CIDR (real 3.8.0: ip:10.0.0.0/0 readable from 127.0.0.1)', () => {
    expect(checkPermission([acl(Perms.READ, 'ip', '10.0.0.0/0')], Perms.READ, [local])).toBe(true);
    expect(checkPermission([acl(Perms.READ, 'ip', '127.0.0.0/8')], Perms.READ, [local])).toBe(true);
    expect(checkPermission([acl(Perms.READ, 'ip', '127.0.0.2')], Perms.READ, [local])).toBe(false);
    expect(checkPermission([acl(Perms.READ, 'ip', '10.0.0.1')], Perms.READ, [local])).toBe(false);
  });

  it('ip entries match IPv6 callers too', () => {
    const v6: Id = { scheme: 'ip', id: 'fe80::1' };
    expect(checkPermission([acl(Perms.READ, 'ip', 'fe80::/64')], Perms.READ, [v6])).toBe(true);
    expect(checkPermission([acl(Perms.READ, 'ip', 'fe81::/64')], Perms.READ, [v6])).toBe(false);
    expect(checkPermission([acl(Perms.READ, 'ip', '0.0.0.0/0')], Perms.READ, [v6])).toBe(false);
  });

  it('the super id passes every check, even perms 0 (real 3.8.0: super reads a perms-0 node)', () => {
    expect(checkPermission([acl(0, 'world', 'anyone')], Perms.READ, [{ scheme: 'super', id: '' }])).toBe(
      true,
    );
  });

  it('a digest id equal to the configured superDigest is the superuser', () => {
    const superId = digestId('super', 'secret');
    const list = [acl(Perms.READ, 'digest', alice.id)];
    expect(
      checkPermission(list, Perms.ADMIN, [{ scheme: 'digest', id: superId }], { superDigest: superId }),
    ).toBe(true);
    expect(checkPermission(list, Perms.ADMIN, [{ scheme: 'digest', id: superId }])).toBe(false);
  });

  it('an entry of another scheme never matches', () => {
    expect(
      checkPermission([acl(Perms.ALL, 'x509', 'CN=a')], Perms.READ, [{ scheme: 'sasl', id: 'CN=a' }]),
    ).toBe(false);
    expect(
      checkPermission([acl(Perms.ALL, 'x509', 'CN=a')], Perms.READ, [{ scheme: 'x509', id: 'CN=a' }]),
    ).toBe(true);
  });
});
