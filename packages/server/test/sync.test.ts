import { createClient } from '@zkts/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('sync', () => {
  it('is a barrier the host releases, not a read: later requests of the session wait for it', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    // stand in for a follower that waits for the leader's SYNC to come back
    const release: Array<() => void> = [];
    server.host.sync = (done) => release.push(done);
    const zk = createClient(server.connectString);
    cleanups.push(() => zk.close());
    await zk.connected();

    const order: string[] = [];
    const created = zk.create('/a', 'x').then(() => order.push('create'));
    const synced = zk.sync('/a').then(() => order.push('sync'));
    const read = zk.exists('/a').then(() => order.push('exists'));
    await created;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // the create is answered; the sync and the read behind it wait for the host
    expect(order).toEqual(['create']);
    expect(release).toHaveLength(1);
    release[0]!();
    await Promise.all([synced, read]);
    expect(order).toEqual(['create', 'sync', 'exists']);
  });

  it('standalone answers at once, after the earlier writes of the session', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const zk = createClient(server.connectString);
    cleanups.push(() => zk.close());
    await zk.connected();
    const order: string[] = [];
    const writes = [0, 1, 2].map((i) => zk.create(`/n${i}`, '').then(() => order.push(`create ${i}`)));
    await zk.sync('/').then(() => order.push('sync'));
    await Promise.all(writes);
    expect(order).toEqual(['create 0', 'create 1', 'create 2', 'sync']);
  });
});
