import { createClient } from '@zkts/client';
import { treeDigest } from '@zkts/core';
import { createMemoryStorage } from '@zkts/storage';
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

describe('what a member reports and refuses', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('srvr and mntr name the role, the epoch in the zxid, and the leader its followers', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const follower = ensemble.member(ensemble.ids.find((id) => id !== leader.id)!);
    const zk = ensemble.client([follower.id]);
    await zk.connected();
    await zk.create('/x', '');
    await eventually(() => leader.host.tree.lastProcessedZxid === follower.host.tree.lastProcessedZxid);
    const epoch = leader.host.view.epoch;
    expect(epoch).toBeGreaterThan(0);
    expect(leader.host.runFourLetterWord('srvr')).toContain('Mode: leader\n');
    expect(follower.host.runFourLetterWord('srvr')).toContain('Mode: follower\n');
    // zxid 0x<epoch><counter>: the session's createSession and the create are this epoch's first two
    expect(follower.host.runFourLetterWord('srvr')).toContain(`Zxid: 0x${epoch.toString(16)}00000002\n`);
    const mntr = leader.host.runFourLetterWord('mntr');
    expect(mntr).toContain('zk_server_state\tleader\n');
    expect(mntr).toContain('zk_synced_followers\t2\n');
    expect(mntr).toContain('zk_quorum_size\t3\n');
    expect(follower.host.runFourLetterWord('mntr')).toContain('zk_server_state\tfollower\n');
    const conf = follower.host.runFourLetterWord('conf');
    expect(conf).toContain(`serverId=${follower.id}\n`);
    for (const id of ensemble.ids) expect(conf).toContain(`server.${id}=`);
  });

  it('a write on a connection whose session moved to another member closes that connection (SessionMoved)', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const [a, b] = ensemble.ids.filter((id) => id !== leader.id) as [number, number];
    const first = ensemble.client([a]);
    await first.connected();
    const second = createClient(ensemble.connectString([b]), {
      session: { id: first.sessionId, password: first.sessionPassword },
      reconnectDelay: 50,
    });
    ensemble.clients.push(second);
    await second.connected();
    expect(second.sessionId).toBe(first.sessionId);
    await expect(first.create('/stale', 'x')).rejects.toThrow();
    const reader = ensemble.client([leader.id]);
    await reader.connected();
    expect((await reader.exists('/stale')).stat).toBeNull();
  });

  it('a member refuses clients until it is in an established role', async () => {
    ensemble = new TestEnsemble([1, 2, 3]);
    const alone = await ensemble.startMember(1);
    const zk = createClient(ensemble.connectString([1]), { connectTimeout: 300, reconnectDelay: 50 });
    ensemble.clients.push(zk);
    const connecting = zk.connected();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(alone.host.serving).toBe(false);
    expect(alone.host.runFourLetterWord('srvr')).toContain('not currently serving');
    expect(zk.state).not.toBe('connected');
    await ensemble.startMember(2);
    await connecting; // the client keeps trying and gets in once the member serves
    expect(alone.host.serving).toBe(true);
  });
});

describe('observers', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('serve reads, forward writes, and do not count toward the quorum', async () => {
    ensemble = await TestEnsemble.start(3, 1);
    const leader = await ensemble.settled();
    const observer = ensemble.member(4);
    expect(observer.host.role).toBe('observer');
    expect(observer.host.runFourLetterWord('srvr')).toContain('Mode: observer\n');
    const zk = ensemble.client([4]);
    await zk.connected();
    await zk.create('/seen-by-all', 'o');
    const reader = ensemble.client([leader.id]);
    await reader.connected();
    expect((await reader.getData('/seen-by-all', { encoding: 'utf8' })).data).toBe('o');
    // with one voter left beside the leader crashed too, the observer cannot make a quorum
    const voters = ensemble.ids.filter((id) => id !== leader.id && id !== 4);
    await ensemble.crash(voters[0]!);
    await ensemble.crash(voters[1]!);
    await eventually(() => !observer.host.serving, 15_000, 'the observer to stop serving');
    expect(leader.host.serving).toBe(false);
  });
});

