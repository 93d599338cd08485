/**
 * The standalone differential scenarios, answered by a follower of a 3-member ensemble: what a
 * client sees there must be what ZooKeeper 3.8 answered in the committed recordings
 * (test/differential/traces), for the real ZooKeeper ensemble and for zkts's alike. Normalising
 * (zxid offsets, times, session names) is the standalone harness's own; on top of it the
 * `/zookeeper/config` reply is masked on both sides: an ensemble lists its membership there.
 *
 * Left out, each for a reason that is not about answers: the restart scenario (it restarts a
 * standalone server in place), the session scenarios (they need tickTime 200 ms, whose expiry
 * timings a loaded machine's elections would make flaky here), and the scenarios the standalone
 * suite already lists as zkts divergences.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, type Scenario } from '../differential/harness';
import { knownDivergences } from '../differential/known-divergences';
import { dataScenarios } from '../differential/scenarios-data';
import { protocolScenarios } from '../differential/scenarios-protocol';
import { watchScenarios } from '../differential/scenarios-watches';
import { ensembleKinds } from '../support/ensemble-kinds';
import { memberStatus, type RunningEnsemble, waitForLeader } from '../support/ensemble-members';
import type { RunningTarget } from '../support/targets';

/** Scenarios not run through an ensemble's follower, with why. */
const excluded: Record<string, string> = {
  'unknown opcodes, reconfig and sasl':
    'a real ZooKeeper 3.8 follower never answers its reconfig frame (opcode 16 with a bare path for a body; the other opcodes answer as standalone) and from then on completes no new handshake while srvr still says follower, so it cannot be the reference here',
};

const scenarios: Scenario[] = [...dataScenarios, ...protocolScenarios, ...watchScenarios].filter(
  (scenario) => excluded[scenario.name] === undefined,
);

/**
 * Replaces the reply to a getData of `/zookeeper/config` (the only node created with the tree,
 * czxid 0, whose ACL was set since: aversion -1) with a mark; the rest is left as recorded.
 */
function maskConfigNode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskConfigNode);
  if (value === null || typeof value !== 'object') return value;
  const record = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskConfigNode(item)]));
  const response = record.response;
  if (record.reply === 'getData' && response !== null && typeof response === 'object' && 'stat' in response) {
    const stat = response.stat;
    if (stat !== null && typeof stat === 'object' && 'czxid' in stat && 'aversion' in stat) {
      if (stat.czxid === 0 && stat.aversion === -1) record.response = '/zookeeper/config (masked)';
    }
  }
  return record;
}

/** The running ensemble seen through one follower, as the scenarios see a standalone server. */
async function followerTarget(
  name: RunningTarget['name'],
  ensemble: RunningEnsemble,
): Promise<RunningTarget> {
  await waitForLeader(ensemble);
  for (const member of ensemble.members) {
    if ((await memberStatus(member.clientPort)).mode !== 'follower') continue;
    return {
      name,
      host: '127.0.0.1',
      port: member.clientPort,
      address: `127.0.0.1:${member.clientPort}`,
      dataDir: '',
      restart: () => Promise.reject(new Error('a follower target is not restarted in place')),
      stop: () => ensemble.stop(),
    };
  }
  throw new Error('no follower serving');
}

for (const kind of await ensembleKinds()) {
  describe.skipIf(kind.skipReason !== undefined)(`differential through a follower (${kind.name})`, () => {
    let target: RunningTarget | undefined;
    beforeAll(async () => {
      const ensemble = await kind.start({ size: 3, extendedTypesEnabled: true });
      try {
        target = await followerTarget(kind.name, ensemble);
      } catch (error) {
        await ensemble.stop();
        throw error;
      }
    }, 90_000);
    afterAll(async () => {
      await target?.stop();
    });

    for (const scenario of scenarios) {
      const divergence = kind.name === 'zkts' ? knownDivergences[scenario.name] : undefined;
      it.skipIf(divergence !== undefined)(
        divergence ? `${scenario.name} — ${divergence}` : scenario.name,
        async () => {
          if (!target) throw new Error('ensemble did not start');
          const recording = await observe(target, scenario);
          const slug = scenario.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
          const trace = new URL(`../differential/traces/${slug}.txt`, import.meta.url);
          // compared, never written: the committed traces are the standalone ZooKeeper's
          const reference: unknown = JSON.parse(readFileSync(trace, 'utf8'));
          expect(maskConfigNode(JSON.parse(JSON.stringify(recording)))).toEqual(maskConfigNode(reference));
        },
        20_000,
      );
    }
  });
}
