import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DistributedQueue, WorkQueue } from '../src/index';
import { type Harness, sleep, startHarness } from './harness';
import { seeded, withSeed } from './seeded';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('DistributedQueue', () => {
  it('hands items out in FIFO order, each to one consumer, and waits when empty', async () => {
    const [producer, c1, c2] = await Promise.all([h.client(), h.client(), h.client()]);
    const queue = new DistributedQueue(producer, '/q');
    const waiting = new DistributedQueue(c1, '/q').take({ timeout: 5000 });
    await sleep(20);
    for (let i = 0; i < 20; i++) await queue.put(`item-${i}`);
    const taken = [text(await waiting)];
    const consumers = [c1, c2].map(async (zk) => {
      const q = new DistributedQueue(zk, '/q');
      const mine: string[] = [];
      for (;;) {
        try {
          mine.push(text(await q.take({ timeout: 200 })));
        } catch {
          return mine;
        }
      }
    });
    const [a, b] = await Promise.all(consumers);
    taken.push(...(a ?? []), ...(b ?? []));
    expect(taken.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `item-${i}`).sort());
    expect(a).toEqual([...(a ?? [])].sort((x, y) => Number(x.slice(5)) - Number(y.slice(5))));
    await expect(queue.take({ timeout: 50 })).rejects.toThrow('not acquired');
  });

  it('orders by priority, then arrival', async () => {
    const zk = await h.client();
    const queue = new DistributedQueue(zk, '/pq');
    await queue.put('low-1', { priority: 10 });
    await queue.put('high', { priority: -5 });
    await queue.put('low-2', { priority: 10 });
    await queue.put('mid', { priority: 0 });
    const order = [];
    for (let i = 0; i < 4; i++) order.push(text(await queue.take()));
    expect(order).toEqual(['high', 'mid', 'low-1', 'low-2']);
  });
});

describe('WorkQueue', () => {
  it('processes every item exactly once while workers survive, and re-queues a dead worker’s items (seeded)', async () => {
    await withSeed('work queue', async (seed) => {
      const random = seeded(seed);
      const producer = await h.client();
      const queue = new WorkQueue(producer, '/work');
      const total = 60;
      for (let i = 0; i < total; i++) await queue.put(`job-${i}`);
      const completed = new Map<string, number>();
      let abandonedByDeath = 0;
      const worker = async (dies: boolean) => {
        const zk = await h.client({ sessionTimeout: 2000 });
        const q = new WorkQueue(zk, '/work');
        for (let taken = 1; ; taken++) {
          let item: Awaited<ReturnType<WorkQueue['take']>>;
          try {
            item = await q.take({ timeout: 1500 });
          } catch {
            return;
          }
          await sleep(random.int(5));
          if (dies && taken === 1 + random.int(2)) {
            abandonedByDeath += 1;
            await h.expire(zk); // dies mid-item: the item must come back
            return;
          }
          if (random.int(8) === 0) h.cut(zk); // a cut connection must not lose or duplicate
          await item.done();
          const name = text(item.data);
          completed.set(name, (completed.get(name) ?? 0) + 1);
        }
      };
      await Promise.all([worker(false), worker(false), worker(true), worker(true)]);
      expect([...completed.keys()].sort()).toEqual(
        Array.from({ length: total }, (_, i) => `job-${i}`).sort(),
      );
      expect([...completed.values()].every((n) => n === 1)).toBe(true);
      expect((await producer.getChildren('/work/items')).children).toEqual([]);
      // the re-queue path ran: at least one worker died holding an item (it may not get a 2nd)
      expect(abandonedByDeath).toBeGreaterThanOrEqual(1);
    });
  }, 60_000);
});
