import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, toolAvailable } from '../interop/tools';
import {
  clientOf,
  expectCaughtUp,
  expectWritesOnEvery,
  leaderOf,
  retrying,
} from '../support/ensemble-checks';
import { memberStatus } from '../support/ensemble-members';
import { InteractiveProcess } from '../support/interactive-process';
import { fourLetterWord } from '../support/real-zookeeper';
import { startZktsEnsemble, type ZktsEnsemble } from '../support/zkts-ensemble-processes';

const nzc = createRequire(import.meta.url)('node-zookeeper-client') as typeof import('node-zookeeper-client');

describe('a 3-member zkts ensemble of real processes', { timeout: 120_000 }, () => {
  let ensemble: ZktsEnsemble;
  const clients: ZooKeeperClient[] = [];
  beforeAll(async () => {
    ensemble = await startZktsEnsemble({ size: 3, tickTime: 200, extraConfig: ['4lw.commands.whitelist=*'] });
  }, 90_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((zk) => zk.close()));
    await ensemble?.stop();
  });

  it('survives SIGKILL of its leader without losing an acknowledged write, and the killed member catches up', async () => {
    const leader = await leaderOf(ensemble);
    const followers = ensemble.members.filter((m) => m.id !== leader);
    const zk = clientOf(followers, clients, { sessionTimeout: 4000 });
    await zk.connected();
    const acknowledged: string[] = [];
    for (let i = 0; i < 50; i++) acknowledged.push(await zk.create(`/before-${i}`, String(i)));

    const killed = ensemble.members.find((m) => m.id === leader)!;
    await killed.kill('SIGKILL');
    const next = await leaderOf(ensemble, leader);
    expect(next).not.toBe(leader);
    await retrying('a write through a survivor', () => zk.create('/after-failover', 'x'));
    for (let i = 0; i < 20; i++) acknowledged.push(await zk.create(`/while-down-${i}`, String(i)));

    // every acknowledged write is on every survivor
    await expectWritesOnEvery(followers, acknowledged, clients);

    // the killed member comes back, catches up from the new leader, and serves what it missed
    await killed.restart();
    await expectCaughtUp(killed, acknowledged, clients);
    const srvr = await fourLetterWord(killed.clientPort, 'srvr');
    expect(srvr).toMatch(/Mode: (follower|leader)/);
  });

  it.skipIf(!toolAvailable('kazoo'))(
    'kazoo fails over to another member when its member is killed, keeping its session and ephemeral',
    async () => {
      for (const member of ensemble.members) if (member.pid === undefined) await member.restart();
      await leaderOf(ensemble);
      const script = new InteractiveProcess(PYTHON, [
        fileURLToPath(new URL('./python/kazoo_failover.py', import.meta.url)),
        ensemble.connectString,
      ]);
      try {
        const connected = JSON.parse((await script.waitFor(/\{"step": "connected".*\}/, 30_000))[0]);
        const holder = ensemble.members.find((m) => m.clientPort === connected.port)!;
        await holder.kill('SIGKILL');
        script.send('go');
        const moved = JSON.parse((await script.waitFor(/\{"step": "moved".*\}/, 30_000))[0]);
        expect(moved.port).not.toBe(connected.port);
        expect(moved.session).toBe(connected.session);
        expect(moved.ephemeral).toBe(true);
        const other = createClient(`127.0.0.1:${moved.port}`, { reconnectDelay: 50 });
        clients.push(other);
        await other.connected();
        await other.setData('/kazoo-watched', 'changed');
        script.send('go');
        const watched = JSON.parse((await script.waitFor(/\{"step": "watch".*\}/, 30_000))[0]);
        // kazoo ends its one-shot watches with a NONE event on any connection loss (it does so
        // against ZooKeeper too, see kazoo's _session_callback): the watch is not kazoo's to keep
        expect(watched.events).toEqual([{ type: 'NONE', path: null }]);
        await script.waitFor(/\{"done": true\}/, 20_000);
        await holder.restart();
      } finally {
        await script.stop();
      }
    },
  );

  it('node-zookeeper-client moves to a survivor when its member is killed, same session, ephemeral kept', async () => {
    for (const member of ensemble.members) if (member.pid === undefined) await member.restart();
    await leaderOf(ensemble);
    const client = nzc.createClient(ensemble.connectString, {
      sessionTimeout: 6000,
      spinDelay: 50,
      retries: 0,
    });
    const connected = () => new Promise<void>((resolve) => client.once('connected', () => resolve()));
    const first = connected();
    client.connect();
    await first;
    try {
      const open = [new nzc.ACL(nzc.Permission.ALL, new nzc.Id('world', 'anyone'))];
      await new Promise<void>((resolve, reject) =>
        client.create('/nzc-eph', Buffer.alloc(0), open, nzc.CreateMode.EPHEMERAL, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      const session = client.getSessionId().toString('hex');
      const sid = `sid=0x${BigInt(`0x${session}`).toString(16)}`;
      let holder: (typeof ensemble.members)[number] | undefined;
      for (const member of ensemble.members)
        if ((await fourLetterWord(member.clientPort, 'cons')).includes(sid)) holder = member;
      expect(holder).toBeDefined();
      const again = connected();
      await holder!.kill('SIGKILL');
      await again;
      expect(client.getSessionId().toString('hex')).toBe(session);
      const stat = await new Promise<unknown>((resolve, reject) =>
        client.exists('/nzc-eph', (error, found) => (error ? reject(error) : resolve(found))),
      );
      expect(stat).toBeTruthy();
      await holder!.restart();
    } finally {
      client.close();
    }
  });
});

describe('a 5-member zkts ensemble of real processes', { timeout: 120_000 }, () => {
  let ensemble: ZktsEnsemble;
  const clients: ZooKeeperClient[] = [];
  beforeAll(async () => {
    ensemble = await startZktsEnsemble({ size: 5, tickTime: 200, extraConfig: ['4lw.commands.whitelist=*'] });
  }, 90_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((zk) => zk.close()));
    await ensemble?.stop();
  });

  it('takes writes with two followers SIGKILLed, and they catch up when restarted', async () => {
    const leader = await leaderOf(ensemble);
    // a leader is established with any 3 of 5: wait for all, or the kills may leave it 2 synced
    await retrying('all five members serving', async () => {
      for (const member of ensemble.members) {
        const { mode } = await memberStatus(member.clientPort);
        if (mode !== 'leader' && mode !== 'follower') throw new Error(`member ${member.id} is ${mode}`);
      }
    });
    const followers = ensemble.members.filter((m) => m.id !== leader);
    const dead1 = followers[0]!;
    const dead2 = followers[1]!;
    const alive = followers.slice(2);
    const zk = createClient(alive.map((m) => `127.0.0.1:${m.clientPort}`).join(','), { reconnectDelay: 50 });
    clients.push(zk);
    await zk.connected();
    await dead1.kill('SIGKILL');
    await dead2.kill('SIGKILL');
    for (let i = 0; i < 30; i++) await zk.create(`/five-${i}`, String(i));
    await dead1.restart();
    await dead2.restart();
    for (const member of [dead1, dead2]) {
      const reader = createClient(`127.0.0.1:${member.clientPort}`, { reconnectDelay: 50 });
      clients.push(reader);
      await retrying(`member ${member.id} to catch up`, async () => {
        await reader.connected();
        const { children } = await reader.getChildren('/');
        if (!children.includes('five-29')) throw new Error('not yet');
      });
    }
  });
});
