/**
 * The simulated clients' writes, checked by @zkts/linearizability: ZooKeeper linearizes every
 * update (create, setData with or without a version, delete), so the updates of a run, with their
 * replies (including BADVERSION / NODEEXISTS / NONODE failures), must fit one register history per
 * path. Reads and syncs are left out: a session's reads are served by its member without sync,
 * which ZooKeeper promises only sequential consistency for (read-guarantees.test.ts checks that).
 */
import { checkLinearizable, type ZkHistory, zkRegisterModel } from '@zkts/linearizability';
import { describe, expect, it } from 'vitest';
import type { ZkHistory as SimHistory } from './sim/history';
import { runSimulation } from './sim/simulation';

const SEEDS = Number(process.env.ZAB_LIN_SEEDS ?? 200);

function updatesOf(history: SimHistory): ZkHistory {
  const updates: ZkHistory = [];
  for (const op of history) {
    const input = op.input;
    if (input.kind !== 'read' && input.kind !== 'sync') updates.push({ ...op, input });
  }
  return updates;
}

describe('linearizable client writes', () => {
  it(`over ${SEEDS} seeds of 3 members`, () => {
    let checked = 0;
    let inconclusive = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = runSimulation({ seed, steps: 5000 });
      expect(result.violation).toBeUndefined();
      const updates = updatesOf(result.history);
      const verdict = checkLinearizable(zkRegisterModel, updates, { maxSteps: 2_000_000 });
      if (verdict.outcome === 'illegal') {
        expect.fail(
          `seed ${seed}: writes not linearizable on ${verdict.partition}\n` +
            `  replay: npx -y pnpm@12.4.2 --filter @zkts/zab sim --seed ${seed} --steps 5000\n` +
            JSON.stringify(verdict.explanation, null, 1).slice(0, 4000),
        );
      }
      if (verdict.outcome === 'unknown') inconclusive++;
      else checked += updates.filter((op) => op.output !== undefined).length;
    }
    // not vacuous: most runs are decided and thousands of answered writes were placed
    expect(inconclusive).toBeLessThan(SEEDS / 10);
    expect(checked).toBeGreaterThan(SEEDS * 5);
  }, 240_000);

  it('rejects a real run whose one acknowledged write is given a wrong version', () => {
    // The check bites on the simulation's own histories: one answer changed makes it illegal.
    // (The protocol faults are caught by the run's invariants first, which end the run.)
    const history = updatesOf(runSimulation({ seed: 2, steps: 5000 }).history);
    expect(checkLinearizable(zkRegisterModel, history).outcome).toBe('ok');
    const index = history.findIndex(
      (op) => op.input.kind === 'write' && op.output?.ok === true && op.output.version !== undefined,
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const tampered = history.map((op, i) =>
      i === index && op.output?.ok === true
        ? { ...op, output: { ...op.output, version: (op.output.version ?? 0) + 5 } }
        : op,
    );
    expect(checkLinearizable(zkRegisterModel, tampered).outcome).toBe('illegal');
  });
});
