/**
 * One operation of a client history. The zab simulation and the ensemble tests record these.
 * `output === undefined` means the outcome is unknown (timed out, connection lost): the op may or
 * may not have taken effect, at any point after `call`. Such ops have `ret === Infinity`.
 */
export interface HistoryOp<I, O> {
  /** The session / process that issued it. */
  client: number;
  input: I;
  output: O | undefined;
  /** Time the call was issued, on any monotone clock of the run. */
  call: number;
  /** Time the result arrived; Infinity when `output` is undefined. */
  ret: number;
}

/**
 * Operations on one znode. `version` -1 (as in ZooKeeper) or absent means "any version".
 * The parent of every path is assumed to exist for the whole run.
 */
export type ZkInput =
  | { kind: 'read'; path: string }
  | { kind: 'write'; path: string; value: string }
  | { kind: 'cas'; path: string; version: number; value: string }
  | { kind: 'create'; path: string; value: string }
  | { kind: 'delete'; path: string; version?: number };

/**
 * `value`/`version`: what a read saw, or the version a write produced. `zxid`: the zxid of the
 * reply header (a write's own zxid; for a read or sync, the last zxid the serving member had
 * applied) — only the ZooKeeper-guarantees checker needs it.
 */
export type ZkOutput =
  | { ok: true; value?: string; version?: number; zxid?: number }
  | { ok: false; code: 'NONODE' | 'BADVERSION' | 'NODEEXISTS'; zxid?: number };

/** `sync(path)`: only meaningful to the ZooKeeper-guarantees checker (see check-zookeeper-guarantees.ts). */
export type ZkSyncInput = { kind: 'sync'; path: string };

/** Inputs of a history checked against ZooKeeper's own guarantees. */
export type ZkSessionInput = ZkInput | ZkSyncInput;

export type ZkHistory = HistoryOp<ZkInput, ZkOutput>[];
export type ZkSessionHistory = HistoryOp<ZkSessionInput, ZkOutput>[];