describe('read-only mode (readonlymode.enabled)', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('a member cut off from the quorum serves read-only clients, refuses writes with NotReadOnly, and rejoins', async () => {
    ensemble = new TestEnsemble([1, 2, 3], 200, [], true);
    for (const id of ensemble.ids) await ensemble.startMember(id);
    const leader = await ensemble.settled();
    const writer = ensemble.client([leader.id]);
    await writer.connected();
    await writer.create('/before', 'v');
    const lonely = ensemble.ids.find((id) => id !== leader.id)!;
    await eventually(() => ensemble!.member(lonely).host.tree.node('/before') !== undefined);
    ensemble.network.partition(
      ensemble.ids.filter((id) => id !== lonely),
      [lonely],
    );
    const member = ensemble.member(lonely).host;
    await eventually(() => member.readOnly, 10_000, 'read-only mode');
    expect(member.runFourLetterWord('isro')).toBe('ro');

    const ro = createClient(ensemble.connectString([lonely]), { readOnly: true, reconnectDelay: 50 });
    ensemble.clients.push(ro);
    await ro.connected();
    expect(ro.state.type).toBe('connected-read-only');
    expect((await ro.getData('/before', { encoding: 'utf8' })).data).toBe('v');
    await expect(ro.create('/during', 'x')).rejects.toMatchObject({ code: -119 });

    const rw = createClient(ensemble.connectString([lonely]), { connectTimeout: 300, reconnectDelay: 50 });
    ensemble.clients.push(rw);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(rw.state.type).not.toBe('connected');

    ensemble.network.heal();
    await ensemble.settled(15_000);
    expect(member.runFourLetterWord('isro')).toBe('rw');
    await rw.connected();
    await rw.create('/after', 'y');
  });
});

describe('catching up after a crash', { timeout: 60_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  /** Every member's tree digest once they all applied the same zxid. */
  async function converged(e: TestEnsemble): Promise<void> {
    await eventually(
      () => {
        const zxids = new Set([...e.members.values()].map((m) => m.host.tree.lastProcessedZxid));
        return zxids.size === 1;
      },
      15_000,
      'every member at the same zxid',
    );
    const digests = new Set([...e.members.values()].map((m) => treeDigest(m.host.tree)));
    expect(digests.size).toBe(1);
  }

  it('a member that missed more than the in-memory window gets a DIFF read from the leader log', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const lagging = ensemble.ids.find((id) => id !== leader.id)!;
    const zk = ensemble.client([leader.id]);
    await zk.connected();
    // a tree that outweighs the txns to send (snapshotSizeFactor 0.33): a DIFF is worth it
    await zk.create('/big', new Uint8Array(600_000));
    await ensemble.crash(lagging);
    // the peer keeps 500–1000 committed txns in memory; what is older comes from the txn log
    await Promise.all(Array.from({ length: 1200 }, (_, i) => zk.create(`/n${i}`, '')));
    const syncs = leader.host.peer.syncsSent;
    await ensemble.startMember(lagging);
    await ensemble.settled(15_000);
    await converged(ensemble);
    expect(ensemble.member(lagging).host.tree.node('/n1199')).toBeDefined();
    expect(leader.host.peer.syncsSent).toEqual({ diff: syncs.diff + 1, snap: syncs.snap });
  });

  it('a member whose missed txns outweigh the tree gets a SNAP instead of a DIFF from the log', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const lagging = ensemble.ids.find((id) => id !== leader.id)!;
    await ensemble.crash(lagging);
    const zk = ensemble.client([leader.id]);
    await zk.connected();
    await zk.create('/one', '');
    // 1200 rewrites of one node: the log reaches back, but weighs far more than the tree
    for (let batch = 0; batch < 12; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => zk.setData('/one', `v${batch}-${i}`)));
    }
    const syncs = leader.host.peer.syncsSent;
    await ensemble.startMember(lagging);
    await ensemble.settled(15_000);
    await converged(ensemble);
    expect(leader.host.peer.syncsSent).toEqual({ diff: syncs.diff, snap: syncs.snap + 1 });
  });

  it('a member behind the newest snapshot of a restarted leader gets a SNAP', async () => {
    ensemble = new TestEnsemble([1, 2, 3], 200, [], false, 20);
    for (const id of ensemble.ids) await ensemble.startMember(id);
    await ensemble.settled();
    await ensemble.crash(3);
    const zk = ensemble.client([1, 2]);
    await zk.connected();
    for (let i = 0; i < 100; i++) await zk.create(`/s${i}`, 'x');
    await eventually(
      async () => (await ensemble!.storages.get(1)!.snapshots.list()).length > 0,
      10_000,
      'a snapshot',
    );
    await eventually(
      async () => (await ensemble!.storages.get(2)!.snapshots.list()).length > 0,
      10_000,
      'a snapshot',
    );
    await zk.close();
    // restarted, both members read their newest snapshot: what is older than it no longer DIFFs
    await ensemble.crash(1);
    await ensemble.crash(2);
    await ensemble.startMember(1);
    await ensemble.startMember(2);
    await ensemble.settled(15_000);
    await ensemble.startMember(3);
    await ensemble.settled(15_000);
    await converged(ensemble);
    expect(ensemble.member(3).host.tree.node('/s99')).toBeDefined();
    expect((await ensemble.storages.get(3)!.snapshots.list()).length).toBeGreaterThan(0);
  });
});

