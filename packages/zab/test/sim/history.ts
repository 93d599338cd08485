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

export type ZkOutput =
  | { ok: true; value?: string; version?: number; zxid?: number }
  | { ok: false; code: 'NONODE' | 'BADVERSION' | 'NODEEXISTS' };

export type ZkHistory = Array<HistoryOp<ZkInput, ZkOutput>>;
