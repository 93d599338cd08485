import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RealZooKeeper,
  realZooKeeperAvailable,
  startRealZooKeeper,
} from '../../../test/support/real-zookeeper';
import { aclForGetACL, digestId, fixupACL } from '../src/acl/index';
import { ErrorCode } from '../src/errors';
import type { ACL, Id } from '../src/types';
import { acl, alice, bob, credentialsOf, fixupCases, localIp } from './support/fixup-cases';
import { EVENT_NAMES, WatchHarness } from './support/watch-harness';

/*
 * Replays the ACL and watch scenarios of the unit tests on the real Apache ZooKeeper 3.8 (through
 * scripts/probe-runner.py, a raw jute client, since Debian's kazoo 2.8 lacks addWatch) and checks
 * that our implementation gives the same answers. Skipped when the server or /usr/bin/python3 is
 * missing.
 */

const PYTHON = '/usr/bin/python3';
const RUNNER = fileURLToPath(new URL('../scripts/probe-runner.py', import.meta.url));
const SUPER_DIGEST = digestId('super', 'secret');

type Register = 'exists' | 'getData' | 'getChildren' | 'persistent' | 'recursive';
type Change = 'create' | 'delete' | 'set';
interface WatchScenario {
  name: string;
  nodes: string[];
  register: Array<[Register, string]>;
  changes: Array<[Change, string]>;
}

const scenarios: WatchScenario[] = [
  {
    name: 'recursive watch over a subtree',
    nodes: [],
    register: [['recursive', '/r']],
    changes: [
      ['create', '/r'],
      ['create', '/r/a'],
      ['create', '/r/a/b'],
      ['set', '/r/a/b'],
      ['set', '/r'],
      ['delete', '/r/a/b'],
      ['delete', '/r/a'],
      ['delete', '/r'],
      ['create', '/r'],
      ['create', '/rx'],
      ['delete', '/rx'],
    ],
  },
  {
    name: 'persistent watch: own events and children changing',
    nodes: [],
    register: [['persistent', '/p']],
    changes: [
      ['create', '/p'],
      ['create', '/p/c'],
      ['set', '/p/c'],
      ['set', '/p'],
      ['create', '/p/c/d'],
      ['delete', '/p/c/d'],
      ['delete', '/p/c'],
      ['delete', '/p'],
      ['create', '/p'],
    ],
  },
  {
    name: 'data + exists + child watch, delete: one NodeDeleted',
    nodes: ['/d'],
    register: [
      ['getData', '/d'],
      ['exists', '/d'],
      ['getChildren', '/d'],
    ],
    changes: [
      ['delete', '/d'],
      ['create', '/d'],
    ],
  },
  {
    name: 'getData then persistent',
    nodes: ['/d'],
    register: [
      ['getData', '/d'],
      ['persistent', '/d'],
    ],
    changes: [
      ['set', '/d'],
      ['set', '/d'],
      ['create', '/d/x'],
      ['delete', '/d/x'],
    ],
  },
  {
    name: 'persistent then getData: data side becomes one-shot',
    nodes: ['/d'],
    register: [
      ['persistent', '/d'],
      ['getData', '/d'],
    ],
    changes: [
      ['set', '/d'],
      ['set', '/d'],
      ['create', '/d/x'],
      ['delete', '/d/x'],
    ],
  },
  {
    name: 'persistent then getChildren: child side becomes one-shot',
    nodes: ['/d'],
    register: [
      ['persistent', '/d'],
      ['getChildren', '/d'],
    ],
    changes: [
      ['set', '/d'],
      ['set', '/d'],
      ['create', '/d/x'],
      ['delete', '/d/x'],
    ],
  },
  {
    name: 'recursive on the root of the scenario + getData below',
    nodes: ['/d'],
    register: [
      ['recursive', '/'],
      ['getData', '/d'],
    ],
    changes: [
      ['set', '/d'],
      ['set', '/d'],
      ['create', '/d/y'],
      ['delete', '/d/y'],
    ],
  },
  {
    name: 'recursive above + getChildren',
    nodes: ['/d'],
    register: [
      ['recursive', '/'],
      ['getChildren', '/d'],
    ],
    changes: [
      ['create', '/d/x'],
      ['delete', '/d/x'],
      ['delete', '/d'],
      ['create', '/d'],
    ],
  },
  {
    name: 'recursive below a persistent one',
    nodes: ['/d'],
    register: [
      ['recursive', '/d'],
      ['persistent', '/'],
    ],
    changes: [
      ['create', '/d/z'],
      ['delete', '/d/z'],
      ['delete', '/d'],
      ['create', '/d'],
    ],
  },
  {
    name: 'persistent then recursive on one path: recursive wins',
    nodes: ['/w'],
    register: [
      ['persistent', '/w'],
      ['recursive', '/w'],
    ],
    changes: [
      ['create', '/w/c'],
      ['delete', '/w/c'],
      ['set', '/w'],
    ],
  },
  {
    name: 'exists on a missing node, then exists + child on it',
    nodes: [],
    register: [['exists', '/m']],
    changes: [
      ['create', '/m'],
      ['set', '/m'],
      ['delete', '/m'],
    ],
  },
  {
    name: 'several exists + getChildren, set then delete',
    nodes: ['/d', '/d/k'],
    register: [
      ['exists', '/d'],
      ['getChildren', '/d'],
      ['exists', '/d/k'],
    ],
    changes: [
      ['set', '/d'],
      ['delete', '/d/k'],
      ['delete', '/d'],
      ['create', '/d'],
    ],
  },
];

