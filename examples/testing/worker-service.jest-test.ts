/**
 * The same tests under Jest: `npx jest -c examples/testing/jest.config.mjs` (the config compiles
 * TypeScript with a small transform; see jest.config.mjs).
 */
import { describe, expect, it } from '@jest/globals';
import { createTestServer } from '@zkts/testing';
import { WorkerService } from './worker-service';

describe('WorkerService (jest)', () => {
  it('announces itself and reacts to a configuration change', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', 'threads=1');
    const service = await WorkerService.start(await zk.client(), 'w1');
    expect((await admin.getChildren('/workers')).children).toEqual(['w1']);

    const changed = new Promise<string>((resolve) => service.onConfig(resolve));
    await admin.setData('/config/w1', 'threads=4');
    expect(await changed).toBe('threads=4');
  });

  it('stops serving when its session expires', async () => {
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

  it('expires after a simulated session timeout (manual clock)', async () => {
    await using zk = await createTestServer({ clock: 'manual', tickTime: 1000 });
    const admin = await zk.client({ sessionTimeout: 20_000 });
    await admin.create('/config', '');
    await admin.create('/config/w1', '');
    const client = await zk.client({ sessionTimeout: 4000 });
    const service = await WorkerService.start(client, 'w1');

    const partition = zk.partition(client);
    await zk.advance(3000); // simulated time: this takes milliseconds
    expect(service.status).toBe('serving');
    await zk.advance(2000);
    expect(service.status).toBe('expired');
    expect((await admin.getChildren('/workers')).children).toEqual([]);
    partition.heal();
  });
});
