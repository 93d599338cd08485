/**
 * Safety under faults: many contenders on one in-process server while a seeded schedule cuts
 * connections, expires sessions and closes clients. An observer checks that no two mutex
 * holders ever act at once, that their fencing tokens (the contender node's sequence) only
 * grow, and that no two leader latches report leadership at the same time (also latches on
 * RenewingSessions, which re-enter the election after each expiry).
 * A holder acts only while connected: on `disconnected` it stops, as the Lease contract says.
 */
import type { ZooKeeperClient } from '@zkts/client';
import { describe, expect, it } from 'vitest';
import { LeaderLatch, Mutex, RenewingSession, Semaphore } from '../src/index';
import { sequenceOf } from '../src/internal/sequence';
import { eventually, type Harness, sleep, startHarness } from './harness';
import { seeded, withSeed } from './seeded';

const CONTENDERS = 8;
const FAULT_ROUNDS = 25;

async function runFaults(
  h: Harness,
  random: ReturnType<typeof seeded>,
  live: () => ZooKeeperClient[],
  replace: (zk: ZooKeeperClient) => void,
  options: { close: boolean } = { close: true },
) {
  for (let round = 0; round < FAULT_ROUNDS; round++) {
    await sleep(20 + random.int(60));
    const victims = live();
    const victim = victims[random.int(victims.length)];
    if (victim === undefined) continue;
    const fault = random.int(10);
    if (fault < 5) h.cut(victim);
    else if (fault < 8 || !options.close) {
      await h.expire(victim);
      replace(victim);
    } else {
      await victim.close();
      replace(victim);
    }
  }
}

