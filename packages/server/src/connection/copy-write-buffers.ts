import { type ClientRequest, type MultiOp, OpCode } from '@zkts/core';
import { NULL_BUFFER } from '@zkts/protocol';

/**
 * Decoded `data` fields are views into the socket's read buffer. A write keeps its data in the
 * tree for good, so it gets its own copy: otherwise one small znode value would pin a whole
 * network read in memory. The null-buffer marker is kept as is.
 */
export function copyWriteBuffers(request: ClientRequest): void {
  switch (request.type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.setData:
      request.data = copy(request.data);
      return;
    case OpCode.multi:
      for (const op of request.ops) copyOp(op);
      return;
    default:
      return;
  }
}

function copyOp(op: MultiOp): void {
  if ('data' in op) op.data = copy(op.data);
}

function copy(data: Uint8Array): Uint8Array {
  return data === NULL_BUFFER || !(data instanceof Uint8Array) ? data : data.slice();
}
