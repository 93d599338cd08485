/**
 * createServer's typed `authProviders` (ZooKeeper's authProvider.N): addauth with the provider's
 * scheme asks its `authenticate`, ACL entries of the scheme are validated by `isValid` and
 * checked with `matches`, and a refusal is AUTHFAILED with the connection closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ZooKeeperClient } from '../packages/client/src/index';
import { stateReached } from '../packages/client/test/support/wait';
import { ErrorCode, Perms } from '../packages/core/src/index';
import {
  type AuthProvider,
  createServer,
  silentLogger,
  type ZooKeeperServer,
} from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';

/**
 * `addauth team <team>/<member>:<pin>`; an ACL entry `team:<team>` names every member of it,
 * `team:<team>/<member>` (what `auth` expands to) that member.
 */
const seen: Array<{ remoteAddress: string; schemes: string[] }> = [];
const team: AuthProvider = {
  scheme: 'team',
  authenticate(credentials, connection) {
    seen.push({ remoteAddress: connection.remoteAddress, schemes: connection.ids.map((id) => id.scheme) });
    const match = /^([a-z]+)\/([a-z]+):(\d{4})$/.exec(Buffer.from(credentials).toString('utf8'));
    if (match === null || match[3] !== '1234') return new Error('bad team credentials');
    return `${match[1]}/${match[2]}`;
  },
  matches: (id, aclExpression) => id === aclExpression || id.startsWith(`${aclExpression}/`),
  isValid: (id) => /^[a-z]+$/.test(id),
};

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(providers: AuthProvider[]): Promise<ZooKeeperServer> {
  const server = await createServer({
    port: 0,
    authProviders: providers,
    logger: silentLogger,
    storage: createMemoryStorage(),
  });
  open.push(server);
  return server;
}

function client(server: ZooKeeperServer): ZooKeeperClient {
  const zk = createClient(server.connectString, { sessionTimeout: 10_000 });
  open.push(zk);
  return zk;
}

describe('authProviders (a custom scheme)', { timeout: 20_000 }, () => {
  it('authenticates with the provider and checks ACLs with its matches', async () => {
    const server = await start([team]);
    const alice = client(server);
    const bob = client(server);
    const eve = client(server);
    await alice.addAuthInfo('team', 'ops/alice:1234');
    await bob.addAuthInfo('team', 'ops/bob:1234');
    await eve.addAuthInfo('team', 'dev/eve:1234');
    expect(seen.at(-1)).toEqual({ remoteAddress: '127.0.0.1', schemes: ['ip'] });
    expect(await alice.whoAmI()).toContainEqual({ authScheme: 'team', user: 'ops/alice' });

    await alice.create('/ops', 'runbook', { acl: [{ perms: Perms.ALL, id: { scheme: 'team', id: 'ops' } }] });
    expect((await bob.getData('/ops', { encoding: 'utf8' })).data).toBe('runbook');
    await expect(eve.getData('/ops')).rejects.toMatchObject({ code: ErrorCode.NOAUTH });
    // isValid: `team:ops/alice` is not a team
    await expect(
      alice.create('/bad', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'team', id: 'ops/alice' } }] }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALIDACL });
    // authenticated by default: `auth` expands to the provider's id
    await alice.create('/mine', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }] });
    expect((await alice.getACL('/mine')).acl).toEqual([
      { perms: Perms.ALL, id: { scheme: 'team', id: 'ops/alice' } },
    ]);
  });

  it('a refusal (or a provider that throws) is AUTHFAILED and closes the connection', async () => {
    const throwing: AuthProvider = {
      scheme: 'broken',
      authenticate: () => {
        throw new Error('provider bug');
      },
    };
    const server = await start([team, throwing]);
    for (const [scheme, credentials] of [
      ['team', 'ops/alice:0000'],
      ['broken', 'x'],
    ] as const) {
      const zk = client(server);
      await zk.connected();
      const failed = stateReached(zk, 'auth-failed');
      await expect(zk.addAuthInfo(scheme, credentials)).rejects.toMatchObject({ code: ErrorCode.AUTHFAILED });
      await failed;
    }
    expect(server.host.stats.authFailures).toBe(2);
  });

  it('refuses reserved or repeated scheme names', async () => {
    const provider = (scheme: string): AuthProvider => ({ scheme, authenticate: () => 'x' });
    await expect(start([provider('world')])).rejects.toThrow(/"world" cannot be a scheme name/);
    await expect(start([provider('team'), provider('team')])).rejects.toThrow(/scheme team given twice/);
  });
});
