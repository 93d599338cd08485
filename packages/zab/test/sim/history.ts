/** The client history format shared with @zkts/linearizability. */
export interface HistoryOp<I, O> {
  /** The session / process that issued it. */
  client: number;
  input: I;
  /** undefined: outcome unknown (timed out, connection lost); it may or may not have taken effect. */
  output: O | undefined;
  /** Time the call was issued (the simulation's global clock). */
  call: number;
  /** Time the result arrived; Infinity when output is undefined. */
  ret: number;
}

export type ZkInput =
  | { kind: 'read'; path: string }
  | { kind: 'write'; path: string; value: string }
  | { kind: 'cas'; path: string; version: number; value: string }
  | { kind: 'create'; path: string; value: string }
  | { kind: 'delete'; path: string; version?: number };

/** `zxid`: the reply header's zxid (an update's own txn; a read or sync: the member's last applied). */
export type ZkOutput =
  | { ok: true; value?: string; version?: number; zxid?: number }
  | { ok: false; code: 'NONODE' | 'BADVERSION' | 'NODEEXISTS'; zxid?: number };

/** A sync (as `ZkSyncInput` in @zkts/linearizability): answered once the member caught up. */
export type ZkSessionInput = ZkInput | { kind: 'sync'; path: string };

export type ZkHistory = Array<HistoryOp<ZkSessionInput, ZkOutput>>;
