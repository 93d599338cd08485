/**
 * The ACL matrix: every permission bit × every operation that checks one × {owner, other,
 * anonymous, super} × {direct, inside a multi, as watch delivery}, against the real ZooKeeper 3.8
 * and zkts, each compared with one model of who may do what. Watch delivery follows the fix of
 * CVE-2024-23944 (an event only for a session that may READ the node): the reference installed
 * here, Debian's 3.8.0-11+deb12u2, carries that fix, so both servers are held to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  type GetDataOpResult,
  type WatchEvent,
  type ZooKeeperClient,
} from '../packages/client/src/index';
import { digestId, ErrorCode, Perms } from '../packages/core/src/index';
import { type RunningTarget, targets } from './support/targets';

const BITS = {
  READ: Perms.READ,
  WRITE: Perms.WRITE,
  CREATE: Perms.CREATE,
  DELETE: Perms.DELETE,
  ADMIN: Perms.ADMIN,
};
const IDENTITIES = ['owner', 'other', 'anonymous', 'super'] as const;
type Identity = (typeof IDENTITIES)[number];
const ROOT = '/acl-matrix';
const OPEN = [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];

/** Each op on `node` (ACL: `bit` for digest:owner only), with the bits any one of which allows it. */
interface Op {
  name: string;
  needs: number;
  /** Prepared by the superuser before the op runs (e.g. the child a delete removes). */
  setup?: (superuser: ZooKeeperClient, node: string) => Promise<unknown>;
  run: (client: ZooKeeperClient, node: string) => Promise<unknown>;
}

const DIRECT: Op[] = [
  { name: 'getData', needs: Perms.READ, run: (c, n) => c.getData(n) },
  { name: 'getChildren', needs: Perms.READ, run: (c, n) => c.getChildren(n) },
  { name: 'exists', needs: 0, run: (c, n) => c.exists(n) },
  // registering needs no permission on either server: only the events are filtered
  { name: 'addWatch', needs: 0, run: (c, n) => c.addWatch(n, () => {}) },
  { name: 'getEphemerals', needs: 0, run: (c, n) => c.getEphemerals(n) },
  { name: 'getAllChildrenNumber', needs: Perms.READ, run: (c, n) => c.getAllChildrenNumber(n) },
  { name: 'sync', needs: 0, run: (c, n) => c.sync(n) },
  { name: 'getACL', needs: Perms.READ | Perms.ADMIN, run: (c, n) => c.getACL(n) },
  { name: 'setData', needs: Perms.WRITE, run: (c, n) => c.setData(n, 'x') },
  { name: 'setACL', needs: Perms.ADMIN, run: (c, n) => c.setACL(n, OPEN) },
  { name: 'create child', needs: Perms.CREATE, run: (c, n) => c.create(`${n}/c`, 'c') },
  {
    name: 'delete child',
    needs: Perms.DELETE,
    setup: (s, n) => s.create(`${n}/c`, 'c'),
    run: (c, n) => c.delete(`${n}/c`),
  },
];

const IN_MULTI: Op[] = [
  { name: 'multi setData', needs: Perms.WRITE, run: (c, n) => c.transaction().setData(n, 'x').commit() },
  {
    name: 'multi create child',
    needs: Perms.CREATE,
    run: (c, n) => c.transaction().create(`${n}/c`, 'c').commit(),
  },
  {
    name: 'multi delete child',
    needs: Perms.DELETE,
    setup: (s, n) => s.create(`${n}/c`, 'c'),
    run: (c, n) => c.transaction().delete(`${n}/c`).commit(),
  },
  // a version check reads the node: it needs READ on both servers
  { name: 'multi check', needs: Perms.READ, run: (c, n) => c.transaction().check(n, 0).commit() },
  {
    name: 'multiRead getData',
    needs: Perms.READ,
    run: (c, n) => readResult(c.transaction().getData(n).commit()),
  },
];

/** A multiRead answers per op: surface its error like a direct call's. */
async function readResult(results: Promise<readonly GetDataOpResult[]>): Promise<unknown> {
  const [first] = await results;
  if (first?.type === 'error') throw first.error;
  return first;
}

function allowed(identity: Identity, bit: number, needs: number): boolean {
  if (needs === 0 || identity === 'super') return true;
  return identity === 'owner' && (bit & needs) !== 0;
}

async function outcome(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw error;
  }
}

for (const target of await targets()) {
  describe(`ACL matrix against ${target.name}`, { timeout: 120_000 }, () => {
    let server: RunningTarget;
    const clients = new Map<Identity, ZooKeeperClient>();
    const superuser = () => clients.get('super') as ZooKeeperClient;
    let counter = 0;
    const ownerOnly = (bit: number) => [
      { perms: bit, id: { scheme: 'digest', id: digestId('owner', 'pw') } },
    ];

    beforeAll(async () => {
      server = await target.start({ forceSync: false, superDigest: digestId('super', 'pw') });
      for (const identity of IDENTITIES) {
        const client = createClient(server.address, { sessionTimeout: 20_000 });
        if (identity !== 'anonymous') await client.addAuthInfo('digest', `${identity}:pw`);
        clients.set(identity, client);
      }
      await superuser().create(ROOT, '');
    }, 60_000);

    afterAll(async () => {
      for (const client of clients.values()) await client.close();
      await server?.stop();
    });

    async function matrix(ops: Op[]): Promise<void> {
      const mismatches: string[] = [];
      for (const op of ops) {
        for (const [bitName, bit] of Object.entries(BITS)) {
          for (const identity of IDENTITIES) {
            const node = `${ROOT}/n${counter++}`;
            await superuser().create(node, 'v', { acl: ownerOnly(bit) });
            await op.setup?.(superuser(), node);
            const got = await outcome(op.run(clients.get(identity) as ZooKeeperClient, node));
            const want = allowed(identity, bit, op.needs) ? 0 : ErrorCode.NOAUTH;
            if (got !== want)
              mismatches.push(`${op.name} with ${bitName} as ${identity}: got ${got}, want ${want}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    }

    it('direct operations', () => matrix(DIRECT));

    it('operations inside a multi', () => matrix(IN_MULTI));

    it('watch delivery of a data change', async () => {
      const delivered: string[] = [];
      const expected: string[] = [];
      for (const [bitName, bit] of Object.entries(BITS)) {
        for (const identity of IDENTITIES) {
          const client = clients.get(identity) as ZooKeeperClient;
          const node = `${ROOT}/w${counter}`;
          const sentinel = `${ROOT}/s${counter++}`;
          await superuser().create(node, 'v', { acl: ownerOnly(bit) });
          await superuser().create(sentinel, 'v');
          const seen: WatchEvent[] = [];
          await client.exists(node, { watch: (event) => seen.push(event) });
          let sentinelFired: () => void = () => {};
          const last = new Promise<void>((resolve) => {
            sentinelFired = resolve;
          });
          // both watches are registered before the superuser changes anything
          await client.exists(sentinel, { watch: () => sentinelFired() });
          await superuser().setData(node, 'changed');
          await superuser().setData(sentinel, 'changed');
          await last; // one connection delivers in order: the node's event, if any, came first
          const label = `${bitName} as ${identity}`;
          if (seen.length > 0) delivered.push(label);
          if (allowed(identity, bit, Perms.READ)) expected.push(label);
        }
      }
      expect(delivered).toEqual(expected);
    });
  });
}
