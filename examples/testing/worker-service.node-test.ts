/**
 * The same kind of tests under node:test, no test framework to install:
 *   node --conditions=@zkts/source --import tsx --test examples/testing/worker-service.node-test.ts
 * (the condition resolves the workspace packages to their sources; an installed @zkts/testing
 * needs neither it nor tsx once your tests are JavaScript).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestServer } from '@zkts/testing';
import { WorkerService } from './worker-service';

describe('WorkerService (node:test)', () => {
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

    await zk.expireSession(client);

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

    zk.partition(client);
    await zk.advance(3000);
    assert.equal(service.status, 'serving');
    await zk.advance(2000);
    assert.equal(service.status, 'expired');
    assert.deepEqual((await admin.getChildren('/workers')).children, []);
  });
});
