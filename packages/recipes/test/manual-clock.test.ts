import { createTestServer, type TestServer } from '@zkts/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AcquireTimeoutError,
  DistributedQueue,
  LeaderLatch,
  MultiLock,
  Mutex,
  WorkQueue,
} from '../src/index';

/**
 * The recipes' timeouts run on their client's clock: under @zkts/testing's manual clock a
 * 60-second timeout passes when the test advances time, with no real waiting (and not before).
 */
let ts: TestServer;
beforeEach(async () => {
  ts = await createTestServer({ clock: 'manual' });
});
afterEach(async () => {
  await ts.stop();
});

/** Settles `promise` into a result the test can look at without awaiting it. */
function track<T>(promise: Promise<T>): { settled: () => boolean; error: () => unknown } {
  let settled = false;
  let error: unknown;
  promise.then(
    () => {
      settled = true;
    },
    (e: unknown) => {
      settled = true;
      error = e;
    },
  );
  return { settled: () => settled, error: () => error };
}

describe('timeouts on the manual clock', () => {
  it('a lock acquire times out when the clock passes its timeout, not before', async () => {
    const [za, zb] = await Promise.all([ts.client(), ts.client()]);
    const held = await new Mutex(za, '/lock').acquire();
    const waiting = track(new Mutex(zb, '/lock').acquire({ timeout: 60_000 }));
    await ts.advance(59_000);
    expect(waiting.settled()).toBe(false);
    await ts.advance(1_000);
    expect(waiting.error()).toBeInstanceOf(AcquireTimeoutError);
    expect((await za.getChildren('/lock')).children).toHaveLength(1); // the waiter left no node
    await held.release();
  });

  it('a MultiLock shares one timeout on the given clock', async () => {
    const [za, zb] = await Promise.all([ts.client(), ts.client()]);
    const held = await new Mutex(za, '/m2').acquire();
    const multi = new MultiLock([new Mutex(zb, '/m1'), new Mutex(zb, '/m2')], zb.environment);
    const waiting = track(multi.acquire({ timeout: 30_000 }));
    await ts.advance(29_000);
    expect(waiting.settled()).toBe(false);
    await ts.advance(1_000);
    expect(waiting.error()).toBeInstanceOf(AcquireTimeoutError);
    expect((await za.getChildren('/m1')).children).toEqual([]); // the one it had is released
    await held.release();
  });

  it('waiting for leadership times out on the clock', async () => {
    const [za, zb] = await Promise.all([ts.client(), ts.client()]);
    const leader = new LeaderLatch(za, '/election');
    await leader.start();
    const follower = new LeaderLatch(zb, '/election');
    await follower.start();
    const waiting = track(follower.leadership({ timeout: 10_000 }));
    await ts.advance(9_999);
    expect(waiting.settled()).toBe(false);
    await ts.advance(1);
    expect(waiting.error()).toBeInstanceOf(AcquireTimeoutError);
    await leader.close();
    await follower.leadership({ timeout: 10_000 }); // the handover needs no time
  });

  it('queue takes time out on the clock', async () => {
    const zk = await ts.client();
    const queue = track(new DistributedQueue(zk, '/q').take({ timeout: 5_000 }));
    const work = track(new WorkQueue(zk, '/w').take({ timeout: 5_000 }));
    await ts.advance(4_000);
    expect([queue.settled(), work.settled()]).toEqual([false, false]);
    await ts.advance(1_000);
    expect(queue.error()).toBeInstanceOf(AcquireTimeoutError);
    expect(work.error()).toBeInstanceOf(AcquireTimeoutError);
  });
});
