/**
 * @zkts/recipes under ensemble faults: contenders spread over a 3-member in-process ensemble
 * while a seeded nemesis kills and restarts members (the leader half the time), cuts one member
 * away from the others and expires sessions. Observers check the recipes' promises:
 * - a mutex never has two acting holders, and its fencing tokens (sequence numbers) only grow;
 * - a leader latch never reports two leaders, and one leads again once the faults end;
 * - a leader selector never runs two tasks at once, and every selector leads again afterwards;
 * - a semaphore never has more acting holders than leases;
 * - a work queue loses no item, processes none twice unless its first worker's session died,
 *   and hands the item of a dead worker to another.
 * "Acting" follows the Lease contract (and Curator's advice): a holder stops acting when it asks
 * for the release, and at once when its connection is suspended (`disconnected`) or its lease's
 * signal aborts. One cut per run outlasts a session, so the quorum itself expires sessions. A session expired
 * on demand while its client is connected has no counterpart in life (the leader expires a
 * session only after a whole timeout without a ping, by which time its client has long been
 * told it is disconnected), so the nemesis tells the holder first, as that silence would.
 *
 * Seeded: a failure prints its seed; replay with RECIPES_SEED=<seed>.
 */
import type { ZooKeeperClient } from '@zkts/client';
import {
  LeaderLatch,
  LeaderSelector,
  type Lease,
  Mutex,
  RenewingSession,
  Semaphore,
  WorkQueue,
} from '@zkts/recipes';
import { createEnsemble, type TestEnsemble } from '@zkts/testing';
import { describe, expect, it } from 'vitest';
import { chooseSeed, seeded } from '../packages/recipes/test/seeded';

const SIZE = 3;
const SESSION_TIMEOUT = 4000; // the most tickTime 200 allows: well above a follower's syncLimit
const FAULT_ROUNDS = 10;
const LONG_CUT_ROUND = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Random = ReturnType<typeof seeded>;

async function withSeed(name: string, body: (seed: number) => Promise<void>): Promise<void> {
  const seed = chooseSeed();
  try {
    await body(seed);
  } catch (error) {
    console.error(
      `${name} failed with seed ${seed}; replay: RECIPES_SEED=${seed} npx vitest run test/recipes-ensemble-faults.test.ts`,
    );
    throw error;
  }
}

