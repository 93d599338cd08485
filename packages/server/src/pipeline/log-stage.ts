import { encodeTxn } from '@zkts/core';
import type { TxnLog } from '@zkts/storage';
import type { Logger } from '../logger';
import { type PreparedWrite, type WriteStage, waiterOf } from './pending-write';

/**
 * Makes txns durable before anything acknowledges them. Each write is appended to the txn log
 * at once; the writes gathered during one turn of the event loop share one `flush()` (group
 * commit, on top of the log's own batching while an fsync is in flight), and are passed on
 * only after that flush resolved. Flushes resolve in call order, so zxid order is kept.
 *
 * Without a log (no dataDir) it passes every write straight on.
 *
 * If the log fails (fsync error, ENOSPC), nothing is passed on any more: the writes waiting for
 * durability and every later one are abandoned, and `onFailure` is told once, so the host stops
 * acknowledging writes and says why.
 */
export class LogStage implements WriteStage {
  private batch: PreparedWrite[] = [];
  private flushScheduled = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  failure: Error | undefined;

  constructor(
    private readonly log: TxnLog | undefined,
    private readonly next: WriteStage,
    private readonly logger: Logger,
    private readonly onLogged: (write: PreparedWrite) => void,
    private readonly onFailure: (error: Error) => void,
    /** Told the size and duration (ms, by `clock`) of each successful flush (mntr's fsynctime). */
    private readonly flushes: { clock: () => number; flushed(batchSize: number, ms: number): void },
  ) {}

  accept(write: PreparedWrite): void {
    const log = this.log;
    if (log === undefined) {
      this.next.accept(write);
      return;
    }
    if (this.failure !== undefined) {
      waiterOf(write)?.writeAbandoned(write);
      return;
    }
    const txn = write.txn;
    try {
      log.append({ zxid: txn.zxid, data: encodeTxn(txn) });
    } catch (error) {
      this.fail(error as Error, [write]);
      return;
    }
    this.onLogged(write);
    this.batch.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // setImmediate, not a microtask: writes read from every socket in this poll phase join the batch.
      setImmediate(() => this.flushBatch());
    }
  }

  /** Resolves once no write is waiting for durability. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.batch.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flushBatch(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    this.inFlight++;
    const started = this.flushes.clock();
    this.log!.flush().then(
      () => {
        this.inFlight--;
        this.flushes.flushed(batch.length, this.flushes.clock() - started);
        if (this.failure === undefined) for (const write of batch) this.passOn(write);
        else for (const write of batch) waiterOf(write)?.writeAbandoned(write);
        this.settle();
      },
      (error: Error) => {
        this.inFlight--;
        this.fail(error, batch);
        this.settle();
      },
    );
  }

  /** A bug further down must not become an unhandled rejection that takes the process down. */
  private passOn(write: PreparedWrite): void {
    try {
      this.next.accept(write);
    } catch (error) {
      this.logger.error(
        `internal error after logging zxid ${write.txn.zxid}: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
  }

  private fail(error: Error, writes: readonly PreparedWrite[]): void {
    if (this.failure === undefined) {
      this.failure = error;
      this.logger.error(
        `txn log failed, no write will be acknowledged any more (restart the server to recover): ${error.message}`,
      );
      this.onFailure(error);
    }
    for (const write of writes) waiterOf(write)?.writeAbandoned(write);
    const waiting = this.batch;
    this.batch = [];
    for (const write of waiting) waiterOf(write)?.writeAbandoned(write);
  }

  private settle(): void {
    if (this.inFlight !== 0 || this.batch.length !== 0 || this.flushScheduled) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
