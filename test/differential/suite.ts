/**
 * Declares one vitest suite that runs each scenario against every available target (one
 * server per target for the whole file) and checks each target's normalised recording against
 * the committed ZooKeeper 3.8 recording in traces/<scenario>.txt: the file documents what
 * ZooKeeper did, and zkts must produce it byte for byte (also on a machine without Java).
 * Re-record after changing a scenario with `ZKTS_TARGETS=zookeeper npx vitest run -u test/differential`.
 *
 * A scenario listed in `knownDivergences` is skipped for zkts, with the reason (a BUG(server)
 * note) printed in the test name, so main stays green while the divergence is open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTarget, type TargetOptions, targets } from '../support/targets';
import { observe, type Scenario } from './harness';
import { knownDivergences } from './known-divergences';

export async function differentialSuite(
  title: string,
  scenarios: Scenario[],
  options: TargetOptions = {},
): Promise<void> {
  const available = await targets();
  for (const target of available) {
    describe(`${title} [${target.name}]`, () => {
      let running: RunningTarget | undefined;
      beforeAll(async () => {
        running = await target.start(options);
      }, 60_000);
      afterAll(async () => {
        await running?.stop();
      });

      for (const scenario of scenarios) {
        const divergence = target.name === 'zkts' ? knownDivergences[scenario.name] : undefined;
        const name = divergence ? `${scenario.name} — ${divergence}` : scenario.name;
        it.skipIf(divergence !== undefined)(
          name,
          async () => {
            if (!running) throw new Error('target did not start');
            const recording = await observe(running, scenario);
            const slug = scenario.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
            await expect(`${JSON.stringify(recording, null, 1)}\n`).toMatchFileSnapshot(`traces/${slug}.txt`);
          },
          30_000,
        );
      }
    });
  }
}
