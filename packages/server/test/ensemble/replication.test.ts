import { afterEach, describe, expect, it } from 'vitest';
import { eventually, TestEnsemble } from './in-process-ensemble';

describe('a 3-member in-process ensemble', { timeout: 30_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('elects one leader, and a write sent to a follower is readable on every member', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const followers = ensemble.ids.filter((id) => id !== leader.id);
    expect(followers.map((id) => ensemble!.member(id).host.role)).toEqual(['follower', 'follower']);

    const writer = ensemble.client([followers[0]!]);
    await writer.connected();
    await writer.create('/a', 'from a follower');
    for (const id of ensemble.ids) {
      const reader = ensemble.client([id]);
      await reader.connected();
      await reader.sync('/a');
      expect(await reader.getData('/a', { encoding: 'utf8' })).toMatchObject({ data: 'from a follower' });
    }
  });
});

describe('sessions, failover and partitions on a 3-member ensemble', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it("keeps a client's session, ephemeral and watch when it moves to another member", async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const followers = ensemble.ids.filter((id) => id !== leader.id);
    const zk = ensemble.client(followers);
    await zk.connected();
    await zk.create('/watched', 'v1');
    await zk.create('/mine', '', { mode: 'ephemeral' });
    const { watch } = await zk.getData('/watched', { watch: true });
    const sessionId = zk.sessionId;
    const holder = followers.find(
      (id) => ensemble!.member(id).host.sessions.ownerOf(sessionId) !== undefined,
    );
    expect(holder).toBeDefined();
    await ensemble.crash(holder!);

    const other = followers.find((id) => id !== holder)!;
    await eventually(
      () => ensemble!.member(other).host.sessions.ownerOf(sessionId) !== undefined,
      15_000,
      'the session to move',
    );
    expect(zk.sessionId).toBe(sessionId);
    const observer = ensemble.client([leader.id]);
    await observer.connected();
    expect((await observer.exists('/mine')).stat).not.toBeNull();
    await observer.setData('/watched', 'v2');
    await expect(watch).resolves.toMatchObject({ type: 'data-changed', path: '/watched' });
  });

  it('elects a new leader when the leader dies, and keeps every acknowledged write', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const zk = ensemble.client(ensemble.ids.filter((id) => id !== leader.id));
    await zk.connected();
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) acknowledged.push(await zk.create(`/w${i}`, String(i)));
    await ensemble.crash(leader.id);
    const next = await ensemble.settled(15_000);
    expect(next.id).not.toBe(leader.id);
    await eventually(
      async () => {
        try {
          await zk.create('/after', 'x');
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      'a write after the failover',
    );
    for (const id of ensemble.members.keys()) {
      const reader = ensemble.client([id]);
      await reader.connected();
      await reader.sync('/');
      const children = await reader.getChildren('/');
      for (const path of [...acknowledged, '/after']) expect(children.children).toContain(path.slice(1));
    }
  });

  it('a partitioned minority member stops taking writes; the majority goes on', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const [lonely, buddy] = ensemble.ids.filter((id) => id !== leader.id) as [number, number];
    const cut = ensemble.client([lonely]);
    await cut.connected();
    ensemble.network.partition([leader.id, buddy], [lonely]);
    await expect(cut.create('/from-the-minority', 'x')).rejects.toThrow();
    await eventually(
      () => !ensemble!.member(lonely).host.serving,
      10_000,
      'the minority member to stop serving',
    );
    const majority = ensemble.client([leader.id, buddy]);
    await majority.connected();
    await majority.create('/from-the-majority', 'y');
    expect((await majority.exists('/from-the-minority')).stat).toBeNull();
    ensemble.network.heal();
    await ensemble.settled(15_000);
  });

  it("deletes a closed session's ephemerals on every member", async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const follower = ensemble.ids.find((id) => id !== leader.id)!;
    const zk = ensemble.client([follower]);
    await zk.connected();
    await zk.create('/eph', '', { mode: 'ephemeral' });
    const sessionId = zk.sessionId;
    for (const m of ensemble.members.values()) await eventually(() => m.host.tree.node('/eph') !== undefined);
    await zk.close();
    for (const m of ensemble.members.values()) {
      await eventually(() => m.host.tree.node('/eph') === undefined, 10_000, `/eph gone on ${m.id}`);
      expect(m.host.sessions.has(sessionId)).toBe(false);
    }
  });

  it('expires a session once, on the leader, when its client is gone', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const [holder, other] = ensemble.ids.filter((id) => id !== leader.id) as [number, number];
    const zk = ensemble.client([holder], 1000);
    await zk.connected();
    await zk.create('/lease', '', { mode: 'ephemeral' });
    const sessionId = zk.sessionId;
    // the client can reach nobody else: its session must expire at the leader
    await ensemble.crash(holder);
    for (const id of [leader.id, other]) {
      const m = ensemble.member(id);
      await eventually(() => m.host.tree.node('/lease') === undefined, 15_000, `/lease gone on ${id}`);
      expect(m.host.sessions.has(sessionId)).toBe(false);
    }
    expect(leader.host.stats.sessionsExpired).toBe(1);
    expect(ensemble.member(other).host.stats.sessionsExpired).toBe(0);
    // a learner never expires sessions itself
    expect(ensemble.member(other).expireSession(sessionId)).toBe(false);
  });
});
