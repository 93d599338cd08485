import type { ApplyResult, DataTree } from '@zkts/core';
import type { PreparedWrite, WatchTarget, WriteStage } from './pending-write';

/**
 * Applies committed txns to the tree, in zxid order, with `DataTree.apply` (the same code that
 * replays the log at startup), then hands the result to the host: session bookkeeping, watch
 * events, the reply.
 */
export class ApplyStage implements WriteStage {
  constructor(
    private readonly tree: DataTree<WatchTarget>,
    private readonly onApplied: (write: PreparedWrite, result: ApplyResult<WatchTarget>) => void,
  ) {}

  accept(write: PreparedWrite): void {
    this.onApplied(write, this.tree.apply(write.txn));
  }
}
