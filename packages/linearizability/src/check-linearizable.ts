import { BudgetMeter, type CheckBudget } from './budget';
import type { HistoryOp } from './history';
import type { Model } from './model';
import { searchLinearization } from './wgl-search';

/** Why a partition is not linearizable, cut down to what a reader needs. */
export interface IllegalExplanation<I, O> {
  /** The longest sequence of ops the search could linearize, in linearization order. */
  longestPrefix: HistoryOp<I, O>[];
  /** The model state after that prefix. */
  stateAfterPrefix: string;
  /** The earliest-returning op that no extension of that prefix could place. */
  stuck: HistoryOp<I, O> | undefined;
  message: string;
}

export type CheckResult<I, O> =
  | { outcome: 'ok' }
  | { outcome: 'illegal'; partition: string; explanation: IllegalExplanation<I, O> }
  | { outcome: 'unknown'; partition: string; reason: string };

/**
 * Is `history` linearizable with respect to `model`? Each partition is searched on its own; the
 * first illegal partition wins, and a spent budget gives `unknown` (never a guess). Partitions
 * are searched in the order `model.partition` returns them.
 */
export function checkLinearizable<S, I, O>(
  model: Model<S, I, O>,
  history: readonly HistoryOp<I, O>[],
  budget: CheckBudget = {},
): CheckResult<I, O> {
  assertWellFormed(history);
  const partitions = model.partition?.(history) ?? new Map([['(all)', [...history]]]);
  const meter = new BudgetMeter(budget);
  for (const [partition, ops] of partitions) {
    const result = searchLinearization(model, ops, meter);
    if (result.outcome === 'illegal') {
      return { outcome: 'illegal', partition, explanation: explain(model, ops, result.deepest) };
    }
    // The budget is shared by all partitions, so once it is spent the rest cannot be searched.
    if (result.outcome === 'unknown') return { outcome: 'unknown', partition, reason: result.reason };
  }
  return { outcome: 'ok' };
}

function explain<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly HistoryOp<I, O>[],
  deepest: number,
): IllegalExplanation<I, O> {
  // Replaying the same deterministic search up to its deepest point is cheaper than copying the
  // stack every time it grew.
  const replay = searchLinearization(model, ops, undefined, deepest);
  if (replay.outcome !== 'reached') throw new Error(`replay of an illegal search ended ${replay.outcome}`);
  const longestPrefix = replay.order.map((index) => ops[index]!);
  const stuck = ops[replay.stuck];
  const stateAfterPrefix = model.describeState(replay.state);
  const describe = (op: HistoryOp<I, O>) =>
    `client ${op.client} [${op.call}, ${op.ret}] ${model.describeOp(op.input, op.output)}`;
  const message =
    stuck === undefined
      ? `no linearization; the longest prefix has ${longestPrefix.length} ops`
      : `no linearization: after ${longestPrefix.length} ops (state ${stateAfterPrefix}), ` +
        `${describe(stuck)} cannot be placed`;
  return { longestPrefix, stateAfterPrefix, stuck, message };
}

function assertWellFormed<I, O>(ops: readonly HistoryOp<I, O>[]): void {
  for (const op of ops) {
    const known = op.output !== undefined;
    if (
      !Number.isFinite(op.call) ||
      (known ? !(op.ret >= op.call) || !Number.isFinite(op.ret) : op.ret !== Number.POSITIVE_INFINITY)
    ) {
      throw new Error(
        `malformed op of client ${op.client}: call ${op.call}, ret ${op.ret}, output ${known ? 'known' : 'unknown'} ` +
          '(need a finite call, ret >= call when the output is known, ret Infinity when it is not)',
      );
    }
  }
}