async function eventually(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolves within `ms` whatever `promise` does (a fault may leave it pending for long). */
const bounded = (promise: Promise<unknown>, ms: number) => Promise.race([promise.catch(() => {}), sleep(ms)]);

/**
 * The fault schedule. `clients()` lists the sessions that may be expired; `beforeExpire` tells
 * the victim's observer first; `log` records what happened, for a failure's message.
 */
async function nemesis(
  ens: TestEnsemble,
  random: Random,
  clients: () => ZooKeeperClient[],
  beforeExpire: (zk: ZooKeeperClient) => void,
  log: string[],
  aim: () => number | undefined = () => undefined,
): Promise<void> {
  for (let round = 0; round < FAULT_ROUNDS; round++) {
    await sleep(100 + random.int(300));
    // once per run a cut longer than a session: the quorum itself expires the cut-off
    // member's pinned sessions, whose holders were told only `disconnected`
    const fault = round === LONG_CUT_ROUND ? -1 : random.int(10);
    const leader = ens.leader()?.index;
    let target = leader !== undefined && random.int(2) === 0 ? leader : random.int(SIZE);
    if (fault < 0) {
      // aim the long cut at the member of a holder pinned to it, waiting a while for one
      for (let waited = 0; aim() === undefined && waited < 3000; waited += 20) await sleep(20);
      target = aim() ?? target;
    }
    if (fault < 0) {
      log.push(`partition ${target}${target === leader ? ' (leader)' : ''} away for longer than a session`);
      ens.partition(
        [target],
        ens.members.map((m) => m.index).filter((i) => i !== target),
      );
      await sleep(SESSION_TIMEOUT + 1500);
      ens.heal();
    } else if (fault < 4) {
      log.push(`kill ${target}${target === leader ? ' (leader)' : ''}`);
      await ens.kill(target);
      await sleep(200 + random.int(600));
      await ens.restart(target);
    } else if (fault < 6) {
      log.push(`partition ${target}${target === leader ? ' (leader)' : ''} away`);
      ens.partition(
        [target],
        ens.members.map((m) => m.index).filter((i) => i !== target),
      );
      await sleep(500 + random.int(1500));
      ens.heal();
    } else {
      const live = clients().filter((zk) => zk.state.type === 'connected');
      const victim = live[random.int(live.length)];
      if (victim === undefined || ens.leader() === undefined) continue;
      log.push(`expire 0x${victim.sessionId.toString(16)}`);
      beforeExpire(victim);
      // a client behind a cut member sees Expired only when it is back: do not wait for that
      await bounded(ens.expireSession(victim), 5000);
    }
    await ens.waitForLeader(15_000);
  }
  ens.heal();
  await ens.waitForLeader(15_000);
}

/** A holder that acts while connected and until told otherwise, for the mutex and the semaphore. */
class Holders {
  readonly acting = new Map<ZooKeeperClient, string>();
  readonly doomed = new Set<ZooKeeperClient>();
  readonly violations: string[] = [];
  entries = 0;

  constructor(private readonly limit: number) {}

  /** Enters if the lease may be acted on; returns how to leave, or undefined. */
  enter(zk: ZooKeeperClient, id: string, lease: Lease): (() => void) | undefined {
    if (zk.state.type !== 'connected' || lease.signal.aborted || this.doomed.has(zk)) return undefined;
    this.acting.set(zk, id);
    this.entries += 1;
    if (this.acting.size > this.limit) {
      this.violations.push(`${id} entered while ${[...this.acting.values()].join(', ')} acted`);
    }
    const leave = () => {
      if (this.acting.get(zk) === id) this.acting.delete(zk);
      zk.off('disconnected', leave);
      lease.signal.removeEventListener('abort', leave);
    };
    zk.once('disconnected', leave);
    lease.signal.addEventListener('abort', leave);
    return leave;
  }

  tell(zk: ZooKeeperClient): void {
    this.doomed.add(zk);
    this.acting.delete(zk);
  }
}

/** Contenders that acquire, act for a few ms and release, each replaced when its session ends. */
async function contend(
  ens: TestEnsemble,
  random: Random,
  holders: Holders,
  count: number,
  acquirable: (zk: ZooKeeperClient) => { acquire(options: { timeout: number }): Promise<Lease> },
  onEnter: (lease: Lease, id: string) => void = () => {},
): Promise<{ stop: () => Promise<void>; clients: () => ZooKeeperClient[]; aim: () => number | undefined }> {
  const live = new Set<ZooKeeperClient>();
  const pinnedTo = new Map<ZooKeeperClient, number>();
  const loops: Promise<void>[] = [];
  let stopping = false;
  let next = 0;
  const contender = async (id: string, member: number | undefined) => {
    const zk = await ens.client({
      sessionTimeout: SESSION_TIMEOUT,
      ...(member === undefined ? {} : { member }),
    });
    live.add(zk);
    if (member !== undefined) pinnedTo.set(zk, member);
    const lock = acquirable(zk);
    while (!stopping) {
      let lease: Lease;
      try {
        lease = await lock.acquire({ timeout: 300 + random.int(1200) });
      } catch {
        if (zk.state.type === 'expired' || zk.state.type === 'closed') break;
        await sleep(5); // a failure can be immediate: never retry in microtasks alone
        continue;
      }
      const leave = holders.enter(zk, id, lease);
      if (leave !== undefined) {
        onEnter(lease, id);
        // now and then a long piece of work, so that a cut can catch a holder in the middle
        await sleep(random.int(8) === 0 ? 300 : random.int(10));
      }
      // it stops acting when it asks for the release: the next holder may be told before our
      // delete's reply reaches us (another member may apply it first)
      leave?.();
      await lease.release().catch(() => {});
      if (zk.state.type === 'expired' || zk.state.type === 'closed') break;
    }
    live.delete(zk);
    await zk.close().catch(() => {});
    if (!stopping) spawn(); // a new process takes the place of the one whose session ended
  };
  // half pinned to one member (they wait out a kill or a cut of it), half free to move
  const spawn = () => {
    const n = next++;
    loops.push(contender(`c${n}`, n % 2 === 0 ? n % SIZE : undefined));
  };
  for (let i = 0; i < count; i++) spawn();
  return {
    clients: () => [...live],
    /** The member of an acting holder pinned to one, if any. */
    aim: () => [...holders.acting.keys()].map((zk) => pinnedTo.get(zk)).find((m) => m !== undefined),
    stop: async () => {
      stopping = true;
      // a loop spawned while stopping is already in `loops` before the one that spawned it ends
      for (let settled = 0; settled < loops.length; settled = loops.length) await Promise.all(loops);
    },
  };
}

describe('recipes under ensemble faults (seeded)', () => {
  it('a mutex never has two acting holders, and its fencing tokens only grow', async () => {
    await withSeed('ensemble mutex', async (seed) => {
      const random = seeded(seed);
      await using ens = await createEnsemble({ size: SIZE });
      await ens.waitForLeader();
      const holders = new Holders(1);
      let lastToken = -1;
      const log: string[] = [];
      const contenders = await contend(
        ens,
        random,
        holders,
        8,
        (zk) => new Mutex(zk, '/faults/mutex'),
        (lease, id) => {
          const token = Number(lease.path.slice(-10));
          if (token <= lastToken)
            holders.violations.push(`${id} entered with token ${token} after ${lastToken}`);
          lastToken = token;
        },
      );
      await nemesis(ens, random, contenders.clients, (zk) => holders.tell(zk), log, contenders.aim);
      await sleep(500); // a calm stretch: the contenders take turns again
      const before = holders.entries;
      await eventually(() => holders.entries > before + 5, 'the mutex to be taken again after the faults');
      await contenders.stop();
      expect(holders.violations, `faults: ${log.join('; ')}`).toEqual([]);
      expect(holders.entries).toBeGreaterThan(20);
    });
  }, 60_000);

  it('a semaphore never has more acting holders than leases', async () => {
    await withSeed('ensemble semaphore', async (seed) => {
      const random = seeded(seed);
      await using ens = await createEnsemble({ size: SIZE });
      await ens.waitForLeader();
      const holders = new Holders(2);
      const log: string[] = [];
      let peak = 0;
      const contenders = await contend(
        ens,
        random,
        holders,
        6,
        (zk) => new Semaphore(zk, '/faults/semaphore', 2),
        () => {
          peak = Math.max(peak, holders.acting.size);
        },
      );
      await nemesis(ens, random, contenders.clients, (zk) => holders.tell(zk), log, contenders.aim);
      const before = holders.entries;
      await eventually(() => holders.entries > before + 5, 'leases to be granted again after the faults');
      await contenders.stop();
      expect(holders.violations, `faults: ${log.join('; ')}`).toEqual([]);
      expect(holders.entries).toBeGreaterThan(20);
      expect(peak).toBe(2); // the budget was really shared, not handed out one at a time
    });
  }, 60_000);

  it('a leader latch never reports two leaders, and one leads again after the faults', async () => {
    await withSeed('ensemble latch', async (seed) => {
      const random = seeded(seed);
      await using ens = await createEnsemble({ size: SIZE });
      await ens.waitForLeader();
      const latches = new Map<ZooKeeperClient, LeaderLatch>();
      const doomed = new Set<ZooKeeperClient>();
      const violations: string[] = [];
      const log: string[] = [];
      const joining: Promise<void>[] = [];
      let terms = 0;
      let next = 0;
      const leaders = () =>
        [...latches].filter(([zk, latch]) => latch.isLeader && !doomed.has(zk)).map(([, l]) => l.id);
      const join = async () => {
        const n = next++;
        const zk = await ens.client({
          sessionTimeout: SESSION_TIMEOUT,
          ...(n % 2 === 0 ? { member: n % SIZE } : {}),
        });
        const latch = new LeaderLatch(zk, '/faults/latch', { id: `p${n}` });
        latches.set(zk, latch);
        latch.on('leader', () => {
          terms += 1;
          if (leaders().length > 1) violations.push(`leaders at once: ${leaders().join(', ')}`);
        });
        // a plain client's latch closes for good when its session ends: a new process joins
        latch.once('closed', () => {
          latches.delete(zk);
          void zk.close().catch(() => {});
          if (!stopping) joining.push(join());
        });
        await latch.start().catch(() => {});
      };
      let stopping = false;
      for (let i = 0; i < 6; i++) await join();
      await nemesis(
        ens,
        random,
        () => {
          // the leader is drawn about half the time, so that leadership really moves
          const all = [...latches.keys()];
          const leading = all.filter((zk) => latches.get(zk)?.isLeader);
          return [...all, ...leading, ...leading, ...leading, ...leading, ...leading];
        },
        (zk) => doomed.add(zk),
        log,
      );
      await eventually(() => leaders().length === 1, 'one leader after the faults');
      stopping = true;
      await Promise.all(joining);
      expect(violations, `faults: ${log.join('; ')}`).toEqual([]);
      expect(terms).toBeGreaterThan(1);
    });
  }, 60_000);

  it('a leader selector on renewing sessions never runs two tasks at once, and every selector leads after the faults', async () => {
    await withSeed('ensemble selector', async (seed) => {
      const random = seeded(seed);
      await using ens = await createEnsemble({ size: SIZE });
      await ens.waitForLeader();
      const violations: string[] = [];
      const log: string[] = [];
      const leading = new Map<string, ZooKeeperClient | undefined>();
      const doomed = new Set<ZooKeeperClient>();
      const ledAfterFaults = new Set<string>();
      let faultsOver = false;
      let terms = 0;
      const sessions: RenewingSession[] = [];
      const selectors: LeaderSelector[] = [];
      for (let n = 0; n < 5; n++) {
        const id = `s${n}`;
        const session = new RenewingSession(() =>
          ens.client({ sessionTimeout: SESSION_TIMEOUT, ...(n % 2 === 0 ? { member: n % SIZE } : {}) }),
        );
        sessions.push(session);
        const selector = new LeaderSelector(
          session,
          '/faults/selector',
          async (signal) => {
            const zk = session.client;
            if (signal.aborted || zk === undefined || doomed.has(zk)) return;
            terms += 1;
            if (faultsOver) ledAfterFaults.add(id);
            const others = [...leading.keys()];
            if (others.length > 0) violations.push(`${id} leads while ${others.join(', ')} lead`);
            leading.set(id, zk);
            const leave = () => leading.delete(id);
            signal.addEventListener('abort', leave, { once: true });
            zk.once('disconnected', leave);
            await Promise.race([
              sleep(20 + random.int(80)),
              new Promise((r) => signal.addEventListener('abort', r)),
            ]);
            leave();
            zk.off('disconnected', leave);
          },
          { id },
        );
        selectors.push(selector);
        selector.start();
      }
      await nemesis(
        ens,
        random,
        () => sessions.flatMap((s) => (s.client === undefined ? [] : [s.client])),
        (zk) => {
          doomed.add(zk);
          for (const [id, holder] of leading) if (holder === zk) leading.delete(id);
        },
        log,
      );
      faultsOver = true;
      // autoRequeue: leadership goes round, so every selector, on whatever session, leads again
      await eventually(
        () => ledAfterFaults.size === selectors.length,
        'every selector to lead after the faults',
        20_000,
      );
      await Promise.all(selectors.map((s) => s.close()));
      await Promise.all(sessions.map((s) => s.close()));
      expect(violations, `faults: ${log.join('; ')}`).toEqual([]);
      expect(terms).toBeGreaterThan(10);
    });
  }, 60_000);

  it('a work queue loses no item, and processes one twice only after its worker’s session died', async () => {
    await withSeed('ensemble work queue', async (seed) => {
      const random = seeded(seed);
      await using ens = await createEnsemble({ size: SIZE });
      await ens.waitForLeader();
      const ITEMS = 60;
      const producer = await ens.client({ sessionTimeout: SESSION_TIMEOUT });
      const queue = new WorkQueue(producer, '/faults/queue');
      for (let i = 0; i < ITEMS; i++) await queue.put(`item-${i}`);

      /** Per item: who finished it (done() resolved), and who started it. */
      const finishedBy = new Map<string, string>();
      const started = new Map<string, string[]>();
      const violations: string[] = [];
      const log: string[] = [];
      const live = new Set<ZooKeeperClient>();
      const loops: Promise<void>[] = [];
      let stopping = false;
      let next = 0;
      const worker = async (id: string, member: number | undefined) => {
        const zk = await ens.client({
          sessionTimeout: SESSION_TIMEOUT,
          ...(member === undefined ? {} : { member }),
        });
        live.add(zk);
        const work = new WorkQueue(zk, '/faults/queue');
        while (!stopping) {
          let item: Awaited<ReturnType<WorkQueue['take']>>;
          try {
            item = await work.take({ timeout: 300 + random.int(700) });
          } catch {
            if (zk.state.type === 'expired' || zk.state.type === 'closed') break;
            await sleep(5);
            continue;
          }
          const name = new TextDecoder().decode(item.data);
          const earlier = finishedBy.get(name);
          if (earlier !== undefined) violations.push(`${id} took ${name}, finished already by ${earlier}`);
          started.set(name, [...(started.get(name) ?? []), id]);
          await sleep(random.int(20));
          try {
            await item.done();
            finishedBy.set(name, id);
          } catch {
            // our session ended mid-way: the claim went with it and the item is someone else's
          }
          if (zk.state.type === 'expired' || zk.state.type === 'closed') break;
        }
        live.delete(zk);
        await zk.close().catch(() => {});
        if (!stopping) spawn();
      };
      const spawn = () => {
        const n = next++;
        loops.push(worker(`w${n}`, n % 2 === 0 ? n % SIZE : undefined));
      };
      for (let i = 0; i < 4; i++) spawn();
      await nemesis(
        ens,
        random,
        () => [...live],
        () => {},
        log,
      );
      await eventually(() => finishedBy.size === ITEMS, 'every item to be finished', 20_000);
      stopping = true;
      for (let settled = 0; settled < loops.length; settled = loops.length) await Promise.all(loops);
      expect(violations, `faults: ${log.join('; ')}`).toEqual([]);
      expect((await producer.getChildren('/faults/queue/items')).children).toEqual([]);
      expect([...finishedBy.keys()].sort()).toEqual(
        Array.from({ length: ITEMS }, (_, i) => `item-${i}`).sort(),
      );
    });
  }, 60_000);

  it('a work item held by a worker whose session dies goes to another worker', async () => {
    await using ens = await createEnsemble({ size: SIZE });
    await ens.waitForLeader();
    const doomed = await ens.client({ sessionTimeout: SESSION_TIMEOUT });
    const survivor = await ens.client({ sessionTimeout: SESSION_TIMEOUT });
    await new WorkQueue(survivor, '/faults/requeue').put('only');
    const held = await new WorkQueue(doomed, '/faults/requeue').take({ timeout: 10_000 });
    const second = new WorkQueue(survivor, '/faults/requeue').take({ timeout: 15_000 });
    await sleep(100);
    await ens.kill(ens.leader()?.index ?? 0); // the queue survives a change of leader too
    await ens.waitForLeader(15_000);
    await ens.expireSession(doomed);
    const taken = await second;
    expect(new TextDecoder().decode(taken.data)).toBe('only');
    expect(taken.path).toBe(held.path);
    await taken.done();
    await expect(held.done()).rejects.toThrow();
    expect((await survivor.getChildren('/faults/requeue/items')).children).toEqual([]);
  }, 60_000);
});
