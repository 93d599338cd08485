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
 * Unknown-outcome ("lost") ops have no return: nothing forces them to be placed, so they sit in a
 * second list and are tried only after every known call before the first return failed, and the
 * search succeeds once no return is left. They are kept out of the memo key: a node (known ops
 * linearized K, state S, lost ops used L) is pruned when (K, S, L') was seen with L' a subset of
 * L, since every way to finish from here also finishes from there (lost ops never constrain other
 * ops, and need not be placed at all). So a lost op that changes nothing here (a read, a cas that
 * would fail) is never tried: its parent dominates it. Lost ops that do change the state still
 * multiply a failing search (with versions, k lost writes reach 2^k states): the budget bounds it.
 */

interface Event {
  readonly op: number;
  readonly isCall: boolean;
  readonly time: number;
  /** The call's return event; undefined for returns and lost calls. */
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
  const known = linkedList(events(ops, (op) => op.output !== undefined));
  const lost = linkedList(events(ops, (op) => op.output === undefined));
  // Lost ops are numbered apart so their set is small enough to copy whole into the memo.
  const lostIndex = new Int32Array(ops.length).fill(-1);
  let lostCount = 0;
  ops.forEach((op, index) => {
    if (op.output === undefined) lostIndex[index] = lostCount++;
  });
  const linearized = new LinearizedSet(ops.length);
  const lostUsed = new LinearizedSet(lostCount);
  const seen = new Map<number, { bits: LinearizedSnapshot; lost: Uint32Array; state: S }[]>();
  const mark = (index: number, add: boolean) => {
    const lostAt = lostIndex[index] ?? -1;
    const set = lostAt < 0 ? linearized : lostUsed;
    const member = lostAt < 0 ? index : lostAt;
    if (add) set.add(member);
    else set.remove(member);
  };
  const firstReturn = () => {
    let event = known.next;
    while (event?.isCall) event = event.next;
    return event;
  };

  const stack: { call: Event; before: S }[] = [];
  let state = model.init();
  let deepest = 0;
  let event = known.next;
  // While `event` walks the known list, `pending` is undefined; once it reaches the first return,
  // that return is `pending` and `event` walks the lost calls made before it.
  let pending: Event | undefined;

  for (;;) {
    if (stack.length === stopAtDepth) {
      return {
        outcome: 'reached',
        order: stack.map((s) => s.call.op),
        state,
        stuck: firstReturn()?.op ?? -1,
      };
    }
    if (pending === undefined && event === undefined) return { outcome: 'ok' };
    if (pending === undefined && event !== undefined && !event.isCall) {
      pending = event;
      event = lost.next;
    }
    if (pending !== undefined && (event === undefined || event.time > pending.time)) {
      // Nothing placeable before `pending` returns: undo the last choice.
      const top = stack.pop();
      if (top === undefined) return { outcome: 'illegal', deepest };
      state = top.before;
      mark(top.call.op, false);
      unlift(top.call);
      event = top.call.next;
      pending = top.call.match === undefined ? firstReturn() : undefined;
      continue;
    }
    if (event === undefined) throw new Error('unreachable: an exhausted walk backtracks above');
    if (meter !== undefined && !meter.step()) {
      return { outcome: 'unknown', reason: meter.exhausted ?? 'budget exhausted' };
    }
    const op = ops[event.op]!;
    const next = model.step(state, op.input, op.output);
    if (next !== undefined) {
      mark(event.op, true);
      const key = (linearized.hash ^ Math.imul(model.hash(next), 0x9e3779b1)) >>> 0;
      const bucket = seen.get(key);
      const explored =
        bucket?.some(
          (entry) =>
            lostUsed.includes(entry.lost) && linearized.equals(entry.bits) && model.equal(entry.state, next),
        ) ?? false;
      if (!explored) {
        const entry = { bits: linearized.snapshot(), lost: lostUsed.copy(), state: next };
        if (bucket === undefined) seen.set(key, [entry]);
        else bucket.push(entry);
        stack.push({ call: event, before: state });
        if (stack.length > deepest) deepest = stack.length;
        state = next;
        lift(event);
        event = known.next;
        pending = undefined;
        continue;
      }
      mark(event.op, false);
    }
    event = event.next;
  }
}

function events<I, O>(ops: readonly HistoryOp<I, O>[], include: (op: HistoryOp<I, O>) => boolean): Event[] {
  const list: Event[] = [];
  ops.forEach((op, index) => {
    if (!include(op)) return;
    const call: Event = {
      op: index,
      isCall: true,
      time: op.call,
      match: undefined,
      prev: undefined,
      next: undefined,
    };
    list.push(call);
    if (op.output === undefined) return;
    const ret: Event = {
      op: index,
      isCall: false,
      time: op.ret,
      match: undefined,
      prev: undefined,
      next: undefined,
    };
    call.match = ret;
    list.push(ret);
  });
  // Calls before returns at equal times: touching intervals count as concurrent (the lenient
  // reading; a clock too coarse to order two events must not manufacture a violation).
  return list.sort((a, b) => a.time - b.time || Number(!a.isCall) - Number(!b.isCall) || a.op - b.op);
}

/** Links the events behind a head sentinel, which is returned. */
function linkedList(sorted: Event[]): Event {
  const head: Event = {
    op: -1,
    isCall: true,
    time: Number.NEGATIVE_INFINITY,
    match: undefined,
    prev: undefined,
    next: undefined,
  };
  let last = head;
  for (const event of sorted) {
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
