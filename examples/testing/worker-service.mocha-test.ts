/**
 * The same tests under mocha, with node:assert:
 *   npx mocha --node-option import=tsx --node-option conditions=@zkts/source examples/testing/worker-service.mocha-test.ts
 * (tsx compiles the TypeScript; the condition resolves the workspace packages to their sources,
 * which an installed @zkts/testing does not need).
 */
import assert from 'node:assert/strict';
import { createTestServer } from '@zkts/testing';
import { describe, it } from 'mocha';
import { WorkerService } from './worker-service';

describe('WorkerService (mocha)', () => {
  it('announces itself and reacts to a configuration change', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', 'threads=1');
    const service = await WorkerService.start(await zk.client(), 'w1');
    assert.deepEqual((await admin.getChildren('/workers')).children, ['w1']);

    const changed = new Promise<string>((resolve) => service.onConfig(resolve));
    await admin.setData('/config/w1', 'threads=4');
    assert.equal(await changed, 'threads=4');
  });

  it('stops serving when its session expires', async () => {
    await using zk = await createTestServer();
    const admin = await zk.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', '');
    const client = await zk.client();
    const service = await WorkerService.start(client, 'w1');

    await zk.expireSession(client); // no waiting for a timeout

    assert.equal(service.status, 'expired');
    assert.deepEqual((await admin.getChildren('/workers')).children, []);
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
    assert.equal(service.status, 'serving');
    await zk.advance(2000);
    assert.equal(service.status, 'expired');
    assert.deepEqual((await admin.getChildren('/workers')).children, []);
    partition.heal();
  });
});
