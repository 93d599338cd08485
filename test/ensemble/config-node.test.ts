/**
 * /zookeeper/config on every member of a 3-member ensemble, per ensemble kind: the membership
 * as ZooKeeper 3.8 serves it (`server.N=host:quorumPort:electionPort:participant` lines by id,
 * then `version=0`), with its Stat (version −1, aversion −1, zxids and ctime 0, mtime the
 * member's start) and its read-only world ACL; the same on a member restarted after a SNAP
 * (which brings the leader's tree: each member writes its own config node over it).
 */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleKinds } from '../support/ensemble-kinds';
import { mntrValue, type RunningEnsemble, waitForLeader } from '../support/ensemble-members';

const CONFIG = '/zookeeper/config';

async function configOn(clientPort: number): Promise<{ text: string; stat: Record<string, unknown> }> {
  const zk = createClient(`127.0.0.1:${clientPort}`, { sessionTimeout: 8000 });
  try {
    await zk.connected();
    const { data, stat } = await zk.getData(CONFIG, { encoding: 'utf8' });
    return { text: data, stat: { ...stat } };
  } finally {
    await zk.close();
  }
}

for (const kind of await ensembleKinds()) {
  if (kind.skipReason) console.warn(`[config-node] skipping the ${kind.name} ensemble: ${kind.skipReason}`);
  describe.skipIf(kind.skipReason !== undefined)(
    `/zookeeper/config on a ${kind.name} ensemble`,
    { timeout: 120_000 },
    () => {
      let ensemble: RunningEnsemble;
      let startedAt: number;

      beforeAll(async () => {
        startedAt = Date.now();
        ensemble = await kind.start({ size: 3, tickTime: 500, diffWindowTxns: 500 });
        await waitForLeader(ensemble);
      }, 120_000);

      afterAll(async () => {
        await ensemble?.stop();
      }, 60_000);

      it('lists the members on every member, with the Stat and ACL ZooKeeper gives it', async () => {
        const texts: string[] = [];
        for (const member of ensemble.members) {
          const { text, stat } = await configOn(member.clientPort);
          texts.push(text);
          const lines = text.split('\n');
          expect(lines).toHaveLength(4);
          lines.slice(0, 3).forEach((line, i) => {
            expect(line).toMatch(new RegExp(`^server\\.${i + 1}=127\\.0\\.0\\.1:\\d+:\\d+:participant$`));
          });
          expect(lines[3]).toBe('version=0');
          expect(stat).toMatchObject({
            czxid: 0,
            mzxid: 0,
            ctime: 0,
            version: -1,
            cversion: 0,
            aversion: -1,
            ephemeralOwner: 0n,
            dataLength: Buffer.byteLength(text),
            numChildren: 0,
            pzxid: 0,
          });
          // the member's wall clock when it came up
          expect(stat.mtime).toBeGreaterThanOrEqual(startedAt - 1000);
          expect(stat.mtime).toBeLessThanOrEqual(Date.now());
        }
        // one membership; the ports each member prints are the ones it was configured with
        expect(new Set(texts.map((t) => t.replace(/:\d+:\d+:/g, ':q:e:'))).size).toBe(1);

        const zk: ZooKeeperClient = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        try {
          await zk.connected();
          expect(await zk.getACL(CONFIG)).toMatchObject({
            acl: [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }],
          });
          await expect(zk.setData(CONFIG, 'x')).rejects.toThrow(); // read-only ACL
        } finally {
          await zk.close();
        }
      });

      it('serves it again on a follower restarted after falling behind past the DIFF window (SNAP)', async () => {
        const leader = await waitForLeader(ensemble);
        const follower = ensemble.members.find((m) => m !== leader);
        if (!follower) throw new Error('no follower');
        const before = await configOn(follower.clientPort);
        const snapsBefore = await mntrValue(leader.clientPort, 'zk_snap_count');
        await follower.kill('SIGKILL');
        const zk = createClient(`127.0.0.1:${leader.clientPort}`, { sessionTimeout: 8000 });
        try {
          await zk.connected();
          await zk.create('/behind', '');
          // past the DIFF window (500: ZooKeeper raises a smaller commitLogCount to it), 100 at a time
          for (let batch = 0; batch < 12; batch++) {
            await Promise.all(Array.from({ length: 100 }, (_, i) => zk.setData('/behind', `v${batch}-${i}`)));
          }
        } finally {
          await zk.close();
        }
        await follower.restart();
        expect(await mntrValue(leader.clientPort, 'zk_snap_count')).toBe(snapsBefore + 1);
        const after = await configOn(follower.clientPort);
        expect(after.text).toBe(before.text);
        expect(after.stat).toMatchObject({ version: -1, mzxid: 0, aversion: -1 });
      });
    },
  );
}
