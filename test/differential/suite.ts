/**
 * Declares one vitest suite that runs each scenario against every available target (one
 * server per target for the whole file) and compares the normalised recordings.
 *
 * Each recording must also equal the committed ZooKeeper recording in traces/<scenario>.txt,
 * which documents what ZooKeeper 3.8 did and lets zkts be checked on a machine without Java.
 * Re-record after changing a scenario with `ZKTS_TARGETS=zookeeper npx vitest run -u test/differential`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTarget, type TargetOptions, targets } from '../support/targets';
import { type Observation, observe, type Scenario } from './harness';

export async function differentialSuite(
  title: string,
  scenarios: Scenario[],
  options: TargetOptions = {},
): Promise<void> {
  const available = await targets();
  describe(title, () => {
    const running: RunningTarget[] = [];
    beforeAll(async () => {
      for (const target of available) running.push(await target.start(options));
    }, 60_000);
    afterAll(async () => {
      for (const target of running) await target.stop();
    });

    for (const scenario of scenarios) {
      it.skipIf(available.length === 0)(
        scenario.name,
        async () => {
          const recordings = new Map<string, Observation>();
          for (const target of running) recordings.set(target.name, await observe(target, scenario));
          const reference = recordings.get('zookeeper');
          const ours = recordings.get('zkts');
          if (reference && ours) expect(ours).toEqual(reference);
          const slug = scenario.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
          for (const recording of recordings.values()) {
            await expect(`${JSON.stringify(recording, null, 1)}\n`).toMatchFileSnapshot(`traces/${slug}.txt`);
          }
        },
        30_000,
      );
    }
  });
}
