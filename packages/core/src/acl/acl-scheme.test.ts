import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import type { ACL } from '../types';
import { type AclScheme, exactIdScheme } from './acl-scheme';
import { checkPermission } from './check-permission';
import { fixupACL } from './fixup-acl';

const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });

/** A scheme whose ACL ids are prefixes: `team:ops` names `team:ops/alice`. */
const team: AclScheme = {
  isValid: (id) => /^[a-z]+$/.test(id),
  matches: (id, aclExpression) => id.startsWith(`${aclExpression}/`),
  isAuthenticated: false,
};
const schemes = new Map([
  ['x509', exactIdScheme],
  ['team', team],
]);

describe('ACL schemes beyond world/auth/digest/ip', () => {
  it('are invalid in an ACL unless the tree has them', () => {
    expect(fixupACL('/n', [], [acl(31, 'x509', 'CN=client')])).toBe(ErrorCode.INVALIDACL);
    expect(fixupACL('/n', [], [acl(31, 'x509', 'CN=client')], { schemes })).toEqual([
      acl(31, 'x509', 'CN=client'),
    ]);
    expect(fixupACL('/n', [], [acl(31, 'team', 'Ops!')], { schemes })).toBe(ErrorCode.INVALIDACL);
  });

  it('expand `auth` to their ids only when authenticated', () => {
    const ids = [
      { scheme: 'ip', id: '127.0.0.1' },
      { scheme: 'team', id: 'ops/alice' },
      { scheme: 'x509', id: 'CN=client,O=zkts' },
    ];
    expect(fixupACL('/n', ids, [acl(1, 'auth', '')], { schemes })).toEqual([
      acl(1, 'x509', 'CN=client,O=zkts'),
    ]);
  });

  it('decide with their own matches', () => {
    const node = [acl(1, 'team', 'ops'), acl(2, 'x509', 'CN=client,O=zkts')];
    expect(checkPermission(node, 1, [{ scheme: 'team', id: 'ops/alice' }], { schemes })).toBe(true);
    expect(checkPermission(node, 1, [{ scheme: 'team', id: 'dev/bob' }], { schemes })).toBe(false);
    expect(checkPermission(node, 2, [{ scheme: 'x509', id: 'CN=client,O=zkts' }], { schemes })).toBe(true);
    expect(checkPermission(node, 2, [{ scheme: 'x509', id: 'CN=client' }], { schemes })).toBe(false);
    // without the registry the team id is compared exactly, as an unknown scheme always was
    expect(checkPermission(node, 1, [{ scheme: 'team', id: 'ops/alice' }])).toBe(false);
  });
});
