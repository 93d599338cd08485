/**
 * CVE-2024-23944: a watch event must not tell a session about a node it may not READ. Anonymous
 * sessions watch a world-readable /r while alice works under /r/vault (digest:alice only). Each
 * test ends with a change to the readable /r/public: events on one connection arrive in order,
 * so once its event is in, any event about the vault would already have been seen.
 * Upstream 3.8.0 leaks all of these (fixed in 3.8.4); the Debian 3.8.0 build used as the
 * reference here carries the fix, and test/acl-matrix.test.ts compares both servers on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type WatchEvent, type ZooKeeperClient } from '../packages/client/src/index';
import { stateReached } from '../packages/client/test/support/wait';
import { digestId, Perms } from '../packages/core/src/index';
import { createServer, silentLogger, type ZooKeeperServer } from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const ALICE_ONLY = [{ perms: Perms.ALL, id: { scheme: 'digest', id: digestId('alice', 'secret') } }];
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(): Promise<{ server: ZooKeeperServer; alice: ZooKeeperClient }> {
  const server = await createServer({ port: 0, logger: silentLogger, storage: createMemoryStorage() });
  open.push(server);
  const alice = connect(server.connectString);
  await alice.addAuthInfo('digest', 'alice:secret');
  await alice.create('/r', 'r');
  await alice.create('/r/public', 'p');
  await alice.create('/r/vault', 'v', { acl: ALICE_ONLY });
  return { server, alice };
}

function connect(connectString: string): ZooKeeperClient {
  const client = createClient(connectString, { sessionTimeout: 10_000 });
  open.push(client);
  return client;
}

/** A recursive watch on /r collecting events, and a promise for the first event on /r/public. */
async function watchRecursively(client: ZooKeeperClient): Promise<{
  events: WatchEvent[];
  publicChanged: Promise<void>;
}> {
  const events: WatchEvent[] = [];
  let seen: () => void = () => {};
  const publicChanged = new Promise<void>((resolve) => {
    seen = resolve;
  });
  await client.addWatch(
    '/r',
    (event) => {
      events.push(event);
      if (event.path === '/r/public') seen();
    },
    { recursive: true },
  );
  return { events, publicChanged };
}

const vaultEvents = (events: readonly WatchEvent[]) => events.filter((e) => e.path.startsWith('/r/vault'));

describe('watch events respect READ (CVE-2024-23944)', () => {
  it('a recursive watch does not report creates, changes and deletes under an unreadable node', async () => {
    const { server, alice } = await start();
    const anonymous = connect(server.connectString);
    const watch = await watchRecursively(anonymous);
    await alice.create('/r/vault/key', 'k1', { acl: ALICE_ONLY });
    await alice.setData('/r/vault/key', 'k2');
    await alice.setData('/r/vault', 'v2');
    await alice.delete('/r/vault/key');
    await alice.setData('/r/public', 'p2');
    await watch.publicChanged;
    expect(vaultEvents(watch.events)).toEqual([]);
    expect(watch.events).toEqual([{ type: 'data-changed', path: '/r/public' }]);
  });

  it('the owner of the ACL still gets every event', async () => {
    const { alice } = await start();
    const watch = await watchRecursively(alice);
    await alice.create('/r/vault/key', 'k1', { acl: ALICE_ONLY });
    await alice.delete('/r/vault/key');
    await alice.setData('/r/public', 'p2');
    await watch.publicChanged;
    expect(watch.events).toEqual([
      { type: 'created', path: '/r/vault/key' },
      { type: 'deleted', path: '/r/vault/key' },
      { type: 'data-changed', path: '/r/public' },
    ]);
  });

  it('a persistent watch and an exists watch on the unreadable node itself stay silent', async () => {
    const { server, alice } = await start();
    const anonymous = connect(server.connectString);
    const onVault: WatchEvent[] = [];
    await anonymous.addWatch('/r/vault', (event) => onVault.push(event));
    const exists = await anonymous.exists('/r/vault', { watch: (event) => onVault.push(event) });
    expect(exists.stat).not.toBeNull();
    const watch = await watchRecursively(anonymous);
    await alice.create('/r/vault/child', 'c', { acl: ALICE_ONLY });
    await alice.setData('/r/vault', 'v2');
    await alice.setData('/r/public', 'p2');
    await watch.publicChanged;
    expect(onVault).toEqual([]);
  });

  it('the ephemerals of another session vanish without a word to a session that may not read them', async () => {
    const { server, alice } = await start();
    const anonymous = connect(server.connectString);
    const watch = await watchRecursively(anonymous);
    await alice.create('/r/vault/lock', '', { acl: ALICE_ONLY, mode: 'ephemeral' });
    const bob = connect(server.connectString);
    await bob.addAuthInfo('digest', 'alice:secret');
    await bob.create('/r/vault/bob', '', { acl: ALICE_ONLY, mode: 'ephemeral' });
    await bob.close();
    await alice.setData('/r/public', 'p2');
    await watch.publicChanged;
    expect(vaultEvents(watch.events)).toEqual([]);
  });

  it('a recursive watch re-registered by setWatches2 after a reconnect stays filtered', async () => {
    const { server, alice } = await start();
    const proxy: TcpProxy = await startTcpProxy(server.address.host, server.address.port);
    open.push(proxy);
    const anonymous = connect(proxy.address);
    const watch = await watchRecursively(anonymous);
    const onVault: WatchEvent[] = [];
    await anonymous.exists('/r/vault', { watch: (event) => onVault.push(event) });
    const disconnected = stateReached(anonymous, 'disconnected');
    proxy.cut();
    await disconnected;
    // changed while the watcher was away: setWatches2 would report NodeDataChanged on reconnect
    await alice.setData('/r/vault', 'v2');
    await stateReached(anonymous, 'connected');
    await alice.create('/r/vault/key', 'k', { acl: ALICE_ONLY });
    await alice.setData('/r/public', 'p2');
    await watch.publicChanged;
    expect(vaultEvents(watch.events)).toEqual([]);
    expect(onVault).toEqual([]);
  });
});
