import { type DataTree, type DataTreeOptions, decodeTxn, readSnapshot, writeSnapshot } from '@zkts/core';
import type { EpochName, Storage } from '@zkts/storage';
import type { LogEntry } from '@zkts/zab';
import { hexId } from '../hex';
import type { Logger } from '../logger';
import { recoverTree } from '../persistence/recover-tree';
import { yieldBetweenChunks } from '../persistence/yield-between-chunks';
import type { WatchTarget } from '../pipeline/pending-write';

/** What a member recovered at startup: the tree (every logged txn applied) and its epochs. */
export interface MemberRecovery {
  tree: DataTree<WatchTarget>;
  acceptedEpoch: number;
  currentEpoch: number;
  lastLoggedZxid: number;
}

/**
 * The storage side of the Zab host contract (`Ready` steps 1–4 and the leader's log reads),
 * over any `Storage` (files, or memory for tests and embedded ensembles): epochs in the
 * EpochStore, txns in the TxnLog with one group fsync per turn, TRUNC and SNAP made durable
 * and the tree rebuilt from what remains.
 */
export class MemberStorage {
  #flushScheduled = false;
  #appended = 0;
  /**
   * Log entries at or below this zxid may be another history's (a SNAP replaced them, or they
   * predate the newest snapshot): a DIFF never reads them, a learner that far behind gets a SNAP.
   */
  #floor: number;
  failure: Error | undefined;

  private constructor(
    readonly storage: Storage,
    private readonly treeOptions: DataTreeOptions<WatchTarget>,
    private readonly logger: Logger,
    private readonly clock: () => number,
    floor: number,
  ) {
    this.#floor = floor;
  }

  static async open(
    storage: Storage,
    treeOptions: DataTreeOptions<WatchTarget>,
    logger: Logger,
    clock: () => number,
  ): Promise<{ storage: MemberStorage; recovery: MemberRecovery }> {
    const tree = await recoverTree(storage, treeOptions, logger, clock);
    const snapshots = await storage.snapshots.list();
    const floor = snapshots[0]?.zxid ?? 0;
    const acceptedEpoch = (await storage.epochs.read('acceptedEpoch')) ?? 0;
    const currentEpoch = (await storage.epochs.read('currentEpoch')) ?? 0;
    const lastLoggedZxid = Math.max(storage.log.lastZxid, floor, tree.lastProcessedZxid);
    return {
      storage: new MemberStorage(storage, treeOptions, logger, clock, floor),
      recovery: { tree, acceptedEpoch, currentEpoch, lastLoggedZxid },
    };
  }

  writeEpoch(name: EpochName, epoch: number): Promise<void> {
    return this.storage.epochs.write(name, epoch);
  }

  /**
   * Appends in order; once a later group flush made them durable, `durable(zxid)` is called
   * with the last one. A failing log calls `failed` once and nothing is reported durable again.
   */
  append(
    entries: readonly LogEntry[],
    durable: (zxid: number) => void,
    failed: (error: Error) => void,
  ): void {
    if (this.failure !== undefined) return;
    const log = this.storage.log;
    try {
      for (const entry of entries) {
        if (entry.zxid <= log.lastZxid) continue; // re-sent after a resync: already logged
        log.append({ zxid: entry.zxid, data: entry.payload });
        this.#appended++;
      }
    } catch (error) {
      this.#fail(error as Error, failed);
      return;
    }
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // every append of this turn shares one fsync
    setImmediate(() => {
      this.#flushScheduled = false;
      const upTo = log.lastZxid;
      log.flush().then(
        () => {
          if (this.failure === undefined) durable(upTo);
        },
        (error: Error) => this.#fail(error, failed),
      );
    });
  }

  /** Txns appended since the last call (the snapshot trigger counts them). */
  takeAppendedCount(): number {
    const n = this.#appended;
    this.#appended = 0;
    return n;
  }

  /** TRUNC: drops the log above `zxid` durably and rebuilds the tree from snapshot + remaining log. */
  async truncate(zxid: number): Promise<DataTree<WatchTarget>> {
    await this.storage.log.truncate(zxid);
    if (this.#floor > zxid) {
      // the newest snapshot holds txns being undone: it cannot be the base any more
      throw new Error(`TRUNC to ${hexId(zxid)} below the newest snapshot ${hexId(this.#floor)}`);
    }
    return recoverTree(this.storage, this.treeOptions, this.logger, this.clock);
  }

  /** SNAP: the leader's tree becomes the newest snapshot and the log above it is dropped. */
  async installSnapshot(zxid: number, snapshot: Uint8Array): Promise<DataTree<WatchTarget>> {
    const tree = readSnapshot<WatchTarget>(snapshot, this.treeOptions);
    await this.storage.snapshots.write(zxid, [snapshot]);
    await this.storage.log.truncate(zxid);
    this.#floor = zxid;
    return tree;
  }

  /**
   * Writes a fuzzy snapshot of an established member's tree (it holds only committed txns): it is
   * streamed a chunk per event-loop turn while commits go on being applied, as the standalone
   * server does, so a large tree does not stall every client; replaying the log from `zxid` over
   * it is idempotent.
   */
  async snapshot(tree: DataTree<WatchTarget>): Promise<void> {
    const zxid = tree.lastProcessedZxid;
    await this.storage.snapshots.write(zxid, yieldBetweenChunks(writeSnapshot(tree)));
    this.storage.log.roll();
  }

  /**
   * The leader's `readLog`: `base` the largest logged zxid ≤ `after` and every entry above it,
   * or undefined when the log does not reach back that far (the learner then gets a SNAP).
   * 'over budget' as soon as those entries weigh more than `maxBytes` (a SNAP is cheaper then:
   * no need to read and decode the rest).
   */
  async readLog(
    after: number,
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<{ base: number; entries: LogEntry[] } | 'over budget' | undefined> {
    const log = this.storage.log;
    // purges keep the log the newest snapshot needs, so above the floor it reaches back far enough
    if (after < this.#floor) return undefined;
    let base = this.#floor;
    const entries: LogEntry[] = [];
    let bytes = 0;
    for await (const entry of log.readAfter(this.#floor)) {
      if (entry.zxid <= after) {
        base = entry.zxid;
        continue;
      }
      bytes += entry.data.length;
      if (bytes > maxBytes) return 'over budget';
      const txn = decodeTxn(entry.data);
      entries.push({
        zxid: entry.zxid,
        header: { origin: 0, sessionId: txn.sessionId, cxid: txn.cxid },
        payload: entry.data,
      });
    }
    return { base, entries };
  }

  close(): Promise<void> {
    return this.storage.close();
  }

  #fail(error: Error, failed: (error: Error) => void): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.logger.error(
      `txn log failed, this member stops acknowledging (restart it to recover): ${error.message}`,
    );
    failed(error);
  }
}
