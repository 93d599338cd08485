import type { ApplyResult, DataTree } from '@zkts/core';
import type { TxnLog } from '@zkts/storage';
import type { Logger } from '../logger';
import { ApplyStage } from './apply-stage';
import { CommitStage } from './commit-stage';
import { LogStage } from './log-stage';
import type { PreparedWrite, WatchTarget } from './pending-write';
import { PrepStage } from './prep-stage';
import { CountingZxidSource } from './zxid-source';

export interface StandalonePipelineParts {
  tree: DataTree<WatchTarget>;
  /** The txn log, or undefined to run without persistence. */
  log: TxnLog | undefined;
  clock: () => number;
  logger: Logger;
  /** The zxid the server recovered to: the next txn gets the one after. */
  lastZxid: number;
  /** Each txn once appended (snapshot scheduling). */
  onLogged: (write: PreparedWrite) => void;
  /** After each flush of the log: how many txns it made durable and how long it took (ms). */
  onFlushed: (batchSize: number, ms: number) => void;
  /** Each txn once applied: session bookkeeping, watch events, reply. */
  onApplied: (write: PreparedWrite, result: ApplyResult<WatchTarget>) => void;
  onLogFailure: (error: Error) => void;
}

export interface StandalonePipeline {
  /** Where connections, the session expirer and the reaper submit writes. */
  readonly prep: PrepStage;
  readonly log: LogStage;
}

/**
 * The write path of a standalone server, read top to bottom:
 *
 *   connection → prep (zxid, time, validation → txn) → log (append; passed on after flush)
 *              → commit (quorum of one) → apply (DataTree.apply) → reply + watch events
 *
 * Reads never enter it: a connection answers them from the tree, after the writes its session
 * sent before them have been applied.
 */
export function wireStandalonePipeline(parts: StandalonePipelineParts): StandalonePipeline {
  const apply = new ApplyStage(parts.tree, parts.onApplied);
  const commit = new CommitStage(apply);
  const log = new LogStage(parts.log, commit, parts.logger, parts.onLogged, parts.onLogFailure, {
    clock: parts.clock,
    flushed: parts.onFlushed,
  });
  const prep = new PrepStage(
    parts.tree,
    parts.clock,
    parts.logger,
    log,
    new CountingZxidSource(parts.lastZxid),
  );
  return { prep, log };
}
