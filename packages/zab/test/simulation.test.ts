import { describe, expect, it } from 'vitest';
import type { ZabFaults } from '../src/index';
import { runSimulation, type SimResult } from './sim/simulation';

function report(result: SimResult, extra = ''): string {
  return [
    `seed ${result.seed} FAILED: ${result.violation}`,
    `  replay: npx -y pnpm@12.4.2 --filter @zkts/zab sim --seed ${result.seed}${extra}`,
    ...result.trace.slice(-40),
  ].join('\n');
}

describe('whole-ensemble simulation', () => {
  it('keeps every Zab invariant over 1000 seeds of 3 members', () => {
    let committed = 0;
    let acknowledged = 0;
    let elections = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const result = runSimulation({ seed, steps: 5000 });
      if (result.violation !== undefined) expect.fail(report(result, ' --steps 5000'));
      committed += result.stats.committed;
      acknowledged += result.stats.acknowledged;
      elections += result.stats.elections;
    }
    // not vacuous: the runs elect, commit and answer clients through the faults
    expect(committed).toBeGreaterThan(1000 * 20);
    expect(acknowledged).toBeGreaterThan(1000 * 5);
    expect(elections).toBeGreaterThan(1000);
  }, 240_000);

  it('keeps every Zab invariant over 300 seeds of 5 members', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const result = runSimulation({ seed, steps: 5000, members: 5 });
      if (result.violation !== undefined) expect.fail(report(result, ' --steps 5000 --members 5'));
    }
  }, 240_000);

  it('replays a seed exactly', () => {
    // a seed whose ensemble is up long enough for clients to be served (some seeds are not)
    const a = runSimulation({ seed: 43, steps: 3000 });
    const b = runSimulation({ seed: 43, steps: 3000 });
    expect(b.trace).toEqual(a.trace);
    expect(b.history).toEqual(a.history);
    expect(a.history.length).toBeGreaterThan(10);
  });

  it('records a client history in the shared format', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const history = seeds.flatMap((seed) => runSimulation({ seed, steps: 5000 }).history);
    for (const op of history) {
      expect(op.call).toBeLessThanOrEqual(op.ret);
      if (op.output === undefined) expect(op.ret).toBe(Number.POSITIVE_INFINITY);
      else expect(op.ret).toBeLessThan(Number.POSITIVE_INFINITY);
    }
    const kinds = new Set(history.filter((op) => op.output?.ok === true).map((op) => op.input.kind));
    expect([...kinds].sort()).toEqual(['cas', 'create', 'delete', 'read', 'sync', 'write']);
    // every answered op carries its reply zxid, for the read-guarantees check
    expect(history.every((op) => op.output === undefined || op.output.zxid !== undefined)).toBe(true);
    expect(history.some((op) => op.output?.ok === false)).toBe(true);
    expect(history.some((op) => op.output === undefined)).toBe(true);
  });
});

/**
 * Each deliberate bug must be caught: the simulation is only worth what it can find. "direct":
 * the send-order check sees an ACK leave before its write is durable; "end to end": with that
 * check off, the bug must show as an acknowledged write lost or as diverging trees.
 */
describe('the simulation catches broken rules', () => {
  const cases: Array<[keyof ZabFaults, boolean, number, number]> = [
    ['ackBeforePersist', true, 20, 5000],
    ['ackBeforePersist', false, 50, 5000],
    ['commitWithoutQuorum', false, 50, 5000],
    ['skipTrunc', false, 400, 5000],
    ['ackNewLeaderEarly', true, 20, 5000],
    // rare end to end (about 3 seeds in 1000): it needs a crash inside the NEWLEADER window
    ['ackNewLeaderEarly', false, 300, 6000],
  ];
  for (const [fault, checkSendOrder, maxSeeds, steps] of cases) {
    const how = checkSendOrder ? 'directly' : 'end to end';
    it(`finds ${fault} ${how} within ${maxSeeds} seeds`, () => {
      let found: SimResult | undefined;
      for (let seed = 1; seed <= maxSeeds && !found; seed++) {
        const result = runSimulation({ seed, steps, checkSendOrder, faults: { [fault]: true } });
        if (result.violation !== undefined) found = result;
      }
      expect(found?.violation, `${fault} went unnoticed for ${maxSeeds} seeds`).toBeDefined();
    }, 240_000);
  }

  it('finds nothing with no fault on the same seeds (the checks are not trigger-happy)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const result = runSimulation({ seed, steps: 5000, checkSendOrder: false });
      if (result.violation !== undefined) expect.fail(report(result, ' --end-to-end'));
    }
  });
});
