import { UnimplementedError } from '@zkts/client';
import { createTestServer, type TestServer } from '@zkts/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AcquireTimeoutError, Semaphore, SharedCounter } from '../src/index';
import { eventually } from './harness';

let ts: TestServer | undefined;
afterEach(async () => {
  await ts?.stop();
  ts = undefined;
});

describe('Semaphore with a shared count (Curator InterProcessSemaphoreV2 over a SharedCountReader)', () => {
  it('waiters re-check when the count changes; a lower count takes nothing back but grants no more', async () => {
    ts = await createTestServer();
    const [za, zb, zc, admin] = await Promise.all([ts.client(), ts.client(), ts.client(), ts.client()]);
    const count = new SharedCounter(admin, '/sem/count', 1);
    await count.get(); // created with 1
    const semaphore = (zk: typeof za) => new Semaphore(zk, '/sem', new SharedCounter(zk, '/sem/count', 1));
    const a = await semaphore(za).acquire({ timeout: 2000 });
    await expect(semaphore(zb).acquire({ timeout: 100 })).rejects.toBeInstanceOf(AcquireTimeoutError);

    let bHeld = false;
    const bAcquire = semaphore(zb)
      .acquire({ timeout: 5000 })
      .then((lease) => {
        bHeld = true;
        return lease;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bHeld).toBe(false);
    await count.set(2); // the waiter is let in at once, no release needed
    const b = await bAcquire;
    expect((await admin.getChildren('/sem/leases')).children).toHaveLength(2);

    await count.set(1);
    expect(a.signal.aborted || b.signal.aborted).toBe(false); // nothing taken back
    let cHeld = false;
    const cAcquire = semaphore(zc)
      .acquire({ timeout: 5000 })
      .then((lease) => {
        cHeld = true;
        return lease;
      });
    await a.release(); // b still holds: 1 lease, the budget
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cHeld).toBe(false);
    await b.release();
    const c = await cAcquire;
    await c.release();
    expect((await admin.getChildren('/sem/leases')).children).toEqual([]);
  });
});

describe('Semaphore leases with a TTL', () => {
  it('a lease not released in time ends: its TTL node is reaped and the next waiter gets it (manual clock)', async () => {
    ts = await createTestServer({ clock: 'manual', extendedTypesEnabled: true, reaperIntervalMs: 1000 });
    const [za, zb, observer] = await Promise.all([ts.client(), ts.client(), ts.client()]);
    const a = await new Semaphore(za, '/ttl', 1, { leaseTtl: 5000 }).acquire();
    const { stat } = await observer.exists(a.path);
    // not ephemeral (a TTL node reports owner 0, as in ZooKeeper); that it is a TTL node shows below
    expect(stat?.ephemeralOwner).toBe(0n);

    await ts.advance(3000);
    let bHeld = false;
    const bAcquire = new Semaphore(zb, '/ttl', 1, { leaseTtl: 5000 }).acquire().then((lease) => {
      bHeld = true;
      return lease;
    });
    await ts.advance(1000);
    expect([a.signal.aborted, bHeld]).toEqual([false, false]);
    await ts.advance(1000);
    expect(a.signal.aborted).toBe(true); // the holder is told first, at its TTL
    expect(String(a.signal.reason)).toContain('ttl of 5000 ms');
    expect(bHeld).toBe(false);
    await ts.advance(1000); // the server's reaper deletes the node once it is older than the TTL
    await eventually('b gets the lease', () => bHeld, 5000);
    expect((await observer.exists(a.path)).stat).toBeNull();
    await a.release(); // gone already: fine
    const b = await bAcquire;
    // b's TTL counts from its grant (about t = 6 s), not from when it joined the line (t = 3 s)
    await ts.advance(3000);
    expect(b.signal.aborted).toBe(false);
    expect((await observer.exists(b.path)).stat).not.toBeNull();
    await ts.advance(2000);
    expect(b.signal.aborted).toBe(true);
    await ts.advance(1000); // the next reaper pass after the TTL
    expect((await observer.exists(b.path)).stat).toBeNull();
    await b.release();
    expect((await observer.getChildren('/ttl/leases')).children).toEqual([]);
  });

  it('says how to enable TTL nodes when the server refuses them', async () => {
    ts = await createTestServer();
    const zk = await ts.client();
    const attempt = new Semaphore(zk, '/nottl', 1, { leaseTtl: 1000 }).acquire({ timeout: 2000 });
    await expect(attempt).rejects.toBeInstanceOf(UnimplementedError);
    await expect(attempt).rejects.toThrow('extendedTypesEnabled');
    expect((await zk.getChildren('/nottl/locks')).children).toEqual([]); // nothing left in line
  });
});
