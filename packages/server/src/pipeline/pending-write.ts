import type { ApplyResult, Id, OpCode, Txn, WatcherEvent, WriteRequest } from '@zkts/core';

/** Whoever holds a watch: the server registers client connections in the tree's watch registry. */
export interface WatchTarget {
  /** The session that set the watch (wchc and wchp list watches by session). */
  readonly sessionId: bigint;
  /** Delivers a watch event (an xid −1 notification). */
  notify(event: WatcherEvent): void;
  /** The ids its session holds now: an event about a node it may not READ is not delivered. */
  readonly authIds: readonly Id[];
}

/** Who waits on this server for a write's outcome: a client connection. */
export interface WriteWaiter {
  /** The write was applied; `result` holds the reply. Called in zxid order. */
  writeApplied(write: PreparedWrite, result: ApplyResult<WatchTarget>): void;
  /** The write will never be applied (the txn log failed): the client must not get a reply. */
  writeAbandoned(write: PendingWrite): void;
}

/**
 * Where a write came from, which decides who hears its outcome:
 * - `local`: a client connection of this server waits for the reply;
 * - `remote`: a learner forwarded its client's write to this leader; the reply is sent by that
 *   member when the commit reaches it (it matches the txn by sessionId and cxid);
 * - `internal`: the server itself (session expiry, the container reaper): nobody waits.
 */
export type WriteOrigin =
  | { readonly kind: 'local'; readonly waiter: WriteWaiter }
  | { readonly kind: 'remote'; readonly memberId: number }
  | { readonly kind: 'internal' };

export const INTERNAL_ORIGIN: WriteOrigin = { kind: 'internal' };

/** A write as submitted: not prepared yet. Prep fills in `txn` on the same object. */
export interface PendingWrite {
  readonly origin: WriteOrigin;
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly request: WriteInput;
  readonly authIds: readonly Id[];
  txn: Txn | undefined;
}

/**
 * What prep turns into a txn: a write request, or a failure ZooKeeper logs as an ErrorTxn
 * without looking at the tree (reconfig while reconfig is disabled, a read op in a write multi).
 */
export type WriteInput = WriteRequest | { readonly type: typeof OpCode.error; readonly err: number };

/** A write once prep turned it into a txn: what every stage after prep handles. */
export type PreparedWrite = PendingWrite & { txn: Txn };

/** The waiter of a write, if a client on this server waits for it. */
export function waiterOf(write: PendingWrite): WriteWaiter | undefined {
  return write.origin.kind === 'local' ? write.origin.waiter : undefined;
}

/** A pipeline stage after prep: takes a prepared write and passes it on, at once or later. */
export interface WriteStage {
  accept(write: PreparedWrite): void;
}
