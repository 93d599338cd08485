import type { CheckBudget } from './budget';
import { checkLinearizable, type IllegalExplanation } from './check-linearizable';
import type { HistoryOp, ZkInput, ZkOutput, ZkSessionInput } from './history';
import { describeZkOp, zkRegisterModel } from './zk-register-model';

type SessionOp = HistoryOp<ZkSessionInput, ZkOutput>;

/**
 * Which of ZooKeeper's promises a history broke:
 * - `update-order`: updates are linearizable — an update called after op A returned has a
 *   larger zxid than A (its txn is proposed after A's zxid was committed);
 * - `session-order`: a session never sees the zxid go backwards (the zxids of its replies, in
 *   call order, never decrease), which with `state` gives read-your-writes;
 * - `sync`: a sync's reply zxid covers every op that returned before the sync was called, so the
 *   session's reads after it see all those writes;
 * - `state`: replaying every op in zxid order (a read or sync at zxid z sees exactly the updates
 *   with zxid <= z) is legal for the znode register model, updates with a lost outcome placed
 *   wherever they fit after their call, or nowhere.
 */
export type ZkGuarantee = 'update-order' | 'session-order' | 'sync' | 'state';

export type ZkGuaranteesResult =
  | { outcome: 'ok' }
  | {
      outcome: 'illegal';
      guarantee: ZkGuarantee;
      message: string;
      /** The ops that conflict (for `state`, the op that could not be placed). */
      ops: SessionOp[];
      /** For `state`: the longest legal zxid-ordered prefix, in terms of the original ops. */
      explanation?: IllegalExplanation<ZkSessionInput, ZkOutput>;
    }
  | { outcome: 'unknown'; reason: string };

const isUpdate = (input: ZkSessionInput): input is Exclude<ZkInput, { kind: 'read' }> =>
  input.kind !== 'read' && input.kind !== 'sync';

export interface ZkGuaranteesOptions {
  /**
   * Guarantees not to judge, for a server known to break one (ZooKeeper 3.8's sync may miss a
   * write acknowledged just before it around a leader change: ZOOKEEPER-1675).
   */
  skip?: readonly ZkGuarantee[];
}

interface Completed {
  op: SessionOp;
  zxid: number;
}

/**
 * Checks what ZooKeeper promises, which is less than linearizability: reads are served by the
 * member a session is connected to, so they may be stale across sessions. Every op with a known
 * outcome must carry the reply header's `zxid` (an update: its txn's zxid; a read or sync: the
 * last zxid the serving member had applied). Ops with a lost outcome need none.
 */
export function checkZooKeeperGuarantees(
  history: readonly SessionOp[],
  budget: CheckBudget = {},
  options: ZkGuaranteesOptions = {},
): ZkGuaranteesResult {
  const skip = new Set(options.skip);
  const completed: Completed[] = [];
  for (const op of history) {
    if (op.output === undefined) continue;
    if (op.output.zxid === undefined) {
      return { outcome: 'unknown', reason: `op ${describe(op)} has no zxid: record the reply header's zxid` };
    }
    completed.push({ op, zxid: op.output.zxid });
  }
  return (
    (skip.has('update-order') ? undefined : checkUpdateOrder(completed)) ??
    (skip.has('session-order') ? undefined : checkSessionOrder(completed)) ??
    (skip.has('sync') ? undefined : checkSync(completed)) ??
    (skip.has('state') ? { outcome: 'ok' } : checkStateInZxidOrder(history, completed, budget))
  );
}

/** For each call time, the largest zxid among ops that returned strictly before it. */
function zxidReturnedBefore(completed: readonly Completed[]): (time: number) => Completed | undefined {
  const byRet = [...completed].sort((a, b) => a.op.ret - b.op.ret);
  const best: Completed[] = [];
  for (const entry of byRet) {
    const previous = best[best.length - 1];
    best.push(previous !== undefined && previous.zxid >= entry.zxid ? previous : entry);
  }
  return (time) => {
    // The last index whose ret < time.
    let low = 0;
    let high = byRet.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byRet[mid]!.op.ret < time) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? undefined : best[low - 1];
  };
}

function checkUpdateOrder(completed: readonly Completed[]): ZkGuaranteesResult | undefined {
  const before = zxidReturnedBefore(completed);
  for (const entry of completed) {
    if (!isUpdate(entry.op.input)) continue;
    const earlier = before(entry.op.call);
    if (earlier !== undefined && earlier.zxid >= entry.zxid) {
      return violation(
        'update-order',
        [earlier.op, entry.op],
        `${describe(entry.op)} was called after ${describe(earlier.op)} returned, yet its zxid is not larger`,
      );
    }
  }
  return undefined;
}

