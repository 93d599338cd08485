/**
 * The same service tested against a whole 3-member ensemble in this process (no JVMs, no ports
 * to clash on): the faults a production ensemble has — the leader dying mid-operation, a
 * member cut off, a session expired by the leader — on demand.
 * `npx vitest run examples/testing/worker-service.ensemble.test.ts`
 */
import { createEnsemble } from '@zkts/testing';
import { describe, expect, it, vi } from 'vitest';
import { WorkerService } from './worker-service';

describe('WorkerService on an ensemble', () => {
  it('keeps serving, announced and configurable, when the leader dies mid-operation', async () => {
    await using ens = await createEnsemble({ size: 3 });
    const leader = await ens.waitForLeader();
    // the service talks to a follower, so the leader's death is not its own member's
    const follower = ens.members.find((m) => m !== leader)!;
    const admin = await ens.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', 'threads=1');
    const service = await WorkerService.start(await ens.client({ member: follower.index }), 'w1');

    const update = admin.setData('/config/w1', 'threads=2'); // in flight while the leader dies
    await ens.kill(leader.index);
    await update.catch(() => admin.setData('/config/w1', 'threads=2')); // a lost reply: set again

    const next = await ens.waitForLeader();
    expect(next.index).not.toBe(leader.index);
    await vi.waitFor(() => expect(service.config).toBe('threads=2'));
    expect(service.status).toBe('serving');
    expect((await admin.getChildren('/workers')).children).toEqual(['w1']);
  });

  it('stops serving when the ensemble expires its session; the announcement is gone everywhere', async () => {
    await using ens = await createEnsemble({ size: 3 });
    const admin = await ens.client();
    await admin.create('/config', '');
    await admin.create('/config/w1', '');
    const client = await ens.client();
    const service = await WorkerService.start(client, 'w1');

    await ens.expireSession(client); // decided by the leader, applied on every member

    await vi.waitFor(() => expect(service.status).toBe('expired'));
    for (const member of ens.members) {
      const reader = await ens.client({ member: member.index });
      await reader.sync('/workers');
      expect((await reader.getChildren('/workers')).children).toEqual([]);
    }
  });
});
