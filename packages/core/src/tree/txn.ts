import type { OpCode } from '../constants';
import type { ACL, SessionId, Zxid } from '../types';

/**
 * The transactions the data tree applies, one per committed write. They carry their results
 * (resulting path with its sequence suffix, new version, the parent's new cversion), so applying
 * one is deterministic and safe to repeat when a log is replayed over a fuzzy snapshot.
 * Field names follow ZooKeeper's txn records (zookeeper.jute, `txn` module).
 */

/** create(1) and create2(15): CreateTxn. `ephemeral` makes the session in the header the owner. */
export interface CreateTxn {
  type: typeof OpCode.create | typeof OpCode.create2;
  path: string;
  data: Uint8Array;
  acl: ACL[];
  ephemeral: boolean;
  parentCVersion: number;
}
export interface CreateContainerTxn {
  type: typeof OpCode.createContainer;
  path: string;
  data: Uint8Array;
  acl: ACL[];
  parentCVersion: number;
}
export interface CreateTTLTxn {
  type: typeof OpCode.createTTL;
  path: string;
  data: Uint8Array;
  acl: ACL[];
  parentCVersion: number;
  ttl: number;
}
/** delete(2) from a client, deleteContainer(20) from the container/TTL reaper. */
export interface DeleteTxn {
  type: typeof OpCode.delete | typeof OpCode.deleteContainer;
  path: string;
}
/** `version` is the node's version after the write. */
export interface SetDataTxn {
  type: typeof OpCode.setData;
  path: string;
  data: Uint8Array;
  version: number;
}
/** `version` is the node's aversion after the write. */
export interface SetACLTxn {
  type: typeof OpCode.setACL;
  path: string;
  acl: ACL[];
  version: number;
}
/** A passed version check inside multi (`version` = checked version + 1, as ZooKeeper records it). */
export interface CheckVersionTxn {
  type: typeof OpCode.check;
  path: string;
  version: number;
}
/** A failed op (or, inside a failed multi, the placeholder for ops before/after the failure). */
export interface ErrorTxn {
  type: typeof OpCode.error;
  err: number;
}
export interface CreateSessionTxn {
  type: typeof OpCode.createSession;
  timeOut: number;
}
/** Deletes the session's ephemerals, listed at prep time. */
export interface CloseSessionTxn {
  type: typeof OpCode.closeSession;
  paths: string[];
}

/** The ops allowed inside a multi. */
export type MultiSubTxn =
  | CreateTxn
  | CreateContainerTxn
  | CreateTTLTxn
  | DeleteTxn
  | SetDataTxn
  | CheckVersionTxn
  | ErrorTxn;

export interface MultiTxn {
  type: typeof OpCode.multi;
  txns: MultiSubTxn[];
}

export type TxnBody = MultiSubTxn | SetACLTxn | MultiTxn | CreateSessionTxn | CloseSessionTxn;

/** TxnHeader{clientId, cxid, zxid, time, type} + the record; `body.type` is the header's type. */
export interface Txn {
  sessionId: SessionId;
  cxid: number;
  zxid: Zxid;
  time: number;
  body: TxnBody;
}
