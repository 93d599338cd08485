import { type ClientRequest, OpCode, type WriteRequest } from '@zkts/core';

/**
 * How a server handles a request:
 * - `write`: through the write pipeline, becoming a txn (ZooKeeper's PrepRequestProcessor);
 * - `sync`: a barrier answered once this server has applied every write committed before it
 *   (standalone: at once, behind the session's earlier writes; a follower: when the leader's
 *   SYNC comes back). Not a read, though it is answered like one;
 * - `read`: answered by the connection's server from its tree (and ping, auth, watches…).
 */
export type RequestKind = 'write' | 'sync' | 'read';

export function requestKind(type: number): RequestKind {
  if (isWriteOp(type)) return 'write';
  return type === OpCode.sync ? 'sync' : 'read';
}

/**
 * A client request `DataTree.prep` takes as it is: a write other than reconfig (which zkts,
 * like ZooKeeper without reconfigEnabled, only fails).
 */
export function isWriteRequest(request: ClientRequest): request is ClientRequest & WriteRequest {
  return request.type !== OpCode.reconfig && isWriteOp(request.type);
}

/** Whether requests of this opcode become txns. */
export function isWriteOp(type: number): boolean {
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.delete:
    case OpCode.setData:
    case OpCode.setACL:
    case OpCode.check:
    case OpCode.multi:
    case OpCode.reconfig:
    case OpCode.closeSession:
    case OpCode.deleteContainer:
      return true;
    default:
      return false;
  }
}

/** Short names `cons` prints as `lop` (ZooKeeper's Request.op2String). */
export function opName(type: number): string {
  switch (type) {
    case OpCode.notification:
      return 'NOTI';
    case OpCode.create:
      return 'CREA';
    case OpCode.create2:
      return 'CREA';
    case OpCode.createContainer:
      return 'CREC';
    case OpCode.createTTL:
      return 'CRTT';
    case OpCode.delete:
      return 'DELE';
    case OpCode.exists:
      return 'EXIS';
    case OpCode.getData:
      return 'GETD';
    case OpCode.setData:
      return 'SETD';
    case OpCode.getACL:
      return 'GETA';
    case OpCode.setACL:
      return 'SETA';
    case OpCode.getChildren:
      return 'GETC';
    case OpCode.getChildren2:
      return 'GETC';
    case OpCode.sync:
      return 'SYNC';
    case OpCode.ping:
      return 'PING';
    case OpCode.check:
      return 'CHEC';
    case OpCode.multi:
      return 'MULT';
    case OpCode.multiRead:
      return 'MLTR';
    case OpCode.reconfig:
      return 'RECO';
    case OpCode.checkWatches:
      return 'CHKW';
    case OpCode.removeWatches:
      return 'REMW';
    case OpCode.setWatches:
    case OpCode.setWatches2:
      return 'SETW';
    case OpCode.addWatch:
      return 'ADDW';
    case OpCode.whoAmI:
      return 'HOMI';
    case OpCode.getEphemerals:
      return 'GETE';
    case OpCode.getAllChildrenNumber:
      return 'GTAC';
    case OpCode.sasl:
      return 'SASL';
    case OpCode.auth:
      return 'AUTH';
    case OpCode.closeSession:
      return 'CLOS';
    case OpCode.createSession:
      return 'SESS';
    default:
      return 'UNKNOWN';
  }
}
