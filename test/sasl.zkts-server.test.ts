/**
 * SASL DIGEST-MD5 between the zkts client and the zkts server: users from a JAAS file's
 * Server section, `sasl:<user>` on the session, `sasl` ACLs, and refused credentials.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ZooKeeperClient } from '../packages/client/src/index';
import { stateReached } from '../packages/client/test/support/wait';
import { ErrorCode, Perms } from '../packages/core/src/index';
import { createServer, silentLogger, type ZooKeeperServer } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';

let dir: string;
let jaas: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkts-sasl-'));
  jaas = join(dir, 'jaas.conf');
  writeFileSync(
    jaas,
    'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_alice="alice-secret"\n  user_bob="bob-secret";\n};\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(options: { saslSuperUser?: string } = {}): Promise<ZooKeeperServer> {
  const server = await createServer({
    port: 0,
    jaasConfig: jaas,
    logger: silentLogger,
    storage: createMemoryStorage(),
    ...options,
  });
  open.push(server);
  return server;
}

function client(server: ZooKeeperServer, sasl?: { username: string; password: string }): ZooKeeperClient {
  const zk = createClient(server.connectString, {
    sessionTimeout: 10_000,
    ...(sasl === undefined ? {} : { sasl: { mechanism: 'DIGEST-MD5' as const, ...sasl } }),
  });
  open.push(zk);
  return zk;
}

describe('SASL DIGEST-MD5 (zkts client ↔ zkts server)', { timeout: 20_000 }, () => {
  it('authenticates the session as sasl:<user>, which sasl ACLs name', async () => {
    const server = await start();
    const alice = client(server, { username: 'alice', password: 'alice-secret' });
    const bob = client(server, { username: 'bob', password: 'bob-secret' });
    // requests made before the exchange ends wait for it
    const created = alice.create('/alice', 'hers', {
      acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }],
    });
    await created;
    expect(await alice.whoAmI()).toContainEqual({ authScheme: 'sasl', user: 'alice' });
    expect((await alice.getData('/alice', { encoding: 'utf8' })).data).toBe('hers');
    await expect(bob.getData('/alice')).rejects.toMatchObject({ code: ErrorCode.NOAUTH });
    // `auth` expands to the sasl id
    await bob.create('/bob', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }] });
    expect((await bob.getACL('/bob')).acl).toEqual([{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'bob' } }]);
  });

  it('a wrong password or an unknown user ends the session in auth-failed', async () => {
    const server = await start();
    for (const sasl of [
      { username: 'alice', password: 'wrong' },
      { username: 'mallory', password: 'alice-secret' },
    ]) {
      const zk = client(server, sasl);
      const failed = stateReached(zk, 'auth-failed');
      await expect(zk.getData('/')).rejects.toMatchObject({ code: ErrorCode.AUTHFAILED });
      await failed;
    }
    expect(server.host.stats.authFailures).toBe(2);
  });

  it('zookeeper.superUser: that SASL user is also the superuser', async () => {
    const server = await start({ saslSuperUser: 'bob' });
    const alice = client(server, { username: 'alice', password: 'alice-secret' });
    const bob = client(server, { username: 'bob', password: 'bob-secret' });
    await alice.create('/private', 'p', { acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }] });
    expect((await bob.getData('/private', { encoding: 'utf8' })).data).toBe('p');
    expect(await bob.whoAmI()).toContainEqual({ authScheme: 'super', user: '' });
  });

  it('the session is re-authenticated on every new connection', async () => {
    const server = await start();
    const alice = client(server, { username: 'alice', password: 'alice-secret' });
    await alice.create('/again', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }] });
    // drop every connection: the client reconnects and runs SASL again before the read
    for (const connection of [...server.host.connections]) connection.destroy();
    await stateReached(alice, 'disconnected');
    expect((await alice.getData('/again', { encoding: 'utf8' })).data).toBe('');
  });

  it('a server without SASL users: sasl ACLs are INVALIDACL, and a SASL client ends auth-failed', async () => {
    const server = await createServer({ port: 0, logger: silentLogger, storage: createMemoryStorage() });
    open.push(server);
    const zk = client(server);
    await expect(
      zk.create('/x', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }] }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALIDACL });
    // the server answers the first token with no challenge (as ZooKeeper without SASL)
    const sasl = client(server, { username: 'alice', password: 'alice-secret' });
    await stateReached(sasl, 'auth-failed');
  });
});
