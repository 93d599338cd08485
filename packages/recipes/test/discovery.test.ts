import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupMember, PersistentNode, ServiceDiscovery, strategies } from '../src/index';
import { eventually, type Harness, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

interface Meta {
  zone: string;
}

describe('ServiceDiscovery', () => {
  it("registers instances in Curator's JSON format and finds them", async () => {
    const zk = await h.client();
    const discovery = new ServiceDiscovery<Meta>(zk, '/services');
    const one = await discovery.register({
      name: 'api',
      address: '10.0.0.1',
      port: 8080,
      payload: { zone: 'a' },
    });
    const { data, stat } = await zk.getData(`/services/api/${one.id}`);
    expect(stat.ephemeralOwner).toBe(zk.sessionId);
    expect(JSON.parse(new TextDecoder().decode(data))).toEqual({
      name: 'api',
      id: one.id,
      address: '10.0.0.1',
      port: 8080,
      sslPort: null,
      payload: { zone: 'a' },
      registrationTimeUTC: one.registrationTimeUTC,
      serviceType: 'DYNAMIC',
      uriSpec: null,
      enabled: true,
    });
    expect(await discovery.queryForNames()).toEqual(['api']);
    expect((await discovery.queryForInstances('api')).map((i) => i.payload?.zone)).toEqual(['a']);
    await discovery.close();
    expect(await discovery.queryForInstances('api')).toEqual([]);
  });

  it('a provider balances over live instances and drops those whose session ends', async () => {
    const [c1, c2, c3, consumer] = await Promise.all([h.client(), h.client(), h.client(), h.client()]);
    const ids: string[] = [];
    for (const [i, zk] of [c1, c2, c3].entries()) {
      const registered = await new ServiceDiscovery(zk, '/svc').register({
        name: 'db',
        address: `h${i}`,
        port: 5432,
      });
      ids.push(registered.id);
    }
    const discovery = new ServiceDiscovery(consumer, '/svc');
    const roundRobin = await discovery.provider('db', strategies.roundRobin());
    const picks = Array.from({ length: 6 }, () => roundRobin.getInstance()?.address);
    expect(new Set(picks.slice(0, 3)).size).toBe(3);
    expect(picks.slice(3)).toEqual(picks.slice(0, 3));

    const sticky = await discovery.provider('db', strategies.sticky());
    const stuck = sticky.getInstance();
    expect(sticky.getInstance()?.id).toBe(stuck?.id);

    const lru = await discovery.provider('db', strategies.leastRecentlyUsed());
    const lruPicks = Array.from({ length: 3 }, () => lru.getInstance()?.id);
    expect(new Set(lruPicks).size).toBe(3);

    const changes: number[] = [];
    roundRobin.cache.on('changed', (instances) => changes.push(instances.length));
    const victim = [c1, c2, c3][ids.indexOf(stuck?.id ?? '')];
    if (victim === undefined) throw new Error('sticky instance unknown');
    await h.expire(victim);
    await eventually('instance dropped', () => roundRobin.getAllInstances().length === 2);
    expect(changes).toEqual([2]); // watchers of the service hear of it
    expect(sticky.getInstance()?.id).not.toBe(stuck?.id);
    for (let i = 0; i < 4; i++) expect(roundRobin.getInstance()?.id).not.toBe(stuck?.id);
  });
});

describe('GroupMember', () => {
  it('each member sees all members with their data, and comes back if its node is deleted', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const ma = new GroupMember(a, '/group', 'a', 'alpha');
    const mb = new GroupMember(b, '/group', 'b', 'beta');
    await ma.start();
    await mb.start();
    const text = (members: Map<string, Uint8Array>) =>
      Object.fromEntries([...members].map(([id, data]) => [id, new TextDecoder().decode(data)]));
    await eventually('both seen', () => ma.members().size === 2);
    expect(text(ma.members())).toEqual({ a: 'alpha', b: 'beta' });
    await b.delete('/group/a');
    await eventually('a is back', async () => (await b.exists('/group/a')).stat !== null);
    await mb.close();
    await eventually('b left', () => ma.members().size === 1);
  });
});

describe('PersistentNode', () => {
  it('re-creates its ephemeral node when deleted and, on a new session, after its session expires', async () => {
    const observer = await h.client();
    const node = new PersistentNode(() => h.connect(), '/nodes/me', 'here');
    const created: bigint[] = [];
    node.on('created', (_path, zk) => created.push(zk.sessionId));
    await node.start();
    const first = node.session;
    if (!first) throw new Error('no session');
    expect((await observer.exists('/nodes/me')).stat?.ephemeralOwner).toBe(first.sessionId);

    h.cut(first); // a connection loss does not end the guard
    await first.connected();
    await observer.delete('/nodes/me');
    await eventually('re-created', () => created.length === 2);
    expect((await observer.exists('/nodes/me')).stat?.ephemeralOwner).toBe(first.sessionId);

    await h.expire(first);
    await eventually('re-created on a new session', () => created.length === 3);
    const second = node.session;
    expect(second).not.toBe(first);
    expect((await observer.exists('/nodes/me')).stat?.ephemeralOwner).toBe(second?.sessionId);

    await node.close();
    expect((await observer.exists('/nodes/me')).stat).toBeNull();
  });
});
