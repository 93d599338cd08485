/**
 * How a Jepsen-style history is judged: updates (create, setData, CAS) must be linearizable on
 * their own, plus the final reads taken once every fault was repaired and every op had
 * returned; the whole history, reads and syncs included, must keep ZooKeeper's guarantees
 * (reads served by a member may be stale, but never behind what their session saw, and a read
 * after sync sees every write completed before the sync). See @zkts/linearizability's README.
 * ZooKeeper 3.8 is known to break `sync` around a leader change (ZOOKEEPER-1675: a sync can be
 * answered before a write acknowledged just before it was applied), so for the reference that
 * one rule is reported, not failed; zkts is held to all of them.
 */
import {
  type CheckBudget,
  type CheckResult,
  checkLinearizable,
  checkZooKeeperGuarantees,
  type HistoryOp,
  type ZkGuarantee,
  type ZkGuaranteesResult,
  type ZkInput,
  type ZkOutput,
  type ZkSessionHistory,
  type ZkSessionInput,
  zkRegisterModel,
} from '@zkts/linearizability';

export interface HistoryVerdict {
  updates: CheckResult<ZkInput, ZkOutput>;
  guarantees: ZkGuaranteesResult;
  /** A break of a guarantee the server is known to break, reported but not failed. */
  knownBreak?: ZkGuaranteesResult & { outcome: 'illegal' };
}

/** The guarantees each kind of server is known to break. */
export const KNOWN_BREAKS: Readonly<Record<string, readonly ZkGuarantee[]>> = { zookeeper: ['sync'] };

const isLinearizableOp =
  (finalClients: ReadonlySet<number>) =>
  (op: HistoryOp<ZkSessionInput, ZkOutput>): op is HistoryOp<ZkInput, ZkOutput> =>
    op.input.kind !== 'sync' && (op.input.kind !== 'read' || finalClients.has(op.client));

export function checkHistory(
  history: ZkSessionHistory,
  finalClients: ReadonlySet<number>,
  budget: CheckBudget,
  knownBreaks: readonly ZkGuarantee[] = [],
): HistoryVerdict {
  const updates = checkLinearizable(zkRegisterModel, history.filter(isLinearizableOp(finalClients)), budget);
  const guarantees = checkZooKeeperGuarantees(history, budget);
  if (guarantees.outcome !== 'illegal' || !knownBreaks.includes(guarantees.guarantee))
    return { updates, guarantees };
  return {
    updates,
    guarantees: checkZooKeeperGuarantees(history, budget, { skip: knownBreaks }),
    knownBreak: guarantees,
  };
}

/**
 * The same history with the last successful read (not a final one) changed to a value nobody
 * wrote: the guarantees check must call it illegal, which shows it judges this history at all.
 */
export function withImpossibleRead(
  history: ZkSessionHistory,
  finalClients: ReadonlySet<number>,
): ZkSessionHistory | undefined {
  const index = history.findLastIndex(
    (op) => op.input.kind === 'read' && op.output?.ok === true && !finalClients.has(op.client),
  );
  const op = history[index];
  if (op?.output?.ok !== true) return undefined;
  const copy = [...history];
  copy[index] = { ...op, output: { ...op.output, value: 'never written' } };
  return copy;
}

/**
 * The same history with the last successful setData answering a version one too high: the
 * update check must call it illegal.
 */
export function withImpossibleVersion(history: ZkSessionHistory): ZkSessionHistory | undefined {
  const index = history.findLastIndex(
    (op) => (op.input.kind === 'write' || op.input.kind === 'cas') && op.output?.ok === true,
  );
  const op = history[index];
  if (op?.output?.ok !== true || op.output.version === undefined) return undefined;
  const copy = [...history];
  copy[index] = { ...op, output: { ...op.output, version: op.output.version + 1 } };
  return copy;
}

/** One line per verdict, for messages. */
export function describeVerdict(verdict: HistoryVerdict): string {
  const updates =
    verdict.updates.outcome === 'illegal'
      ? `illegal on ${verdict.updates.partition}: ${verdict.updates.explanation.message}`
      : verdict.updates.outcome === 'unknown'
        ? `unknown: ${verdict.updates.reason}`
        : 'ok';
  const guarantees =
    verdict.guarantees.outcome === 'illegal'
      ? `illegal (${verdict.guarantees.guarantee}): ${verdict.guarantees.message}`
      : verdict.guarantees.outcome === 'unknown'
        ? `unknown: ${verdict.guarantees.reason}`
        : 'ok';
  const known = verdict.knownBreak
    ? `; known break (${verdict.knownBreak.guarantee}), not failed: ${verdict.knownBreak.message}`
    : '';
  return `updates linearizable: ${updates}; ZooKeeper guarantees: ${guarantees}${known}`;
}
