import { createClient, type ZooKeeperClient } from '@zkts/client';
import { OpCode } from '@zkts/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZooKeeperServer } from '../src/index';
import { RawClient } from './raw-client';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<ZooKeeperServer> {
  const s = await startServer(options);
  cleanups.push(() => s.close());
  return s;
}

async function client(s: ZooKeeperServer, sessionTimeout = 10_000): Promise<ZooKeeperClient> {
  const zk = createClient(s.connectString, { sessionTimeout });
  cleanups.push(() => zk.close());
  await zk.connected();
  return zk;
}

describe('sessions', () => {
  it('an expired session loses its ephemerals, and watchers hear NodeDeleted', async () => {
    // tickTime 50 ms: the smallest timeout is 100 ms, so the silent session expires quickly
    const s = await server({ tickTime: 50 });
    const watcher = await client(s);
    const { client: silent, response } = await RawClient.connect(s.address.port, { timeOut: 100 });
    cleanups.push(() => silent.close());
    expect(response?.timeOut).toBe(100);
    silent.request(1, {
      type: OpCode.create,
      path: '/lease',
      data: new Uint8Array(0),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 1,
    });
    expect((await silent.reply(OpCode.create)).err).toBe(0);
    const { stat, watch } = await watcher.exists('/lease', { watch: true });
    expect(stat?.ephemeralOwner).toBe(response!.sessionId);
    // the silent client never pings: the server expires it, deletes /lease, closes its connection
    expect(await watch).toEqual({ type: 'deleted', path: '/lease' });
    await silent.closed;
    expect(s.host.sessions.has(response!.sessionId)).toBe(false);
    const resumed = await RawClient.connect(s.address.port, {
      sessionId: response!.sessionId,
      passwd: response!.passwd,
    });
    expect(resumed.response?.timeOut).toBe(0);
  });

  it('closing a session deletes its ephemerals at once and fires child watches', async () => {
    const s = await server();
    const owner = await client(s);
    const observer = await client(s);
    await owner.create('/group');
    await owner.create('/group/member', 'x', { mode: 'ephemeral' });
    const { children, watch } = await observer.getChildren('/group', { watch: true });
    expect(children).toEqual(['member']);
    await owner.close();
    expect(await watch).toEqual({ type: 'children-changed', path: '/group' });
    expect((await observer.getChildren('/group')).children).toEqual([]);
  });

  it('a session survives its connection: another connection resumes it with the password', async () => {
    const s = await server();
    const { client: first, response } = await RawClient.connect(s.address.port);
    first.request(1, {
      type: OpCode.create,
      path: '/mine',
      data: new Uint8Array(0),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 1,
    });
    await first.reply(OpCode.create);
    first.close();
    await first.closed;
    const again = await RawClient.connect(s.address.port, {
      sessionId: response!.sessionId,
      passwd: response!.passwd,
    });
    cleanups.push(() => again.client.close());
    expect(again.response?.sessionId).toBe(response!.sessionId);
    again.client.request(2, { type: OpCode.getEphemerals, prefixPath: '/' });
    expect((await again.client.reply(OpCode.getEphemerals)).response).toEqual({
      type: OpCode.getEphemerals,
      ephemerals: ['/mine'],
    });
  });

  it('a container loses its last child, then the reaper deletes it', async () => {
    const s = await server({ reaperIntervalMs: 0 });
    const zk = await client(s);
    await zk.create('/box', null, { mode: 'container' });
    await zk.create('/box/item');
    await zk.delete('/box/item');
    const { watch } = await zk.exists('/box', { watch: true });
    expect(s.reap()).toBe(1);
    expect(await watch).toEqual({ type: 'deleted', path: '/box' });
  });
});
