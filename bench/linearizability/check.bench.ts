/**
 * Linearizability checking time, in-process on one core:
 *   node --import tsx bench/linearizability/check.bench.ts [--sizes=1000,10000,100000] [--lost=0.001] [--seed=1]
 * For each size: a simulated linearizable history over 5 znodes from 8 concurrent clients
 * (ops up to 10 ticks long, 45% reads), checked as is (verdict ok), and again with the last
 * successful read changed to a value nobody wrote (verdict illegal: the search must back out).
 * `--lost` is the fraction of ops whose outcome is lost (half of them took effect).
 */
import { checkLinearizable, zkRegisterModel } from '../../packages/linearizability/src/index';
import {
  mulberry32,
  simulateRegisterHistory,
} from '../../packages/linearizability/src/simulated-register-history';

const args = new Map(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const SIZES = (args.get('sizes') ?? '1000,10000,100000').split(',').map(Number);
const LOST = Number(args.get('lost') ?? 0);
const SEED = Number(args.get('seed') ?? 1);
const TIMEOUT_MS = 20_000;

function time<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

console.log(`seed ${SEED}, lost ratio ${LOST}, 5 znodes, 8 clients`);
for (const size of SIZES) {
  const history = simulateRegisterHistory(mulberry32(SEED), {
    ops: size,
    clients: 8,
    paths: 5,
    lostRatio: LOST,
  });
  const ok = time(() => checkLinearizable(zkRegisterModel, history, { timeoutMs: TIMEOUT_MS }));
  const last = history.findLastIndex((op) => op.input.kind === 'read' && op.output?.ok === true);
  const broken = history.map((op, index) =>
    index === last ? { ...op, output: { ok: true as const, value: 'never-written' } } : op,
  );
  const illegal = time(() => checkLinearizable(zkRegisterModel, broken, { timeoutMs: TIMEOUT_MS }));
  console.log(
    `${String(size).padStart(7)} ops: linearizable ${ok.result.outcome} in ${ok.ms.toFixed(0)} ms` +
      ` (${((size / ok.ms) * 1000).toFixed(0)} ops/s); one impossible read ${illegal.result.outcome} in ${illegal.ms.toFixed(0)} ms`,
  );
}
