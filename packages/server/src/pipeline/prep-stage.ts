import { type DataTree, errorTxn, OpCode, type Txn, type WriteContext } from '@zkts/core';
import type { Logger } from '../logger';
import type { PendingWrite, WatchTarget, WriteStage } from './pending-write';
import type { ZxidSource } from './zxid-source';

/**
 * Turns a write request into a txn: takes the next zxid from its ZxidSource (standalone counts,
 * a Zab leader gives epoch<<32|counter) and the wall-clock time here (core never reads a
 * clock), then lets `DataTree.prep` validate it against the tree plus every txn prepared but
 * not yet applied. A failed write still gets a zxid and an ErrorTxn, as in
 * ZooKeeper, so the zxids clients see match the real server's.
 */
export class PrepStage {
  /** Reused for every prep call: prep reads it synchronously and keeps nothing. */
  private readonly ctx: WriteContext = { sessionId: 0n, cxid: 0, zxid: 0, time: 0, authIds: [] };

  constructor(
    private readonly tree: DataTree<WatchTarget>,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly next: WriteStage,
    private readonly zxids: ZxidSource,
  ) {}

  accept(write: PendingWrite): void {
    const ctx = this.ctx;
    ctx.sessionId = write.sessionId;
    ctx.cxid = write.cxid;
    ctx.zxid = this.zxids.next();
    ctx.time = this.clock();
    ctx.authIds = write.authIds;
    // the same object goes on, now typed as carrying its txn
    this.next.accept(Object.assign(write, { txn: this.txnOf(write) }));
  }

  private txnOf(write: PendingWrite): Txn {
    const ctx = this.ctx;
    const request = write.request;
    if (request.type === OpCode.error) return errorTxn(ctx, request.err);
    const prepared = this.tree.prep(request, ctx);
    if (!prepared.ok) return errorTxn(ctx, prepared.err);
    for (const warning of prepared.quotaWarnings ?? []) {
      this.logger.warn(`quota exceeded (soft limit): ${JSON.stringify(warning)}`);
    }
    return prepared.txn;
  }
}
