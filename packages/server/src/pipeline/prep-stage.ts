import { type DataTree, errorTxn, type WriteContext } from '@zkts/core';
import type { Logger } from '../logger';
import type { PendingWrite, WatchTarget, WriteStage } from './pending-write';

/**
 * Turns a write request into a txn: assigns the next zxid and the wall-clock time here (core
 * never reads a clock), then lets `DataTree.prep` validate it against the tree plus every
 * txn prepared but not yet applied. A failed write still gets a zxid and an ErrorTxn, as in
 * ZooKeeper, so the zxids clients see match the real server's.
 */
export class PrepStage implements WriteStage {
  /** The last zxid handed out. */
  lastZxid: number;
  /** Reused for every prep call: prep reads it synchronously and keeps nothing. */
  private readonly ctx: WriteContext = { sessionId: 0n, cxid: 0, zxid: 0, time: 0, authIds: [] };

  constructor(
    private readonly tree: DataTree<WatchTarget>,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly next: WriteStage,
    lastZxid: number,
  ) {
    this.lastZxid = lastZxid;
  }

  accept(write: PendingWrite): void {
    const ctx = this.ctx;
    ctx.sessionId = write.sessionId;
    ctx.cxid = write.cxid;
    ctx.zxid = ++this.lastZxid;
    ctx.time = this.clock();
    ctx.authIds = write.authIds;
    if (write.forcedError !== undefined) {
      write.txn = errorTxn(ctx, write.forcedError);
    } else {
      const prepared = this.tree.prep(write.request, ctx);
      if (prepared.ok) {
        write.txn = prepared.txn;
        for (const warning of prepared.quotaWarnings ?? []) {
          this.logger.warn(`quota exceeded (soft limit): ${JSON.stringify(warning)}`);
        }
      } else {
        write.txn = errorTxn(ctx, prepared.err);
      }
    }
    this.next.accept(write);
  }
}
