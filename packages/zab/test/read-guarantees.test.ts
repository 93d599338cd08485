/**
 * The simulated sessions' reads, checked by @zkts/linearizability's `checkZooKeeperGuarantees`:
 * what ZooKeeper promises a session (its zxid never goes backwards, it reads its own writes,
 * sync + read sees everything that returned before the sync) and that updates are linearizable,
 * on the whole history with reply zxids. Two deliberately broken options show the check bites.
 */
import { checkZooKeeperGuarantees } from '@zkts/linearizability';
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimOptions } from './sim/simulation';

const SEEDS = Number(process.env.ZAB_READ_SEEDS ?? 200);
const STEPS = 5000;

function replay(seed: number): string {
  return `  replay: npx -y pnpm@12.4.2 --filter @zkts/zab sim --seed ${seed} --steps ${STEPS} --guarantees`;
}

/** The first seed (from 1, up to `limit`) whose history breaks a guarantee, with that guarantee. */
function firstBroken(options: Omit<SimOptions, 'seed'>, limit: number) {
  for (let seed = 1; seed <= limit; seed++) {
    const result = runSimulation({ seed, steps: STEPS, ...options });
    const verdict = checkZooKeeperGuarantees(result.history, { maxSteps: 2_000_000 });
    if (verdict.outcome === 'illegal') return { seed, guarantee: verdict.guarantee };
  }
  return undefined;
}

describe("ZooKeeper's read guarantees in the simulation", () => {
  it(`hold over ${SEEDS} seeds of 3 members`, () => {
    let inconclusive = 0;
    let reads = 0;
    let syncs = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = runSimulation({ seed, steps: STEPS });
      expect(result.violation).toBeUndefined();
      const verdict = checkZooKeeperGuarantees(result.history, { maxSteps: 2_000_000 });
      if (verdict.outcome === 'illegal') {
        expect.fail(
          `seed ${seed}: ${verdict.guarantee} broken: ${verdict.message}\n${replay(seed)}\n` +
            JSON.stringify(verdict.ops, null, 1).slice(0, 3000),
        );
      }
      if (verdict.outcome === 'unknown') {
        inconclusive++;
        continue;
      }
      for (const op of result.history) {
        if (op.output === undefined) continue;
        if (op.input.kind === 'read') reads++;
        if (op.input.kind === 'sync') syncs++;
      }
    }
    // not vacuous: most runs are decided, with many answered reads and syncs
    expect(inconclusive).toBeLessThan(SEEDS / 10);
    expect(reads).toBeGreaterThan(SEEDS * 5);
    expect(syncs).toBeGreaterThan(SEEDS * 2);
  }, 240_000);

  it('hold over 100 seeds of 5 members', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const result = runSimulation({ seed, steps: STEPS, members: 5 });
      const verdict = checkZooKeeperGuarantees(result.history, { maxSteps: 2_000_000 });
      if (verdict.outcome === 'illegal')
        expect.fail(
          `seed ${seed}: ${verdict.guarantee} broken: ${verdict.message}\n${replay(seed)} --members 5`,
        );
    }
  }, 240_000);

  it('catches a client reconnecting to a member behind what it has seen', () => {
    expect(firstBroken({ reconnectBehind: true }, 100)).toMatchObject({ guarantee: 'session-order' });
  }, 120_000);

  it("catches a read answered ahead of its session's write in flight", () => {
    expect(firstBroken({ readAheadOfWrites: true }, 100)).toMatchObject({ guarantee: 'session-order' });
  }, 120_000);

  it('catches a sync answered without waiting for the leader', () => {
    expect(firstBroken({ syncWithoutWait: true }, 100)?.guarantee).toMatch(/^(sync|state)$/);
  }, 120_000);
});
