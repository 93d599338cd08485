import { LinearizedSet, type LinearizedSnapshot } from './bitset';
import type { BudgetMeter } from './budget';
import type { HistoryOp } from './history';
import type { Model } from './model';

/**
 * Wing & Gong's search with Lowe's memoisation, as Porcupine does it: events sorted by time in
 * a doubly linked list; walk it, trying each call whose op can be applied to the current state
 * ("lift" its call and return out of the list), backtrack at the first return whose op is not
 * yet linearized. A (linearized set, state) pair already explored is never explored again.
 *
 * Unknown-outcome ops (ret Infinity) get no return event: nothing forces them to be placed, so
 * they are linearized only where that helps, and the search succeeds once no return is left.
 * They are kept out of the memo key: a node (known ops linearized K, state S, lost ops used L)
 * is pruned when (K, S, L') was seen with L' a subset of L, since every way to finish from here
 * also finishes from there (lost ops never constrain other ops, and need not be placed at all).
 * In particular a lost op that changes nothing here (a read, a cas that would fail) is never
 * tried: its node is dominated by its parent. Lost ops that do change the state still multiply
 * the search (with versions, k lost writes reach 2^k distinct states): the budget bounds that.
 */

interface Event {
  readonly op: number;
  readonly isCall: boolean;
  readonly time: number;
  /** The call's return event; undefined for returns and unknown-outcome calls. */
  match: Event | undefined;
  prev: Event | undefined;
  next: Event | undefined;
}

export type SearchResult<S> =
  | { outcome: 'ok' }
  | { outcome: 'illegal'; deepest: number }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'reached'; order: number[]; state: S; stuck: number };

export function searchLinearization<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly HistoryOp<I, O>[],
  meter: BudgetMeter | undefined,
  stopAtDepth?: number,
): SearchResult<S> {
  const head = buildEventList(ops);
  // Lost ops are numbered apart (lostIndex) so their set is small enough to copy whole.
  const lostIndex = new Int32Array(ops.length).fill(-1);
  let lostCount = 0;
  ops.forEach((op, index) => {
    if (op.output === undefined) lostIndex[index] = lostCount++;
  });
  const linearized = new LinearizedSet(ops.length);
  const lostUsed = new LinearizedSet(lostCount);
  const seen = new Map<number, { bits: LinearizedSnapshot; lost: Uint32Array; state: S }[]>();
  const mark = (index: number, add: boolean) => {
    const lost = lostIndex[index] ?? -1;
    const set = lost < 0 ? linearized : lostUsed;
    const member = lost < 0 ? index : lost;
    if (add) set.add(member);
    else set.remove(member);
  };
  const stack: { call: Event; before: S }[] = [];
  let state = model.init();
  let deepest = 0;
  let event = head.next;

  for (;;) {
    if (stack.length === stopAtDepth) {
      let stuck = head.next;
      while (stuck?.isCall) stuck = stuck.next;
      return { outcome: 'reached', order: stack.map((s) => s.call.op), state, stuck: stuck?.op ?? -1 };
    }
    if (event === undefined) return { outcome: 'ok' };
    if (meter !== undefined && !meter.step())
      return { outcome: 'unknown', reason: meter.exhausted ?? 'budget exhausted' };
    if (event.isCall) {
      const op = ops[event.op]!;
      const next = model.step(state, op.input, op.output);
      if (next !== undefined) {
        mark(event.op, true);
        const key = (linearized.hash ^ Math.imul(model.hash(next), 0x9e3779b1)) >>> 0;
        const bucket = seen.get(key);
        const known =
          bucket?.some(
            (entry) =>
              lostUsed.includes(entry.lost) &&
              linearized.equals(entry.bits) &&
              model.equal(entry.state, next),
          ) ?? false;
        if (!known) {
          const entry = { bits: linearized.snapshot(), lost: lostUsed.copy(), state: next };
          if (bucket === undefined) seen.set(key, [entry]);
          else bucket.push(entry);
          stack.push({ call: event, before: state });
          if (stack.length > deepest) deepest = stack.length;
          state = next;
          lift(event);
          event = head.next;
          continue;
        }
        mark(event.op, false);
      }
      event = event.next;
    } else {
      // The op returning here is not linearized, so some earlier choice was wrong.
      const top = stack.pop();
      if (top === undefined) return { outcome: 'illegal', deepest };
      state = top.before;
      mark(top.call.op, false);
      unlift(top.call);
      event = top.call.next;
    }
  }
}

function buildEventList<I, O>(ops: readonly HistoryOp<I, O>[]): Event {
  const events: Event[] = [];
  ops.forEach((op, index) => {
    const call: Event = {
      op: index,
      isCall: true,
      time: op.call,
      match: undefined,
      prev: undefined,
      next: undefined,
    };
    events.push(call);
    if (op.output !== undefined) {
      const ret: Event = {
        op: index,
        isCall: false,
        time: op.ret,
        match: undefined,
        prev: undefined,
        next: undefined,
      };
      call.match = ret;
      events.push(ret);
    }
  });
  // Calls before returns at equal times: touching intervals count as concurrent (the lenient
  // reading; a clock too coarse to order two events must not manufacture a violation).
  events.sort(
    (a, b) => a.time - b.time || Number(a.isCall === false) - Number(b.isCall === false) || a.op - b.op,
  );
  const head: Event = {
    op: -1,
    isCall: true,
    time: Number.NEGATIVE_INFINITY,
    match: undefined,
    prev: undefined,
    next: undefined,
  };
  let last = head;
  for (const event of events) {
    last.next = event;
    event.prev = last;
    last = event;
  }
  return head;
}

function unlink(event: Event): void {
  event.prev!.next = event.next;
  if (event.next !== undefined) event.next.prev = event.prev;
}

function relink(event: Event): void {
  event.prev!.next = event;
  if (event.next !== undefined) event.next.prev = event;
}

function lift(call: Event): void {
  unlink(call);
  if (call.match !== undefined) unlink(call.match);
}

function unlift(call: Event): void {
  if (call.match !== undefined) relink(call.match);
  relink(call);
}
