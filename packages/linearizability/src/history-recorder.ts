import type { HistoryOp } from './history';

/** Opaque handle for an invoked op, returned by `invoke`. */
export type OpHandle = number & { readonly __opHandle: unique symbol };

/**
 * Records a history as a run goes. The caller passes the time (the run's clock), so a recorder
 * works the same under a simulated clock and a real one.
 *
 *   const op = rec.invoke(client, input, now);
 *   rec.complete(op, output, later);   // or rec.unknown(op) on timeout / connection loss
 *
 * Ops never completed nor marked unknown appear as unknown in `history()`.
 */
export class HistoryRecorder<I, O> {
  readonly #ops: HistoryOp<I, O>[] = [];
  readonly #settled: boolean[] = [];

  invoke(client: number, input: I, now: number): OpHandle {
    this.#ops.push({ client, input, output: undefined, call: now, ret: Number.POSITIVE_INFINITY });
    this.#settled.push(false);
    return (this.#ops.length - 1) as OpHandle;
  }

  complete(handle: OpHandle, output: O, now: number): void {
    const op = this.#pending(handle);
    if (!(now >= op.call)) throw new Error(`op ${handle} completes at ${now}, before its call at ${op.call}`);
    this.#settled[handle] = true;
    op.output = output;
    op.ret = now;
  }

  unknown(handle: OpHandle): void {
    this.#pending(handle);
    this.#settled[handle] = true;
  }

  /** A copy of the ops so far, in invocation order. */
  history(): HistoryOp<I, O>[] {
    return this.#ops.map((op) => ({ ...op }));
  }

  #pending(handle: OpHandle): HistoryOp<I, O> {
    const op = this.#ops[handle];
    if (op === undefined) throw new Error(`unknown op handle ${handle}`);
    if (this.#settled[handle]) throw new Error(`op ${handle} was already completed or marked unknown`);
    return op;
  }
}