describe('safety under faults (seeded)', () => {
  it('a mutex never has two acting holders, and fencing tokens only grow', async () => {
    await withSeed('mutex safety', async (seed) => {
      const random = seeded(seed);
      const h = await startHarness();
      const violations: string[] = [];
      let inside: string | undefined;
      let lastToken = -1;
      let entries = 0;
      let stopping = false;
      const clients = new Set<ZooKeeperClient>();
      const loops: Promise<void>[] = [];

      const contender = async (id: string) => {
        const zk = await h.client({ sessionTimeout: 2000 });
        clients.add(zk);
        const mutex = new Mutex(zk, '/safety/mutex');
        while (!stopping) {
          let lease: Awaited<ReturnType<Mutex['acquire']>>;
          try {
            lease = await mutex.acquire({ timeout: 200 + random.int(800) });
          } catch {
            if (zk.state.type === 'expired' || zk.state.type === 'closed') return;
            await sleep(1); // a failure can be immediate: never retry in microtasks alone
            continue;
          }
          if (zk.state.type !== 'connected' || lease.signal.aborted) {
            await lease.release();
            continue;
          }
          const token = sequenceOf(lease.path) ?? -1;
          if (inside !== undefined) violations.push(`${id} entered while ${inside} was inside`);
          if (token <= lastToken) violations.push(`${id} entered with token ${token} after ${lastToken}`);
          inside = id;
          lastToken = token;
          entries += 1;
          const leave = () => {
            if (inside === id) inside = undefined;
          };
          zk.once('disconnected', leave);
          lease.signal.addEventListener('abort', leave);
          await sleep(random.int(8));
          leave();
          zk.off('disconnected', leave);
          await lease.release();
        }
      };

      let next = 0;
      const spawn = () => loops.push(contender(`c${next++}`));
      for (let i = 0; i < CONTENDERS; i++) spawn();
      await sleep(100);
      await runFaults(
        h,
        random,
        () => [...clients].filter((zk) => zk.state.type === 'connected'),
        (zk) => {
          clients.delete(zk);
          spawn();
        },
      );
      stopping = true;
      await Promise.all(loops);
      await h.close();
      expect(violations).toEqual([]);
      expect(entries).toBeGreaterThan(20);
    });
  }, 60_000);

  it('a leader latch never reports two leaders at once', async () => {
    await withSeed('latch safety', async (seed) => {
      const random = seeded(seed);
      const h = await startHarness();
      const violations: string[] = [];
      const latches = new Map<ZooKeeperClient, LeaderLatch>();
      let terms = 0;
      const join = async () => {
        const zk = await h.client({ sessionTimeout: 2000 });
        const latch = new LeaderLatch(zk, '/safety/latch', { id: `p${latches.size}` });
        latches.set(zk, latch);
        latch.on('leader', () => {
          terms += 1;
          const leaders = [...latches.values()].filter((l) => l.isLeader);
          if (leaders.length !== 1) violations.push(`${leaders.length} leaders: ${leaders.map((l) => l.id)}`);
        });
        await latch.start();
      };
      for (let i = 0; i < CONTENDERS; i++) await join();
      const joining: Promise<void>[] = [];
      await runFaults(
        h,
        random,
        () => {
          const connected = [...latches.keys()].filter((zk) => zk.state.type === 'connected');
          // the leader is drawn about half the time, so that leadership really moves
          const leader = connected.filter((zk) => latches.get(zk)?.isLeader);
          return [...connected, ...leader, ...leader, ...leader, ...leader, ...leader, ...leader];
        },
        () => joining.push(join()),
      );
      await Promise.all(joining);
      await h.close();
      expect(violations).toEqual([]);
      expect(terms).toBeGreaterThan(5);
    });
  }, 60_000);

  it('latches on renewing sessions never report two leaders, and all are back in the election after the faults', async () => {
    await withSeed('renewing latch safety', async (seed) => {
      const random = seeded(seed);
      const h = await startHarness();
      const violations: string[] = [];
      const latches: LeaderLatch[] = [];
      const sessions: RenewingSession[] = [];
      let terms = 0;
      let expiries = 0;
      for (let i = 0; i < CONTENDERS; i++) {
        const session = new RenewingSession(() => h.connect({ sessionTimeout: 2000 }));
        session.on('expired', () => {
          expiries += 1;
        });
        const latch = new LeaderLatch(session, '/safety/rlatch', { id: `p${i}` });
        latch.on('leader', () => {
          terms += 1;
          const leaders = latches.filter((l) => l.isLeader);
          if (leaders.length !== 1) violations.push(`${leaders.length} leaders: ${leaders.map((l) => l.id)}`);
        });
        sessions.push(session);
        latches.push(latch);
        await latch.start();
      }
      const current = () =>
        sessions.flatMap((session) => (session.client?.state.type === 'connected' ? [session.client] : []));
      await runFaults(
        h,
        random,
        () => {
          const leader = current().filter(
            (zk) => latches[sessions.findIndex((s) => s.client === zk)]?.isLeader,
          );
          return [...current(), ...leader, ...leader, ...leader, ...leader, ...leader, ...leader];
        },
        () => {}, // the RenewingSession opens the next session itself
        { close: false },
      );
      const observer = await h.client();
      await eventually(
        'every latch back in the election, one leading',
        async () =>
          (await observer.getChildren('/safety/rlatch')).children.length === CONTENDERS &&
          latches.filter((l) => l.isLeader).length === 1,
        15_000,
      );
      await Promise.all(latches.map((latch) => latch.close()));
      await Promise.all(sessions.map((session) => session.close()));
      await h.close();
      expect(violations).toEqual([]);
      expect(expiries).toBeGreaterThan(0);
      expect(terms).toBeGreaterThan(5);
    });
  }, 60_000);

  it('a semaphore of 3 never has more than 3 acting holders', async () => {
    await withSeed('semaphore safety', async (seed) => {
      const random = seeded(seed);
      const h = await startHarness();
      let acting = 0;
      let most = 0;
      let entries = 0;
      let stopping = false;
      const clients = new Set<ZooKeeperClient>();
      const loops: Promise<void>[] = [];
      const contender = async () => {
        const zk = await h.client({ sessionTimeout: 2000 });
        clients.add(zk);
        const semaphore = new Semaphore(zk, '/safety/semaphore', 3);
        while (!stopping) {
          let lease: Awaited<ReturnType<Semaphore['acquire']>>;
          try {
            lease = await semaphore.acquire({ timeout: 200 + random.int(800) });
          } catch {
            if (zk.state.type === 'expired' || zk.state.type === 'closed') return;
            await sleep(1); // a failure can be immediate: never retry in microtasks alone
            continue;
          }
          if (zk.state.type !== 'connected' || lease.signal.aborted) {
            await lease.release();
            continue;
          }
          acting += 1;
          entries += 1;
          most = Math.max(most, acting);
          let left = false;
          const leave = () => {
            if (!left) acting -= 1;
            left = true;
          };
          zk.once('disconnected', leave);
          lease.signal.addEventListener('abort', leave);
          await sleep(random.int(8));
          leave();
          zk.off('disconnected', leave);
          await lease.release();
        }
      };
      const spawn = () => loops.push(contender());
      for (let i = 0; i < CONTENDERS; i++) spawn();
      await sleep(100);
      await runFaults(
        h,
        random,
        () => [...clients].filter((zk) => zk.state.type === 'connected'),
        (zk) => {
          clients.delete(zk);
          spawn();
        },
      );
      stopping = true;
      await Promise.all(loops);
      await h.close();
      expect(most).toBeLessThanOrEqual(3);
      expect(most).toBeGreaterThan(1); // it did let several in at once
      expect(entries).toBeGreaterThan(20);
    });
  }, 60_000);
});
