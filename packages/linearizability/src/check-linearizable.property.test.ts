import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check-linearizable';
import type { HistoryOp, ZkInput, ZkOutput } from './history';
import { mulberry32, simulateRegisterHistory } from './simulated-register-history';
import { stepZkRegister, type ZkRegisterState, zkRegisterModel } from './zk-register-model';

type Op = HistoryOp<ZkInput, ZkOutput>;

// Every property draws a seed; fast-check prints it (and the counterexample) on failure, and
// `{ seed, path }` in fc.assert's options replays it.
const seed = fc.integer({ min: 0, max: 0x7fffffff });

/** Exhaustive search over every order that respects real time; the oracle for small histories. */
function bruteForceLinearizable(history: readonly Op[]): boolean {
  const byPath = new Map<string, Op[]>();
  for (const op of history) byPath.set(op.input.path, [...(byPath.get(op.input.path) ?? []), op]);
  const placeable = (ops: Op[], placed: boolean[], candidate: Op) =>
    ops.every((other, j) => placed[j] || other === candidate || !(other.ret < candidate.call));
  const search = (ops: Op[], placed: boolean[], state: ZkRegisterState): boolean => {
    if (ops.every((op, j) => placed[j] || op.output === undefined)) return true;
    return ops.some((op, j) => {
      if (placed[j] || !placeable(ops, placed, op)) return false;
      const next = stepZkRegister(state, op.input, op.output);
      if (next === null) return false;
      placed[j] = true;
      const found = search(ops, placed, next);
      placed[j] = false;
      return found;
    });
  };
  return [...byPath.values()].every((ops) =>
    search(
      ops,
      ops.map(() => false),
      undefined,
    ),
  );
}

/** Small arbitrary (mostly not linearizable) histories over two paths and tiny value domains. */
const arbitraryHistory = fc.array(
  fc.record({
    client: fc.nat(3),
    call: fc.nat(12),
    duration: fc.nat(6),
    lost: fc.nat(5),
    path: fc.constantFrom('/a', '/b'),
    kind: fc.constantFrom('read', 'write', 'cas', 'create', 'delete'),
    value: fc.constantFrom('x', 'y'),
    version: fc.nat(2),
    result: fc.nat(3),
  }),
  { maxLength: 7 },
);

type OpSpec = typeof arbitraryHistory extends fc.Arbitrary<(infer T)[]> ? T : never;

function toOp(spec: OpSpec): Op {
  const { path, value, version } = spec;
  const input: ZkInput =
    spec.kind === 'read'
      ? { kind: 'read', path }
      : spec.kind === 'cas'
        ? { kind: 'cas', path, version, value }
        : spec.kind === 'delete'
          ? { kind: 'delete', path, version }
          : { kind: spec.kind, path, value };
  const outputs: ZkOutput[] = [
    spec.kind === 'read' ? { ok: true, value, version } : { ok: true },
    { ok: false, code: 'NONODE' },
    { ok: false, code: spec.kind === 'create' ? 'NODEEXISTS' : 'BADVERSION' },
    { ok: true, value },
  ];
  const lost = spec.lost === 0;
  return {
    client: spec.client,
    call: spec.call,
    ret: lost ? Number.POSITIVE_INFINITY : spec.call + spec.duration,
    input,
    output: lost ? undefined : outputs[spec.result],
  };
}

describe('checkLinearizable properties', () => {
  it('agrees with an exhaustive search on small arbitrary histories', () => {
    fc.assert(
      fc.property(arbitraryHistory, (specs) => {
        const history = specs.map(toOp);
        const verdict = checkLinearizable(zkRegisterModel, history).outcome;
        expect(verdict).toBe(bruteForceLinearizable(history) ? 'ok' : 'illegal');
      }),
      { numRuns: 600 },
    );
  });

  it('agrees with an exhaustive search on small simulated histories with one output perturbed', () => {
    fc.assert(
      fc.property(seed, fc.nat(), fc.nat(5), fc.nat(3), (s, which, kind, version) => {
        const history = simulateRegisterHistory(mulberry32(s), {
          ops: 7,
          clients: 3,
          paths: 1,
          lostRatio: 0.15,
        });
        const victim = history[which % history.length]!;
        const other = history[(which >>> 3) % history.length]!.input;
        const replacements: (ZkOutput | undefined)[] = [
          { ok: true },
          { ok: true, value: 'value' in other ? other.value : 'x' },
          { ok: true, value: 'value' in other ? other.value : 'x', version },
          { ok: false, code: 'NONODE' },
          { ok: false, code: victim.input.kind === 'create' ? 'NODEEXISTS' : 'BADVERSION' },
          { ok: true, version },
        ];
        if (victim.output !== undefined) victim.output = replacements[kind];
        const verdict = checkLinearizable(zkRegisterModel, history).outcome;
        expect(verdict).toBe(bruteForceLinearizable(history) ? 'ok' : 'illegal');
      }),
      { numRuns: 600 },
    );
  });

  it('accepts every simulated linearizable history, lost outcomes included', () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        (s, clients, paths) => {
          const history = simulateRegisterHistory(mulberry32(s), {
            ops: 150,
            clients,
            paths,
            lostRatio: 0.1,
          });
          const result = checkLinearizable(zkRegisterModel, history);
          expect(result.outcome === 'illegal' ? result.explanation.message : result.outcome).toBe('ok');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a simulated history once one read reports a value nobody wrote', () => {
    fc.assert(
      fc.property(seed, fc.nat(), (s, which) => {
        const history = simulateRegisterHistory(mulberry32(s), {
          ops: 80,
          clients: 4,
          paths: 2,
          lostRatio: 0.1,
        });
        const reads = history.filter((op) => op.input.kind === 'read' && op.output?.ok === true);
        fc.pre(reads.length > 0);
        const victim = reads[which % reads.length]!;
        victim.output = { ok: true, value: 'never-written' };
        expect(checkLinearizable(zkRegisterModel, history).outcome).toBe('illegal');
      }),
      { numRuns: 60 },
    );
  });

  it('rejects a stale read in a history without concurrency', () => {
    fc.assert(
      fc.property(seed, fc.nat(), (s, which) => {
        const history = simulateRegisterHistory(mulberry32(s), {
          ops: 60,
          clients: 3,
          paths: 1,
          sequential: true,
        });
        // Values are unique per op, so any value written earlier that is not current is stale.
        const written: string[] = [];
        const stale: { op: Op; value: string }[] = [];
        for (const op of history) {
          const current = op.output?.ok === true && op.input.kind === 'read' ? op.output.value : undefined;
          const older = written.filter((v) => v !== current);
          if (current !== undefined && older.length > 0)
            stale.push({ op, value: older[which % older.length]! });
          if (op.output?.ok === true && 'value' in op.input) written.push(op.input.value);
        }
        fc.pre(stale.length > 0);
        const { op, value } = stale[which % stale.length]!;
        op.output = { ok: true, value };
        const result = checkLinearizable(zkRegisterModel, history);
        expect(result.outcome).toBe('illegal');
        if (result.outcome === 'illegal') expect(result.explanation.stuck).toBe(op);
      }),
      { numRuns: 60 },
    );
  });

  it('is not fooled by reordering the ops of a history', () => {
    fc.assert(
      fc.property(arbitraryHistory, seed, (specs, s) => {
        const history = specs.map(toOp);
        const random = mulberry32(s);
        const shuffled = [...history].sort(() => random() - 0.5);
        expect(checkLinearizable(zkRegisterModel, shuffled).outcome).toBe(
          checkLinearizable(zkRegisterModel, history).outcome,
        );
      }),
      { numRuns: 200 },
    );
  });
});
