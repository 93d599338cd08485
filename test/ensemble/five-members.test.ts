/**
 * A 5-member ensemble of real processes, per ensemble kind: two followers SIGKILLed under load
 * leave a quorum of three that goes on; the leader killed too leaves two, which take no write;
 * one member back makes a quorum again; everyone back converges with no acknowledged write lost.
 */
import { createClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleKinds } from '../support/ensemble-kinds';
import {
  memberStatus,
  type RunningEnsemble,
  waitForLeader,
  waitForServing,
} from '../support/ensemble-members';
import { memberView, startWriteLoad } from './write-load';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of await ensembleKinds()) {
  if (kind.skipReason) console.warn(`[five-members] skipping the ${kind.name} ensemble: ${kind.skipReason}`);
  describe.skipIf(kind.skipReason !== undefined)(
    `a 5-member ${kind.name} ensemble`,
    { timeout: 120_000 },
    () => {
      let ensemble: RunningEnsemble;

      beforeAll(async () => {
        ensemble = await kind.start({ size: 5, tickTime: 500, initLimit: 10, syncLimit: 5 });
        const zk = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        await zk.connected();
        await zk.create('/five', '');
        await zk.close();
      }, 120_000);

      afterAll(async () => {
        await ensemble?.stop();
      }, 60_000);

      it('survives two followers, stops without a quorum, and converges once they are back', async () => {
        const leader = await waitForLeader(ensemble);
        const [first, second] = ensemble.members.filter((m) => m !== leader);
        if (!first || !second) throw new Error('four followers expected');
        const load = startWriteLoad(ensemble.connectString, '/five');
        await sleep(1000);
        await first.kill('SIGKILL');
        await second.kill('SIGKILL');
        const twoDownAt = performance.now();
        await sleep(2000);
        const withThree = await load.stop();
        expect(withThree.filter((ack) => ack.at > twoDownAt + 500).length).toBeGreaterThan(10);
        expect((await memberStatus(leader.clientPort)).mode).toBe('leader'); // no election needed

        // Two of five left: no quorum, no write.
        await leader.kill('SIGKILL');
        const survivors = ensemble.members.filter((m) => m !== leader && m !== first && m !== second);
        const stuck = createClient(survivors.map((m) => `127.0.0.1:${m.clientPort}`).join(','), {
          sessionTimeout: 8000,
        });
        try {
          await expect(
            stuck.create('/five/without-quorum', 'x', { signal: AbortSignal.timeout(3000) }),
          ).rejects.toThrow();
        } finally {
          await stuck.close().catch(() => undefined);
        }

        // One back: three of five, a leader again.
        await first.restart();
        await waitForServing([first, ...survivors], 60_000);
        const zk = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        try {
          await zk.create('/five/after', 'x');
        } finally {
          await zk.close();
        }

        await second.restart();
        await leader.restart();
        await waitForServing(ensemble.members, 60_000);
        const acknowledged = [...withThree.map((ack) => ack.path.slice('/five/'.length)), 'after'];
        const views = [];
        for (const member of ensemble.members) views.push(await memberView(member, '/five'));
        for (const view of views) {
          expect(acknowledged.filter((name) => !view.children.includes(name))).toEqual([]);
          expect(view.children).not.toContain('without-quorum');
          expect(view).toEqual(views[0]);
        }
      });
    },
  );
}
