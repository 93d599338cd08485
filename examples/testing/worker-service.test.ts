/**
 * Testing your own code with @zkts/testing under vitest: `npx vitest run examples/testing`.
 * Each test gets its own server (in process, in memory, no port to clash on), stopped by
 * `await using` at the end of the test.
 */
import { createTestServer } from '@zkts/testing';
import { describe, expect, it, vi } from 'vitest';
import { WorkerService } from './worker-service';

describe('WorkerService', () => {
  it('announces itself and follows its configuration', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', 'threads=1');

    const service = await WorkerService.start(await zk.client(), 'w1');
    expect((await admin.getChildren('/workers')).children).toEqual(['w1']);
    expect(service.config).toBe('threads=1');

    const seen = vi.fn();
    service.onConfig(seen);
    await admin.setData('/config/w1', 'threads=4');
    await vi.waitFor(() => expect(seen).toHaveBeenCalledWith('threads=4'));
    expect(service.config).toBe('threads=4');
  });

  it('stops serving when its session expires, and its announcement disappears', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', '');
    const client = await zk.client();
    const service = await WorkerService.start(client, 'w1');

    await zk.expireSession(client); // no waiting for a timeout

    expect(service.status).toBe('expired');
    expect((await admin.getChildren('/workers')).children).toEqual([]);
  });

  it('survives a server restart with its session (and announcement) intact', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', 'a');
    const service = await WorkerService.start(await zk.client(), 'w1');

    await zk.restart();

    expect(service.status).toBe('serving');
    expect((await admin.getChildren('/workers')).children).toEqual(['w1']);
    await admin.setData('/config/w1', 'b');
    await vi.waitFor(() => expect(service.config).toBe('b'));
  });

  it('with a manual clock: cut off for a session timeout, it expires; for less, it does not', async () => {
    await using zk = await createTestServer({ clock: 'manual', tickTime: 1000 });
    const admin = await zk.client({ sessionTimeout: 20_000 });
    await admin.create('/config', '');
    await admin.create('/config/w1', '');
    const client = await zk.client({ sessionTimeout: 4000 });
    const service = await WorkerService.start(client, 'w1');

    const partition = zk.partition(client);
    await zk.advance(3000); // time is simulated: this takes milliseconds
    expect(service.status).toBe('serving');
    expect((await admin.getChildren('/workers')).children).toEqual(['w1']);

    await zk.advance(2000);
    expect(service.status).toBe('expired');
    expect((await admin.getChildren('/workers')).children).toEqual([]);
    partition.heal();
  });
});
