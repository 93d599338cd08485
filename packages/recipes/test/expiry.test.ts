import type { ZooKeeperClient } from '@zkts/client';
import { createTestServer, type TestServer } from '@zkts/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GroupMember,
  LeaderLatch,
  LeaderSelector,
  RenewingSession,
  ServiceDiscovery,
  TreeCache,
} from '../src/index';
import { eventually } from './harness';

/**
 * Session expiry with recovery: each recipe on a RenewingSession loses what its session held,
 * says so at once, and comes back on the next session. The next session is opened only when
 * the test opens the gate, so the test can change the tree "meanwhile".
 */
let ts: TestServer;
beforeEach(async () => {
  ts = await createTestServer();
});
afterEach(async () => {
  await ts.stop();
});

/** A RenewingSession whose every session after the first waits for `open()`. */
function gatedSession(): { sessions: RenewingSession; open(): void; opened: ZooKeeperClient[] } {
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const opened: ZooKeeperClient[] = [];
  const sessions = new RenewingSession(async () => {
    await gate;
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = await ts.client();
    opened.push(client);
    return client;
  });
  return { sessions, open: () => release(), opened };
}

const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

describe('RenewingSession', () => {
  it('announces the expiry, then a new connected session; built on one client it ends with it', async () => {
    const { sessions, open } = gatedSession();
    const first = await sessions.session();
    const events: string[] = [];
    sessions.on('expired', (c) => events.push(`expired ${c === first}`));
    sessions.on('session', (c) => events.push(`session ${c !== first && c.state.type === 'connected'}`));
    await ts.expireSession(first);
    expect(events).toEqual(['expired true']);
    expect(sessions.client).toBeUndefined();
    const next = sessions.session();
    open();
    const second = await next;
    expect(second).not.toBe(first);
    expect(events).toEqual(['expired true', 'session true']);
    await sessions.close();
    expect(second.state.type).toBe('closed');

    const plain = await ts.client();
    const single = new RenewingSession(plain);
    expect(await single.session()).toBe(plain);
    const ended = new Promise<void>((resolve) => single.once('ended', resolve));
    await ts.expireSession(plain);
    await ended;
    await expect(single.session()).rejects.toThrow('ended');
  });
});

describe('RenewingSession when connect fails', () => {
  it('tries again after a pause until a session connects', async () => {
    let attempts = 0;
    const sessions = new RenewingSession(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('refused');
      return ts.client();
    });
    const client = await sessions.session();
    expect(attempts).toBe(2);
    expect(client.state.type).toBe('connected');
    await sessions.close();
    expect(client.state.type).toBe('closed');
    await expect(sessions.session()).rejects.toThrow('ended');
  });
});

describe('LeaderLatch after expiry', () => {
  it('reports loss of leadership at once, then re-enters with a fresh node on the new session', async () => {
    const { sessions, open } = gatedSession();
    const other = await ts.client();
    const a = new LeaderLatch(sessions, '/election', { id: 'a' });
    const b = new LeaderLatch(other, '/election', { id: 'b' });
    await a.start();
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const changes: boolean[] = [];
    a.on('leader', () => changes.push(true)).on('follower', () => changes.push(false));
    const firstSession = sessions.client;
    const oldNodes = (await other.getChildren('/election')).children;

    if (!firstSession) throw new Error('no session');
    await ts.expireSession(firstSession);
    expect(a.isLeader).toBe(false); // at once: before any new session exists
    expect(changes).toEqual([false]);
    await b.leadership({ timeout: 5000 });

    open();
    await eventually(
      'a re-entered',
      async () => (await other.getChildren('/election')).children.length === 2,
    );
    const nodes = (await other.getChildren('/election')).children;
    const fresh = nodes.find((name) => !oldNodes.includes(name));
    expect(fresh).toMatch(/^_c_[0-9a-f-]{36}-latch-\d{10}$/);
    const second = sessions.client;
    expect((await other.exists(`/election/${fresh}`)).stat?.ephemeralOwner).toBe(second?.sessionId);
    expect(a.isLeader).toBe(false); // at the back of the line now

    await b.close();
    await a.leadership({ timeout: 5000 });
    expect(changes).toEqual([false, true]);
    await a.close();
    await sessions.close();
    expect((await other.getChildren('/election')).children).toEqual([]);
  });

  it('on a plain client the latch closes with its session', async () => {
    const zk = await ts.client();
    const latch = new LeaderLatch(zk, '/e2');
    await latch.start();
    const closed = new Promise<void>((resolve) => latch.once('closed', resolve));
    await ts.expireSession(zk);
    await closed;
    expect(latch.isLeader).toBe(false);
  });
});

