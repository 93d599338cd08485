/**
 * Answers where ZooKeeper 3.8.0's wire behaviour follows from its implementation rather than
 * from the data model, kept here so the rest of the server reads plainly. Each was observed on
 * the real 3.8.0 server (test/differential/traces).
 */
import { OpCode } from '@zkts/core';

/** Ops a write multi may hold; anything else (getData, getChildren) makes 3.8 answer MARSHALLINGERROR. */
export function isWriteMultiOp(type: number): boolean {
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.delete:
    case OpCode.setData:
    case OpCode.check:
      return true;
    default:
      return false;
  }
}

/**
 * Ops a multiRead may hold; any other op makes 3.8's FinalRequestProcessor throw mid-way, and
 * the whole request is answered MARSHALLINGERROR (reads have no effect, so checking first is
 * the same answer).
 */
export function isReadMultiOp(type: number): boolean {
  return type === OpCode.getData || type === OpCode.getChildren;
}

/** Reads whose record starts with the path: a null string there is MARSHALLINGERROR on 3.8. */
export function readStartsWithPath(type: number): boolean {
  switch (type) {
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return true;
    default:
      return false;
  }
}
