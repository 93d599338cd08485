import type { ApplyResult, Id, Txn, WatcherEvent, WriteRequest } from '@zkts/core';

/** Whoever holds a watch: the server registers client connections in the tree's watch registry. */
export interface WatchTarget {
  /** Delivers a watch event (an xid −1 notification). */
  notify(event: WatcherEvent): void;
  /** The ids its session holds now: an event about a node it may not READ is not delivered. */
  readonly authIds: readonly Id[];
}

/** Who hears how a write ended: a client connection, or nobody for internal writes (expiry, reaper). */
export interface WriteOrigin {
  /** The write was applied; `result` holds the reply. Called in zxid order. */
  writeApplied(write: PendingWrite, result: ApplyResult<WatchTarget>): void;
  /** The write will never be applied (the txn log failed): the client must not get a reply. */
  writeAbandoned(write: PendingWrite): void;
}

/**
 * One write travelling through the pipeline. Prep fills in `txn`; every later stage passes the
 * same object on, so nothing is allocated per stage.
 */
export interface PendingWrite {
  readonly origin: WriteOrigin | undefined;
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly request: WriteRequest;
  readonly authIds: readonly Id[];
  /**
   * Set for requests ZooKeeper logs as a failed txn without looking at the tree (reconfig while
   * reconfig is disabled): prep turns it into an ErrorTxn with this code.
   */
  readonly forcedError?: number;
  txn: Txn | undefined;
}

/** A pipeline stage: takes a write and passes it on, at once or later. One method, one job. */
export interface WriteStage {
  accept(write: PendingWrite): void;
}
