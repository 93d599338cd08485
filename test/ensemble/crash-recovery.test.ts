/**
 * Crashes of a 3-member ensemble of real processes, per ensemble kind: SIGKILL of the leader
 * under write load (a new leader is elected, no acknowledged write is lost, every member
 * converges), of a follower that comes back by DIFF, of one that falls behind past the DIFF
 * window and comes back by SNAP (the leader's `zk_diff_count` / `zk_snap_count`), and an
 * isolated leader that stops accepting writes while the majority goes on.
 */
import { createClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleKinds } from '../support/ensemble-kinds';
import {
  type EnsembleMember,
  memberStatus,
  mntrValue,
  type RunningEnsemble,
  waitForLeader,
  waitForServing,
} from '../support/ensemble-members';
import { clientOf, memberView, startWriteLoad } from './write-load';

/** Txns a leader may send as a DIFF (commitLogCount, DIFFs from the log off); the SNAP test falls 3000 behind. */
const DIFF_WINDOW = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every member holds every acknowledged path, and all hold the same children. */
async function expectConverged(
  ensemble: RunningEnsemble,
  parent: string,
  acknowledged: string[],
): Promise<void> {
  await waitForServing(ensemble.members, 60_000);
  const views = [];
  for (const member of ensemble.members) views.push(await memberView(member, parent));
  for (const [i, view] of views.entries()) {
    const missing = acknowledged.filter((path) => !view.children.includes(path.slice(parent.length + 1)));
    expect(missing, `member ${ensemble.members[i]?.id} lost acknowledged writes`).toEqual([]);
    expect(view).toEqual(views[0]);
  }
}

/** Sends `count` setData of `size` bytes to `path`, 32 at a time, through `connectString`. */
async function writeMany(connectString: string, path: string, count: number, size: number): Promise<void> {
  const zk = createClient(connectString, { sessionTimeout: 8000 });
  try {
    await zk.connected();
    const value = 'v'.repeat(size);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < count) {
          next += 1;
          await zk.setData(path, value);
        }
      }),
    );
  } finally {
    await zk.close();
  }
}

for (const kind of await ensembleKinds()) {
  if (kind.skipReason)
    console.warn(`[crash-recovery] skipping the ${kind.name} ensemble: ${kind.skipReason}`);
  describe.skipIf(kind.skipReason !== undefined)(
    `crash recovery of a 3-member ${kind.name} ensemble`,
    { timeout: 120_000 },
    () => {
      let ensemble: RunningEnsemble;

      beforeAll(async () => {
        ensemble = await kind.start({
          size: 3,
          tickTime: 500,
          initLimit: 10,
          syncLimit: 5,
          partitionable: true,
          diffWindowTxns: DIFF_WINDOW,
        });
        const zk = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        await zk.connected();
        for (const path of ['/crash', '/crash/leader', '/crash/diff', '/crash/snap', '/crash/isolated']) {
          await zk.create(path, '');
        }
        await zk.close();
      }, 120_000);

      afterAll(async () => {
        await ensemble?.stop();
      }, 60_000);

      it('SIGKILL of the leader under load: a new leader, no acknowledged write lost, all converge', async () => {
        const load = startWriteLoad(ensemble.connectString, '/crash/leader');
        await sleep(1500);
        const old = await waitForLeader(ensemble);
        await old.kill('SIGKILL');
        const killedAt = performance.now();
        const next = await waitForLeader(ensemble, 30_000);
        expect(next.id).not.toBe(old.id);
        await sleep(1500);
        const acknowledged = await load.stop();
        expect(acknowledged.filter((ack) => ack.at < killedAt).length).toBeGreaterThan(10);
        expect(acknowledged.filter((ack) => ack.at > killedAt).length).toBeGreaterThan(10); // the service went on
        await old.restart();
        await expectConverged(
          ensemble,
          '/crash/leader',
          acknowledged.map((ack) => ack.path),
        );
      });

      it('a follower killed for a few writes catches up by DIFF', async () => {
        const leader = await waitForLeader(ensemble);
        const follower = ensemble.members.find((m) => m !== leader) as EnsembleMember;
        const diffs = await mntrValue(leader.clientPort, 'zk_diff_count');
        await follower.kill('SIGKILL');
        // a few writes: well inside the leader's DIFF window even on a fast machine
        const load = startWriteLoad(ensemble.connectString, '/crash/diff', 2);
        await sleep(300);
        const acknowledged = await load.stop();
        expect(acknowledged.length).toBeGreaterThan(5);
        await follower.restart();
        await expectConverged(
          ensemble,
          '/crash/diff',
          acknowledged.map((ack) => ack.path),
        );
        expect(await mntrValue(leader.clientPort, 'zk_diff_count')).toBeGreaterThan(diffs);
      });

      it('a follower that falls behind past the DIFF window catches up by SNAP', async () => {
        const leader = await waitForLeader(ensemble);
        const follower = ensemble.members.find((m) => m !== leader) as EnsembleMember;
        const snaps = await mntrValue(leader.clientPort, 'zk_snap_count');
        await follower.kill('SIGKILL');
        await writeMany(ensemble.connectString, '/crash/snap', 3000, 1000); // 3 × the DIFF window
        const leaderZxid = (await memberStatus(leader.clientPort)).zxid;
        await follower.restart();
        await waitForServing(ensemble.members, 60_000);
        // It may serve before it has applied the txns that followed the snapshot: wait for them.
        const deadline = Date.now() + 20_000;
        while ((await memberStatus(follower.clientPort)).zxid < leaderZxid && Date.now() < deadline)
          await sleep(20);
        expect((await memberStatus(follower.clientPort)).zxid).toBeGreaterThanOrEqual(leaderZxid);
        expect(await mntrValue(leader.clientPort, 'zk_snap_count')).toBeGreaterThan(snaps);
        const zk = await clientOf(follower);
        try {
          expect((await zk.getData('/crash/snap')).stat.version).toBe(3000); // no sync: its own copy
        } finally {
          await zk.close();
        }
      });

      it('an isolated leader stops accepting writes; the majority elects another and goes on', async () => {
        // both kinds route member links through proxies when partitionable: a missing one is a harness bug
        const links = ensemble.links;
        if (!links) throw new Error('the ensemble was started partitionable but has no member-link proxies');
        const old = await waitForLeader(ensemble);
        links.isolate(old.id);
        try {
          const minority = createClient(`127.0.0.1:${old.clientPort}`, { sessionTimeout: 8000 });
          try {
            // No quorum behind it: the write is never acknowledged.
            await expect(
              minority.create('/crash/isolated/minority', 'x', { signal: AbortSignal.timeout(5000) }),
            ).rejects.toThrow();
          } finally {
            await minority.close().catch(() => undefined);
          }
          const majority = ensemble.members.filter((m) => m !== old);
          const next = await waitForLeader({ ...ensemble, members: majority }, 30_000);
          expect(next.id).not.toBe(old.id);
          expect((await memberStatus(old.clientPort)).mode).not.toBe('leader');
          const zk = await clientOf(next);
          try {
            await zk.create('/crash/isolated/majority', 'x');
          } finally {
            await zk.close();
          }
        } finally {
          links.healAll();
        }
        await expectConverged(ensemble, '/crash/isolated', ['/crash/isolated/majority']);
        // The minority's write never happened anywhere.
        expect((await memberView(old, '/crash/isolated')).children).toEqual(['majority']);
      });
    },
  );
}
