import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier, DoubleBarrier, SharedCounter } from '../src/index';
import { type Harness, sleep, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('barriers', () => {
  it('Barrier holds waiters until removed', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const barrier = new Barrier(a, '/b/gate');
    await barrier.set();
    let passed = false;
    const waiting = new Barrier(b, '/b/gate').wait({ timeout: 5000 }).then(() => {
      passed = true;
    });
    await sleep(50);
    expect(passed).toBe(false);
    await barrier.remove();
    await waiting;
    expect(passed).toBe(true);
  });

  it('DoubleBarrier lets members in together and out together', async () => {
    const clients = await Promise.all([h.client(), h.client(), h.client()]);
    const log: string[] = [];
    await Promise.all(
      clients.map(async (zk, i) => {
        const barrier = new DoubleBarrier(zk, '/db', 3);
        await sleep(i * 30);
        await barrier.enter({ timeout: 5000 });
        log.push('in');
        await sleep((2 - i) * 30);
        await barrier.leave({ timeout: 5000 });
        log.push('out');
      }),
    );
    expect(log).toEqual(['in', 'in', 'in', 'out', 'out', 'out']);
    expect((await clients[0]?.getChildren('/db'))?.children).toEqual([]);
  });
});

describe('SharedCounter', () => {
  it('concurrent increments from many sessions all count (compare-and-set with retry)', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => h.client()));
    await Promise.all(
      clients.map(async (zk) => {
        const counter = new SharedCounter(zk, '/counters/c');
        for (let i = 0; i < 20; i++) await counter.add(1);
      }),
    );
    const counter = new SharedCounter(clients[0] ?? (await h.client()), '/counters/c');
    expect((await counter.get()).value).toBe(100);
    const { data } = await (clients[0] ?? (await h.client())).getData('/counters/c');
    expect([...data]).toEqual([0, 0, 0, 100]); // Curator SharedCount's 4-byte big-endian int
    const { version } = await counter.get();
    expect(await counter.compareAndSet(version - 1, 7)).toBe(false);
    expect(await counter.compareAndSet(version, 7)).toBe(true);
  });
});
