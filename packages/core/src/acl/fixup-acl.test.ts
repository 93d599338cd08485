import { describe, expect, it } from 'vitest';
import { alice, fixupCases } from '../../test/support/fixup-cases';
import { ErrorCode } from '../errors';
import type { ACL } from '../types';
import { fixupACL } from './fixup-acl';

const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });

describe('fixupACL follows the real ZooKeeper 3.8.0 server', () => {
  it.each(fixupCases)('%s', (_name, ids, input, expected) => {
    expect(fixupACL('/n', ids, input)).toEqual(expected);
  });

  it('accepts IPv6 ip ids only when asked to (ZooKeeper 3.8.0 rejects them)', () => {
    expect(fixupACL('/n', [], [acl(31, 'ip', 'fe80::/64')], { ipv6: true })).toEqual([
      acl(31, 'ip', 'fe80::/64'),
    ]);
    expect(fixupACL('/n', [], [acl(31, 'ip', 'fe80::/129')], { ipv6: true })).toBe(ErrorCode.INVALIDACL);
  });

  it('does not alias the caller ids it expands into', () => {
    const ids = [{ ...alice }];
    const result = fixupACL('/n', ids, [acl(31, 'auth', '')]) as ACL[];
    ids[0]!.id = 'mallory:h';
    expect(result[0]!.id.id).toBe(alice.id);
  });
});