describe('a 5-member ensemble', { timeout: 60_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('goes on with two followers dead and stops with three members dead', async () => {
    ensemble = await TestEnsemble.start(5);
    const leader = await ensemble.settled();
    const followers = ensemble.ids.filter((id) => id !== leader.id);
    await ensemble.crash(followers[0]!);
    await ensemble.crash(followers[1]!);
    const zk = ensemble.client([leader.id, followers[2]!, followers[3]!]);
    await zk.connected();
    await zk.create('/with-three', '');
    await ensemble.crash(followers[2]!);
    await eventually(() => !leader.host.serving, 15_000, 'the leader to step down without a quorum');
    await expect(zk.create('/with-two', '')).rejects.toThrow();
  });
});

describe('per-session order across a reconnect', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it("a read on the new connection waits for the session's write still in flight on this member", async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const zk = ensemble.client([leader.id]);
    await zk.connected();
    // the followers hear the proposal late: the leader's write waits for its quorum a while
    const followers = ensemble.ids.filter((id) => id !== leader.id);
    const slow = (delayMs: number | undefined) => {
      for (const id of followers) {
        ensemble!.network.setFaults(leader.id, id, delayMs === undefined ? undefined : { delayMs });
        ensemble!.network.setFaults(id, leader.id, delayMs === undefined ? undefined : { delayMs });
      }
    };
    slow(300);
    const write = zk.create('/in-flight', '').catch(() => 'lost');
    await eventually(
      () => leader.host.peer.lastLoggedZxid > leader.host.tree.lastProcessedZxid,
      5_000,
      'the proposal',
    );
    const connection = [...leader.host.connections].find((c) => c.sessionId === zk.sessionId)!;
    connection.destroy(); // the client reconnects to the same member with its session
    expect(await write).toBe('lost');
    // resumed at once on the leader, while the create is not committed yet: the read waits for it
    expect((await zk.exists('/in-flight')).stat).not.toBeNull();
    slow(undefined);
  });
});

describe('a member whose Ready loop fails', { timeout: 40_000 }, () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('stops as a crash would, and the others go on', async () => {
    ensemble = new TestEnsemble([1, 2, 3]);
    const healthy = createMemoryStorage();
    // member 3 cannot store an epoch: its first discovery fails half-way through a batch
    ensemble.storages.set(3, {
      ...healthy,
      epochs: {
        read: (name) => healthy.epochs.read(name),
        write: () => Promise.reject(new Error('EIO: epoch file')),
      },
    });
    for (const id of ensemble.ids) await ensemble.startMember(id);
    const broken = ensemble.member(3).host;
    await eventually(
      async () => {
        const others = [1, 2].map((id) => ensemble!.member(id).host);
        return others.some((m) => m.role === 'leader' && m.serving) && others.every((m) => m.serving);
      },
      15_000,
      'members 1 and 2 to serve',
    );
    expect(broken.serving).toBe(false);
    const zk = ensemble.client([1, 2]);
    await zk.connected();
    await zk.create('/without-3', '');
  });
});