function checkSessionOrder(completed: readonly Completed[]): ZkGuaranteesResult | undefined {
  const bySession = new Map<number, Completed[]>();
  for (const entry of completed)
    bySession.set(entry.op.client, [...(bySession.get(entry.op.client) ?? []), entry]);
  for (const entries of bySession.values()) {
    entries.sort((a, b) => a.op.call - b.op.call);
    let highest: Completed | undefined;
    for (const entry of entries) {
      if (highest !== undefined && entry.zxid < highest.zxid) {
        return violation(
          'session-order',
          [highest.op, entry.op],
          `session ${entry.op.client} saw zxid go backwards: ${describe(highest.op)}, then ${describe(entry.op)}`,
        );
      }
      if (highest === undefined || entry.zxid > highest.zxid) highest = entry;
    }
  }
  return undefined;
}

function checkSync(completed: readonly Completed[]): ZkGuaranteesResult | undefined {
  const before = zxidReturnedBefore(completed);
  for (const entry of completed) {
    if (entry.op.input.kind !== 'sync') continue;
    const earlier = before(entry.op.call);
    if (earlier !== undefined && earlier.zxid > entry.zxid) {
      return violation(
        'sync',
        [earlier.op, entry.op],
        `${describe(entry.op)} was called after ${describe(earlier.op)} returned, yet does not cover its zxid`,
      );
    }
  }
  return undefined;
}

/**
 * Maps each op to a point in "zxid time" — an update with zxid z at 2z, a read at zxid z at
 * 2z + 1, after the updates it saw — and lets the linearizability checker find where lost
 * updates went: anywhere after every zxid that had returned before they were called.
 */
function checkStateInZxidOrder(
  history: readonly SessionOp[],
  completed: readonly Completed[],
  budget: CheckBudget,
): ZkGuaranteesResult {
  const before = zxidReturnedBefore(completed);
  const original = new Map<HistoryOp<ZkInput, ZkOutput>, SessionOp>();
  const inZxidTime: HistoryOp<ZkInput, ZkOutput>[] = [];
  for (const op of history) {
    const input = op.input;
    if (input.kind === 'sync') continue;
    let mapped: HistoryOp<ZkInput, ZkOutput>;
    if (op.output !== undefined) {
      const zxid = op.output.zxid ?? 0;
      const at = isUpdate(input) ? 2 * zxid : 2 * zxid + 1;
      mapped = { client: op.client, input, output: op.output, call: at, ret: at };
    } else if (isUpdate(input)) {
      const floor = before(op.call)?.zxid ?? -1;
      mapped = {
        client: op.client,
        input,
        output: undefined,
        call: 2 * floor + 1.5,
        ret: Number.POSITIVE_INFINITY,
      };
    } else {
      continue; // a lost read changes nothing
    }
    original.set(mapped, op);
    inZxidTime.push(mapped);
  }
  const result = checkLinearizable(zkRegisterModel, inZxidTime, budget);
  if (result.outcome === 'ok') return result;
  if (result.outcome === 'unknown')
    return { outcome: 'unknown', reason: `${result.partition}: ${result.reason}` };
  const back = (op: HistoryOp<ZkInput, ZkOutput>): SessionOp => original.get(op) ?? op;
  const { explanation } = result;
  const stuck = explanation.stuck === undefined ? undefined : back(explanation.stuck);
  const message =
    `${result.partition} in zxid order: after ${explanation.longestPrefix.length} ops ` +
    `(state ${explanation.stateAfterPrefix}), ${stuck === undefined ? 'nothing fits' : `${describe(stuck)} does not fit`}`;
  return {
    outcome: 'illegal',
    guarantee: 'state',
    ops: stuck === undefined ? [] : [stuck],
    message,
    explanation: { ...explanation, longestPrefix: explanation.longestPrefix.map(back), stuck, message },
  };
}

function violation(guarantee: ZkGuarantee, ops: SessionOp[], message: string): ZkGuaranteesResult {
  return { outcome: 'illegal', guarantee, ops, message };
}

function describe(op: SessionOp): string {
  return `client ${op.client} [${op.call}, ${op.ret}] ${describeZkOp(op.input, op.output)}`;
}
