import type { HistoryOp } from './history';

/**
 * A sequential specification the checker tests histories against (the shape of Porcupine's
 * `Model`). States are treated as immutable values: `step` returns a new state, never mutates.
 */
export interface Model<S, I, O> {
  init(): S;
  /**
   * The state after `input` returned `output` in `state`, or undefined if that output is
   * impossible there. `output === undefined` (unknown outcome) must always be accepted: return
   * the state as if the op took effect (if it fails in this state, that is the same state).
   */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /**
   * Splits a history into independent sub-histories (e.g. one per key) keyed by a name for
   * messages; each is checked on its own, which is what keeps the search tractable.
   * Without it the whole history is one partition.
   */
  partition?(history: readonly HistoryOp<I, O>[]): ReadonlyMap<string, HistoryOp<I, O>[]>;
  equal(a: S, b: S): boolean;
  /** Any 32-bit integer; equal states must hash equally. */
  hash(state: S): number;
  describeOp(input: I, output: O | undefined): string;
  describeState(state: S): string;
}
