import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaderLatch, LeaderSelector } from '../src/index';
import { eventually, type Harness, sleep, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('LeaderLatch', () => {
  it('the oldest participant leads; closing hands over to the next, in order', async () => {
    const clients = await Promise.all([h.client(), h.client(), h.client()]);
    const latches = clients.map((zk, i) => new LeaderLatch(zk, '/election', { id: `p${i}` }));
    for (const latch of latches) await latch.start();
    const [a, b, c] = latches as [LeaderLatch, LeaderLatch, LeaderLatch];
    expect(latches.map((l) => l.isLeader)).toEqual([true, false, false]);
    const names = (await clients[0]?.getChildren('/election'))?.children ?? [];
    expect(names.every((name) => /^_c_[0-9a-f-]{36}-latch-\d{10}$/.test(name))).toBe(true);

    const seen: boolean[] = [];
    const consumed = (async () => {
      for await (const leading of b.states()) seen.push(leading);
    })();
    await a.close();
    await b.leadership({ timeout: 5000 });
    expect([a.isLeader, b.isLeader, c.isLeader]).toEqual([false, true, false]);
    await b.close();
    await consumed;
    expect(seen).toEqual([false, true, false]);
    await c.leadership({ timeout: 5000 });
  });

  it('is not leader while suspended, leads again after reconnecting with the same session', async () => {
    const zk = await h.client();
    const latch = new LeaderLatch(zk, '/e2');
    await latch.start();
    expect(latch.isLeader).toBe(true);
    const changes: string[] = [];
    latch.on('leader', () => changes.push('leader')).on('follower', () => changes.push('follower'));
    h.cut(zk);
    await eventually('suspended', () => changes.length > 0);
    await latch.leadership({ timeout: 5000 });
    expect(changes).toEqual(['follower', 'leader']);
  });

  it('on session expiry the latch closes and the next participant takes over', async () => {
    const [za, zb] = await Promise.all([h.client(), h.client()]);
    const a = new LeaderLatch(za, '/e3');
    const b = new LeaderLatch(zb, '/e3');
    await a.start();
    await b.start();
    await h.expire(za);
    await b.leadership({ timeout: 5000 });
    expect(a.isLeader).toBe(false);
    await eventually('a notices', () => za.state.type === 'expired');
    await expect(a.leadership({ timeout: 100 })).rejects.toThrow('closed');
  });

  it('times out and aborts a wait for leadership', async () => {
    const [za, zb] = await Promise.all([h.client(), h.client()]);
    await new LeaderLatch(za, '/e4').start();
    const b = new LeaderLatch(zb, '/e4');
    await b.start();
    await expect(b.leadership({ timeout: 50 })).rejects.toThrow('not acquired within 50 ms');
  });
});

describe('LeaderSelector', () => {
  it('runs one leader task at a time and requeues after giving up', async () => {
    const clients = await Promise.all([h.client(), h.client(), h.client()]);
    let leaders = 0;
    let maxLeaders = 0;
    const terms: string[] = [];
    const selectors = clients.map(
      (zk, i) =>
        new LeaderSelector(zk, '/sel', async () => {
          leaders += 1;
          maxLeaders = Math.max(maxLeaders, leaders);
          terms.push(`s${i}`);
          await sleep(10);
          leaders -= 1;
        }),
    );
    for (const s of selectors) s.start();
    await eventually('six terms', () => terms.length >= 6);
    await Promise.all(selectors.map((s) => s.close()));
    expect(maxLeaders).toBe(1);
    expect(new Set(terms).size).toBe(3);
    expect((await clients[0]?.getChildren('/sel'))?.children).toEqual([]);
  });

  it('cancels the task when the connection is suspended, and leads again later', async () => {
    const zk = await h.client();
    const reasons: string[] = [];
    let terms = 0;
    const selector = new LeaderSelector(zk, '/sel2', async (signal) => {
      terms += 1;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      reasons.push(String(signal.reason));
    });
    selector.start();
    await eventually('leading', () => selector.hasLeadership);
    h.cut(zk);
    await eventually('second term', () => terms === 2 && selector.hasLeadership);
    expect(reasons[0]).toContain('disconnected');
    await selector.close();
    expect(reasons[1]).toContain('closed');
  });
});
