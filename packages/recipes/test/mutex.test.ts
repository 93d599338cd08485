import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcquireTimeoutError, Mutex, SemaphoreMutex } from '../src/index';
import { eventually, type Harness, sleep, startHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('Mutex', () => {
  it('lays out its contender as Curator does and deletes it on release', async () => {
    const zk = await h.client();
    const lease = await new Mutex(zk, '/locks/a').acquire();
    expect(lease.path).toMatch(/^\/locks\/a\/_c_[0-9a-f-]{36}-lock-\d{10}$/);
    await lease.release();
    expect((await zk.getChildren('/locks/a')).children).toEqual([]);
  });

  it('excludes a second holder until the first releases, in arrival order', async () => {
    const [a, b, c] = await Promise.all([h.client(), h.client(), h.client()]);
    const first = await new Mutex(a, '/l').acquire();
    const order: string[] = [];
    const second = new Mutex(b, '/l').acquire().then((lease) => (order.push('b'), lease));
    await sleep(20);
    const third = new Mutex(c, '/l').acquire().then((lease) => (order.push('c'), lease));
    await sleep(50);
    expect(order).toEqual([]);
    await first.release();
    const secondLease = await second;
    await sleep(50);
    expect(order).toEqual(['b']);
    await secondLease.release();
    await (await third).release();
    expect(order).toEqual(['b', 'c']);
  });

  it('is reentrant per object: the node goes with the last release', async () => {
    const zk = await h.client();
    const mutex = new Mutex(zk, '/r');
    const outer = await mutex.acquire();
    const inner = await mutex.acquire({ timeout: 100 });
    expect(inner.path).toBe(outer.path);
    await inner.release();
    expect(mutex.isHeld).toBe(true);
    expect(await zk.exists(outer.path)).not.toBeNull();
    await outer.release();
    expect(mutex.isHeld).toBe(false);
    expect(await zk.exists(outer.path)).toBeNull();
  });

  it('SemaphoreMutex is not reentrant and uses the leases/locks layout', async () => {
    const zk = await h.client();
    const mutex = new SemaphoreMutex(zk, '/s');
    const held = await mutex.acquire();
    expect(held.path).toMatch(/^\/s\/leases\/_c_[0-9a-f-]{36}-lease-\d{10}$/);
    await expect(mutex.acquire({ timeout: 100 })).rejects.toBeInstanceOf(AcquireTimeoutError);
    await held.release();
    await (await mutex.acquire({ timeout: 1000 })).release();
  });

  it('times out and aborts without leaving a contender behind', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const held = await new Mutex(a, '/t').acquire();
    await expect(new Mutex(b, '/t').acquire({ timeout: 80 })).rejects.toBeInstanceOf(AcquireTimeoutError);
    const controller = new AbortController();
    const aborted = new Mutex(b, '/t').acquire({ signal: controller.signal });
    await sleep(30);
    controller.abort(new Error('changed my mind'));
    await expect(aborted).rejects.toThrow('changed my mind');
    expect((await a.getChildren('/t')).children).toEqual([held.path.slice(3)]);
  });

  it('releases at the end of an `await using` scope', async () => {
    const zk = await h.client();
    const mutex = new Mutex(zk, '/u');
    let path = '';
    {
      await using lease = await mutex.acquire();
      path = lease.path;
      expect(await zk.exists(path)).not.toBeNull();
    }
    expect(await zk.exists(path)).toBeNull();
  });

  it('keeps the lease through a connection cut; loses it (signal aborts) when the session expires', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const lease = await new Mutex(a, '/e').acquire();
    h.cut(a);
    await eventually('reconnect', () => a.state.type === 'connected');
    expect(lease.signal.aborted).toBe(false);
    expect(await b.exists(lease.path)).not.toBeNull();

    const waiter = new Mutex(b, '/e').acquire();
    await h.expire(a);
    await eventually('lease lost', () => lease.signal.aborted);
    const next = await waiter;
    expect(next.path).not.toBe(lease.path);
    await lease.release(); // harmless after the loss
    await next.release();
  });

  it('a waiter whose own session expires fails instead of waiting forever', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const held = await new Mutex(a, '/w').acquire();
    const waiting = new Mutex(b, '/w').acquire();
    await sleep(30);
    await h.expire(b);
    await expect(waiting).rejects.toThrow();
    expect((await a.getChildren('/w')).children).toEqual([held.path.slice(3)]);
  });
});
