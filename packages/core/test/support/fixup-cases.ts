import { digestId } from '../../src/acl/digest';
import { ErrorCode } from '../../src/errors';
import type { ACL, Id } from '../../src/types';

export const alice: Id = { scheme: 'digest', id: digestId('alice', 'pw') };
export const bob: Id = { scheme: 'digest', id: digestId('bob', 'pw') };
export const localIp: Id = { scheme: 'ip', id: '127.0.0.1' };
/** How a connection gets each id above on a real server (localIp is every loopback connection's). */
export const credentialsOf = new Map<string, string | null>([
  [alice.id, 'alice:pw'],
  [bob.id, 'bob:pw'],
  [localIp.id, null],
]);
export const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });

/**
 * Every case below was run against the real ZooKeeper 3.8.0 server (create with that ACL, by a
 * connection holding `ids`; see scripts/zkprobe.py) and the outcome written down here:
 * INVALIDACL (−114), or the list getACL returned afterwards.
 */
export const fixupCases: Array<[name: string, ids: Id[], input: ACL[], expected: ACL[] | ErrorCode]> = [
  ['empty list → INVALIDACL', [], [], ErrorCode.INVALIDACL],
  ['world:anyone kept', [], [acl(31, 'world', 'anyone')], [acl(31, 'world', 'anyone')]],
  ['world:foo → INVALIDACL', [], [acl(31, 'world', 'foo')], ErrorCode.INVALIDACL],
  ['world:Anyone (case matters) → INVALIDACL', [], [acl(31, 'world', 'Anyone')], ErrorCode.INVALIDACL],
  ['WORLD:anyone (scheme case matters) → INVALIDACL', [], [acl(31, 'WORLD', 'anyone')], ErrorCode.INVALIDACL],
  ['perms 0 accepted as is', [], [acl(0, 'world', 'anyone')], [acl(0, 'world', 'anyone')]],
  ['perms 32 accepted as is', [], [acl(32, 'world', 'anyone')], [acl(32, 'world', 'anyone')]],
  ['perms −1 accepted as is', [], [acl(-1, 'world', 'anyone')], [acl(-1, 'world', 'anyone')]],
  ['perms 100 accepted as is', [], [acl(100, 'world', 'anyone')], [acl(100, 'world', 'anyone')]],
  ['unknown scheme → INVALIDACL', [], [acl(31, 'foo', 'bar')], ErrorCode.INVALIDACL],
  ['super scheme in an ACL → INVALIDACL', [], [acl(31, 'super', '')], ErrorCode.INVALIDACL],
  ['x509 (no provider configured) → INVALIDACL', [], [acl(31, 'x509', 'CN=foo')], ErrorCode.INVALIDACL],
  ['sasl (no provider configured) → INVALIDACL', [], [acl(31, 'sasl', 'foo')], ErrorCode.INVALIDACL],
  ['digest user:hash kept', [], [acl(31, 'digest', 'alice:xyz')], [acl(31, 'digest', 'alice:xyz')]],
  ['digest hash is not decoded', [], [acl(31, 'digest', 'alice:!!!')], [acl(31, 'digest', 'alice:!!!')]],
  ['digest without colon → INVALIDACL', [], [acl(31, 'digest', 'alice')], ErrorCode.INVALIDACL],
  ['digest with empty user is valid', [], [acl(31, 'digest', ':xyz')], [acl(31, 'digest', ':xyz')]],
  ['digest with empty hash → INVALIDACL', [], [acl(31, 'digest', 'alice:')], ErrorCode.INVALIDACL],
  ['digest a:b:c → INVALIDACL', [], [acl(31, 'digest', 'a:b:c')], ErrorCode.INVALIDACL],
  ['digest alice:: → INVALIDACL', [], [acl(31, 'digest', 'alice::')], ErrorCode.INVALIDACL],
  ['digest :: → INVALIDACL', [], [acl(31, 'digest', '::')], ErrorCode.INVALIDACL],
  [
    'digest a:b: is valid (trailing empty part dropped)',
    [],
    [acl(1, 'digest', 'a:b:')],
    [acl(1, 'digest', 'a:b:')],
  ],
  ['ip address kept', [], [acl(31, 'ip', '10.0.0.1')], [acl(31, 'ip', '10.0.0.1')]],
  ['ip CIDR /8 kept', [], [acl(31, 'ip', '10.0.0.0/8')], [acl(31, 'ip', '10.0.0.0/8')]],
  ['ip CIDR /0 kept', [], [acl(31, 'ip', '10.0.0.0/0')], [acl(31, 'ip', '10.0.0.0/0')]],
  ['ip CIDR /32 kept', [], [acl(31, 'ip', '10.0.0.0/32')], [acl(31, 'ip', '10.0.0.0/32')]],
  ['ip CIDR /+8 kept (Java parseInt)', [], [acl(31, 'ip', '1.2.3.4/+8')], [acl(31, 'ip', '1.2.3.4/+8')]],
  ['ip CIDR /08 kept', [], [acl(31, 'ip', '1.2.3.4/08')], [acl(31, 'ip', '1.2.3.4/08')]],
  ['ip 010.0.0.1 kept', [], [acl(31, 'ip', '010.0.0.1')], [acl(31, 'ip', '010.0.0.1')]],
  ['ip +10.0.0.1 kept', [], [acl(31, 'ip', '+10.0.0.1')], [acl(31, 'ip', '+10.0.0.1')]],
  ['ip -0.1.2.3 kept', [], [acl(31, 'ip', '-0.1.2.3')], [acl(31, 'ip', '-0.1.2.3')]],
  ['ip CIDR /33 → INVALIDACL', [], [acl(31, 'ip', '10.0.0.0/33')], ErrorCode.INVALIDACL],
  ['ip CIDR /-1 → INVALIDACL', [], [acl(31, 'ip', '10.0.0.0/-1')], ErrorCode.INVALIDACL],
  ['ip CIDR with empty bits → INVALIDACL', [], [acl(31, 'ip', '10.0.0.0/')], ErrorCode.INVALIDACL],
  ['ip 1.2.3.4/8/9 → INVALIDACL', [], [acl(31, 'ip', '1.2.3.4/8/9')], ErrorCode.INVALIDACL],
  ['ip three parts → INVALIDACL', [], [acl(31, 'ip', '10.0.0')], ErrorCode.INVALIDACL],
  ['ip five parts → INVALIDACL', [], [acl(31, 'ip', '1.2.3.4.5')], ErrorCode.INVALIDACL],
  ['ip trailing dot → INVALIDACL', [], [acl(31, 'ip', '1.2.3.4.')], ErrorCode.INVALIDACL],
  ['ip empty part → INVALIDACL', [], [acl(31, 'ip', '1..2.3')], ErrorCode.INVALIDACL],
  ['ip part 256 → INVALIDACL', [], [acl(31, 'ip', '10.0.0.256')], ErrorCode.INVALIDACL],
  ['ip with spaces → INVALIDACL', [], [acl(31, 'ip', ' 1.2.3.4')], ErrorCode.INVALIDACL],
  ['ip host name → INVALIDACL', [], [acl(31, 'ip', 'localhost')], ErrorCode.INVALIDACL],
  ['ip empty → INVALIDACL', [], [acl(31, 'ip', '')], ErrorCode.INVALIDACL],
  ['ip list with comma → INVALIDACL', [], [acl(31, 'ip', '10.0.0.1,10.0.0.2')], ErrorCode.INVALIDACL],
  ['ip IPv6 ::1 → INVALIDACL in 3.8.0', [], [acl(31, 'ip', '::1')], ErrorCode.INVALIDACL],
  ['ip IPv6 full form → INVALIDACL in 3.8.0', [], [acl(31, 'ip', '0:0:0:0:0:0:0:1')], ErrorCode.INVALIDACL],
  ['ip IPv6 CIDR → INVALIDACL in 3.8.0', [], [acl(31, 'ip', 'fe80::/64')], ErrorCode.INVALIDACL],
  ['ip IPv4-mapped → INVALIDACL in 3.8.0', [], [acl(31, 'ip', '::ffff:10.0.0.1')], ErrorCode.INVALIDACL],
  ['auth without authenticated ids → INVALIDACL', [localIp], [acl(31, 'auth', '')], ErrorCode.INVALIDACL],
  [
    'auth:<id> without authenticated ids → INVALIDACL',
    [],
    [acl(31, 'auth', 'whatever')],
    ErrorCode.INVALIDACL,
  ],
  [
    'auth with only a super id → INVALIDACL (super is not expanded)',
    [{ scheme: 'super', id: '' }],
    [acl(31, 'auth', '')],
    ErrorCode.INVALIDACL,
  ],
  [
    'auth expands to each digest id, not ip',
    [localIp, alice, bob],
    [acl(31, 'auth', '')],
    [acl(31, 'digest', alice.id), acl(31, 'digest', bob.id)],
  ],
  ['auth:<id> ignores the id', [alice], [acl(5, 'auth', 'zzz')], [acl(5, 'digest', alice.id)]],
  [
    'super digest user: auth expands to its digest id only',
    [
      { scheme: 'super', id: '' },
      { scheme: 'digest', id: 'super:h' },
    ],
    [acl(31, 'auth', '')],
    [acl(31, 'digest', 'super:h')],
  ],
  [
    'exact duplicates removed',
    [],
    [acl(31, 'world', 'anyone'), acl(31, 'world', 'anyone')],
    [acl(31, 'world', 'anyone')],
  ],
  [
    'same id with other perms is not a duplicate',
    [],
    [acl(31, 'world', 'anyone'), acl(1, 'world', 'anyone')],
    [acl(31, 'world', 'anyone'), acl(1, 'world', 'anyone')],
  ],
  [
    'duplicate auth entries collapse before expansion',
    [alice, bob],
    [acl(31, 'auth', ''), acl(31, 'auth', '')],
    [acl(31, 'digest', alice.id), acl(31, 'digest', bob.id)],
  ],
  [
    'auth entries with different perms each expand',
    [alice],
    [acl(31, 'auth', ''), acl(1, 'auth', '')],
    [acl(31, 'digest', alice.id), acl(1, 'digest', alice.id)],
  ],
  [
    'expansion may repeat an explicit entry (dedupe ran first)',
    [alice],
    [acl(31, 'auth', ''), acl(31, 'digest', alice.id)],
    [acl(31, 'digest', alice.id), acl(31, 'digest', alice.id)],
  ],
  [
    'order kept around an expansion',
    [alice],
    [acl(1, 'world', 'anyone'), acl(31, 'auth', '')],
    [acl(1, 'world', 'anyone'), acl(31, 'digest', alice.id)],
  ],
  [
    'one invalid entry spoils the list',
    [],
    [acl(31, 'world', 'anyone'), acl(31, 'ip', 'bad')],
    ErrorCode.INVALIDACL,
  ],
];