describe('LeaderSelector after expiry', () => {
  it('cancels the task when the session expires and leads again on the new session', async () => {
    const { sessions, open } = gatedSession();
    const terms: { owner: bigint; reason?: string }[] = [];
    const selector = new LeaderSelector(sessions, '/sel', async (signal) => {
      const term: { owner: bigint; reason?: string } = { owner: sessions.client?.sessionId ?? 0n };
      terms.push(term);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      term.reason = String(signal.reason);
    });
    selector.start();
    await eventually('leading', () => selector.hasLeadership);
    const first = sessions.client;
    if (!first) throw new Error('no session');
    await ts.expireSession(first);
    await eventually('the first term cancelled', () => terms[0]?.reason !== undefined);
    expect(selector.hasLeadership).toBe(false);
    expect(terms).toHaveLength(1);

    open();
    await eventually('a second term', () => terms.length === 2 && selector.hasLeadership);
    const second = sessions.client;
    expect(terms[1]?.owner).toBe(second?.sessionId);
    const observer = await ts.client();
    const [contender] = (await observer.getChildren('/sel')).children;
    expect((await observer.exists(`/sel/${contender}`)).stat?.ephemeralOwner).toBe(second?.sessionId);
    await selector.close();
    await sessions.close();
    expect((await observer.getChildren('/sel')).children).toEqual([]);
  });
});

describe('GroupMember after expiry', () => {
  it('leaves the group, re-joins on the new session and sees the changes made meanwhile', async () => {
    const { sessions, open } = gatedSession();
    const [zb, zc] = await Promise.all([ts.client(), ts.client()]);
    const a = new GroupMember(sessions, '/group', 'a', 'alpha');
    const b = new GroupMember(zb, '/group', 'b', 'beta');
    await a.start();
    await b.start();
    await eventually('both seen by a', () => a.members().size === 2);
    const seenByA: string[] = [];
    a.on('changed', (members) => seenByA.push([...members.keys()].sort().join(',')));

    const first = sessions.client;
    if (!first) throw new Error('no session');
    await ts.expireSession(first);
    await eventually('b sees a leave', () => !b.members().has('a'));
    // meanwhile: b changes its data, c joins
    await b.setData('beta2');
    const c = new GroupMember(zc, '/group', 'c', 'gamma');
    await c.start();

    open();
    await eventually('b sees a again', () => b.members().has('a'));
    await eventually('a sees all three', () => a.members().size === 3);
    const members = Object.fromEntries([...a.members()].map(([id, data]) => [id, text(data)]));
    expect(members).toEqual({ a: 'alpha', b: 'beta2', c: 'gamma' });
    expect((await zb.exists('/group/a')).stat?.ephemeralOwner).toBe(sessions.client?.sessionId);
    expect(seenByA.at(-1)).toBe('a,b,c');
    await a.close();
    await sessions.close();
    await eventually('a left', () => !b.members().has('a'));
  });
});

describe('ServiceDiscovery after expiry', () => {
  it('registers its instances again on the new session; consumers see them vanish and come back', async () => {
    const { sessions, open } = gatedSession();
    const consumer = await ts.client();
    const registry = new ServiceDiscovery<{ zone: string }>(sessions, '/services');
    const instance = await registry.register({
      name: 'api',
      address: 'h1',
      port: 80,
      payload: { zone: 'a' },
    });
    const provider = await new ServiceDiscovery<{ zone: string }>(consumer, '/services').provider('api');
    await eventually('seen', () => provider.getInstance()?.id === instance.id);

    const first = sessions.client;
    if (!first) throw new Error('no session');
    await ts.expireSession(first);
    await eventually('dropped', () => provider.getInstance() === undefined);

    open();
    await eventually('back', () => provider.getInstance()?.id === instance.id);
    expect(provider.getInstance()?.payload).toEqual({ zone: 'a' });
    const { stat } = await consumer.exists(`/services/api/${instance.id}`);
    expect(stat?.ephemeralOwner).toBe(sessions.client?.sessionId);
    await registry.close();
    await eventually('unregistered', () => provider.getInstance() === undefined);
    await sessions.close();
  });
});

describe('TreeCache after expiry', () => {
  it('reloads on the new session and reports exactly what changed meanwhile', async () => {
    const { sessions, open } = gatedSession();
    const writer = await ts.client();
    await writer.create('/t', '');
    await writer.create('/t/kept', 'k');
    await writer.create('/t/changed', 'v1');
    await writer.create('/t/gone', 'g');
    await writer.create('/t/gone/child', 'gc');
    const cache = new TreeCache(sessions, '/t');
    await cache.start();
    const events: string[] = [];
    cache.on('added', (p) => events.push(`added ${p}`));
    cache.on('updated', (p) => events.push(`updated ${p}`));
    cache.on('removed', (p) => events.push(`removed ${p}`));

    const first = sessions.client;
    if (!first) throw new Error('no session');
    await ts.expireSession(first);
    await writer.setData('/t/changed', 'v2');
    await writer.delete('/t/gone/child');
    await writer.delete('/t/gone');
    await writer.create('/t/new', 'n');
    await writer.create('/t/new/deep', 'd');
    expect(events).toEqual([]); // no session: nothing heard (the contents are as of the expiry)

    open();
    await eventually('caught up', () => cache.get('/t/new/deep') !== undefined);
    await cache.settled();
    expect(events.sort()).toEqual(
      [
        'added /t/new',
        'added /t/new/deep',
        'removed /t/gone',
        'removed /t/gone/child',
        'updated /t/changed',
      ].sort(),
    );
    expect(text(cache.get('/t/changed')?.data)).toBe('v2');
    expect(cache.children('/t')).toEqual(['changed', 'kept', 'new']);

    // and it follows changes on the new session
    await writer.setData('/t/kept', 'k2');
    await eventually('live again', () => text(cache.get('/t/kept')?.data) === 'k2');
    await cache.close();
    await sessions.close();
  });
});