function runProbes(
  port: number,
  request: object,
): {
  watch: Array<Array<Array<[number, string]>>>;
  acl: Array<{
    err: number;
    acl: Array<[number, string, string]> | null;
    reads: Array<[number, Array<[number, string, string]> | null]>;
  }>;
} {
  const result = spawnSync(PYTHON, [RUNNER], {
    input: JSON.stringify({ port, ...request }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`probe-runner failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const prefixed = (scenario: number, path: string) => `/s${scenario}${path === '/' ? '' : path}`;
const fromWire = (list: Array<[number, string, string]>): ACL[] =>
  list.map(([perms, scheme, id]) => acl(perms, scheme, id));
const sorted = (list: readonly ACL[]) => [...list].map((a) => `${a.perms} ${a.id.scheme}:${a.id.id}`).sort();

describe.skipIf(!realZooKeeperAvailable())('conformance with the real ZooKeeper 3.8 (ACLs, watches)', () => {
  let zk: RealZooKeeper;
  beforeAll(async () => {
    zk = await startRealZooKeeper({
      systemProperties: { 'zookeeper.DigestAuthenticationProvider.superDigest': SUPER_DIGEST },
    });
  }, 60_000);
  afterAll(async () => {
    await zk?.stop();
  });

  it('fires the same watch events, change by change', () => {
    const request = scenarios.map((s, i) => ({
      nodes: [prefixed(i, '/'), ...s.nodes.map((p) => prefixed(i, p))],
      register: s.register.map(([kind, p]) => [kind, prefixed(i, p)]),
      changes: s.changes.map(([kind, p]) => [kind, prefixed(i, p)]),
    }));
    const real = runProbes(zk.port, { watch: request });
    scenarios.forEach((s, i) => {
      const h = new WatchHarness();
      for (const [kind, p] of request[i]!.register as Array<[Register, string]>) {
        if (kind === 'exists' || kind === 'getData') h.watches.addDataWatch(p, 'w');
        else if (kind === 'getChildren') h.watches.addChildWatch(p, 'w');
        else h.watches.addPersistentWatch(p, 'w', kind === 'recursive');
      }
      const ours = (request[i]!.changes as Array<[Change, string]>).map(([kind, p]) => h[kind](p));
      const theirs = real.watch[i]!.map((events) => events.map(([type, p]) => `w ${EVENT_NAMES[type]} ${p}`));
      expect({ scenario: s.name, events: ours }).toEqual({ scenario: s.name, events: theirs });
    });
  });

  it('accepts, rejects and expands ACLs as fixupACL does; getACL masks as aclForGetACL does', () => {
    const replayable = fixupCases.filter(([, ids]) => ids.every((id) => credentialsOf.has(id.id)));
    expect(replayable.length).toBeGreaterThan(50);
    const authOf = (ids: readonly Id[]) =>
      ids.flatMap((id) => (credentialsOf.get(id.id) ? [['digest', credentialsOf.get(id.id)]] : []));
    const maskCases: ACL[][] = [
      [acl(31, 'digest', alice.id), acl(1, 'world', 'anyone')],
      [acl(31, 'digest', alice.id), acl(16, 'world', 'anyone')],
      [acl(31, 'digest', alice.id), acl(2, 'world', 'anyone')],
      [acl(1, 'digest', alice.id), acl(1, 'digest', bob.id)],
      [acl(16, 'digest', bob.id), acl(1, 'digest', alice.id)],
      [acl(31, 'digest', alice.id), acl(1, 'ip', '127.0.0.1')],
    ];
    const readers: Id[][] = [[localIp], [localIp, alice], [localIp, bob]];
    const real = runProbes(zk.port, {
      acl: [
        ...replayable.map(([, ids, input], n) => ({
          path: `/acl${n}`,
          auth: authOf(ids),
          acl: input.map((a) => [a.perms, a.id.scheme, a.id.id]),
        })),
        ...maskCases.map((input, n) => ({
          path: `/mask${n}`,
          auth: [],
          acl: input.map((a) => [a.perms, a.id.scheme, a.id.id]),
          readers: readers.map(authOf),
        })),
      ],
    });
    replayable.forEach(([name, ids, input], n) => {
      const ours = fixupACL('/n', ids, input);
      const theirs = real.acl[n]!;
      if (ours === ErrorCode.INVALIDACL)
        expect({ name, err: theirs.err }).toEqual({ name, err: ErrorCode.INVALIDACL });
      else expect({ name, acl: sorted(fromWire(theirs.acl!)) }).toEqual({ name, acl: sorted(ours as ACL[]) });
    });
    maskCases.forEach((input, n) => {
      const theirs = real.acl[replayable.length + n]!;
      readers.forEach((ids, r) => {
        const ours = aclForGetACL(input, ids);
        const [err, list] = theirs.reads[r]!;
        const got = err === 0 ? fromWire(list!) : err;
        expect({ input: sorted(input), reader: r, got }).toEqual({
          input: sorted(input),
          reader: r,
          got: ours,
        });
      });
    });
  });
});
