import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AcquireTimeoutError,
  MultiLock,
  Mutex,
  ReadWriteLock,
  Semaphore,
  SemaphoreMutex,
} from '../src/index';
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
    const second = new Mutex(b, '/l').acquire().then((lease) => {
      order.push('b');
      return lease;
    });
    await sleep(20);
    const third = new Mutex(c, '/l').acquire().then((lease) => {
      order.push('c');
      return lease;
    });
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
    expect((await zk.exists(outer.path)).stat).not.toBeNull();
    await outer.release();
    expect(mutex.isHeld).toBe(false);
    expect((await zk.exists(outer.path)).stat).toBeNull();
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
      expect((await zk.exists(path)).stat).not.toBeNull();
    }
    expect((await zk.exists(path)).stat).toBeNull();
  });

  it('keeps the lease through a connection cut; loses it (signal aborts) when the session expires', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const lease = await new Mutex(a, '/e').acquire();
    h.cut(a);
    await eventually('reconnect', () => a.state.type === 'connected');
    expect(lease.signal.aborted).toBe(false);
    expect((await b.exists(lease.path)).stat).not.toBeNull();

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

  it('Semaphore grants at most maxLeases at once', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => h.client()));
    let holding = 0;
    let most = 0;
    await Promise.all(
      clients.map(async (zk) => {
        const semaphore = new Semaphore(zk, '/sem', 2);
        for (let i = 0; i < 4; i++) {
          const lease = await semaphore.acquire({ timeout: 10_000 });
          holding += 1;
          most = Math.max(most, holding);
          await sleep(3);
          holding -= 1;
          await lease.release();
        }
      }),
    );
    expect(most).toBe(2);
  });
});

describe('ReadWriteLock', () => {
  it('readers share, a writer excludes readers and writers, in arrival order', async () => {
    const [a, b, c] = await Promise.all([h.client(), h.client(), h.client()]);
    const r1 = await new ReadWriteLock(a, '/rw').readLock();
    const r2 = await new ReadWriteLock(b, '/rw').readLock({ timeout: 1000 }); // readers share
    expect(r1.path).toMatch(/-__READ__\d{10}$/);
    let written = false;
    const writer = new ReadWriteLock(c, '/rw').writeLock().then((lease) => {
      written = true;
      return lease;
    });
    await sleep(30);
    // a reader that arrives after a waiting writer queues behind it
    await expect(new ReadWriteLock(a, '/rw').readLock({ timeout: 80 })).rejects.toBeInstanceOf(
      AcquireTimeoutError,
    );
    expect(written).toBe(false);
    await r1.release();
    await r2.release();
    const w = await writer;
    expect(w.path).toMatch(/-__WRIT__\d{10}$/);
    await expect(new ReadWriteLock(b, '/rw').readLock({ timeout: 80 })).rejects.toBeInstanceOf(
      AcquireTimeoutError,
    );
    await w.release();
    await (await new ReadWriteLock(b, '/rw').readLock({ timeout: 1000 })).release();
  });
});

describe('ReadWriteLock reentrancy (as Curator InterProcessReadWriteLock)', () => {
  it('a holder re-acquires on the same node; the node goes with the last release, in any order', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const lock = new ReadWriteLock(a, '/rr');
    const w1 = await lock.writeLock();
    const w2 = await lock.writeLock({ timeout: 100 });
    expect(w2.path).toBe(w1.path);
    const other = new ReadWriteLock(b, '/rr');
    await w1.release(); // out of order: the second lease still holds
    expect(lock.isWriteHeld).toBe(true);
    await expect(other.readLock({ timeout: 80 })).rejects.toBeInstanceOf(AcquireTimeoutError);
    await w2.release();
    expect(lock.isWriteHeld).toBe(false);
    expect((await a.getChildren('/rr')).children).toEqual([]);

    const r1 = await lock.readLock();
    const r2 = await lock.readLock({ timeout: 100 });
    expect(r2.path).toBe(r1.path);
    await r2.release();
    expect((await a.getChildren('/rr')).children).toHaveLength(1);
    await r1.release();
    expect((await a.getChildren('/rr')).children).toEqual([]);
  });

  it('the write holder takes the read lock at once and keeps it after releasing the write lock (downgrade)', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const lock = new ReadWriteLock(a, '/down');
    const other = new ReadWriteLock(b, '/down');
    const write = await lock.writeLock();
    // a writer of another session queues behind our write node
    let otherWrote = false;
    const otherWrite = other.writeLock().then((lease) => {
      otherWrote = true;
      return lease;
    });
    await sleep(30);
    const read = await lock.readLock({ timeout: 200 }); // not blocked by our own write, nor by the waiter
    expect(read.path).toMatch(/-__READ__\d{10}$/);
    expect(read.path.slice(-10)).toBe(write.path.slice(-10)); // level with our write node
    await write.release();
    expect([lock.isWriteHeld, lock.isReadHeld]).toEqual([false, true]);
    // the waiting writer is still excluded by our read lock (CURATOR-621); new readers queue behind it
    await expect(new ReadWriteLock(b, '/down').readLock({ timeout: 80 })).rejects.toBeInstanceOf(
      AcquireTimeoutError,
    );
    expect(otherWrote).toBe(false);
    await read.release();
    await (await otherWrite).release();
  });

  it('refuses to upgrade a read lock to a write lock instead of waiting for itself forever', async () => {
    const zk = await h.client();
    const lock = new ReadWriteLock(zk, '/up');
    const read = await lock.readLock();
    await expect(lock.writeLock({ timeout: 1000 })).rejects.toThrow('release the read lock first');
    await read.release();
    await (await lock.writeLock({ timeout: 1000 })).release();
    expect((await zk.getChildren('/up')).children).toEqual([]);
  });
});

describe('MultiLock', () => {
  it('holds all or none', async () => {
    const [a, b] = await Promise.all([h.client(), h.client()]);
    const blocker = await new Mutex(b, '/m2').acquire();
    const multi = new MultiLock([new Mutex(a, '/m2'), new Mutex(a, '/m1')]);
    await expect(multi.acquire({ timeout: 100 })).rejects.toBeInstanceOf(AcquireTimeoutError);
    expect((await a.getChildren('/m1')).children).toEqual([]); // the first was released again
    await blocker.release();
    const both = await multi.acquire({ timeout: 1000 });
    expect(both.path.split(',').map((p) => p.split('/')[1])).toEqual(['m1', 'm2']);
    await both.release();
  });
});
