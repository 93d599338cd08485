/**
 * Answers where ZooKeeper 3.8.0's wire behaviour follows from its implementation rather than
 * from the data model, kept here so the rest of the server reads plainly. Each was observed on
 * the real 3.8.0 server (test/differential/traces).
 */
import { type ClientResponse, CreateMode, type MultiOp, OpCode, type Stat } from '@zkts/core';

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

/**
 * Inside a multi, 3.8.0 rebuilds each create op from its flags: a container mode makes it a
 * createContainer, a TTL mode a createTTL, anything else a plain create. So a create2 answers a
 * plain CreateResult (ZOOKEEPER-4026, fixed after 3.8.0) and a create(1) with container flags
 * answers a Create2Result with its Stat. Rewrites the op types in place before prep.
 */
export function multiCreateOpsAs380(ops: MultiOp[]): void {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as MultiOp;
    if (
      op.type !== OpCode.create &&
      op.type !== OpCode.create2 &&
      op.type !== OpCode.createContainer &&
      op.type !== OpCode.createTTL
    )
      continue;
    const type = opcodeForCreateFlags(op.flags);
    if (type === op.type) continue;
    const base = { path: op.path, data: op.data, acl: op.acl, flags: op.flags };
    if (type === OpCode.createTTL) ops[i] = { type, ...base, ttl: 'ttl' in op ? op.ttl : -1 };
    else ops[i] = { type, ...base };
  }
}

function opcodeForCreateFlags(
  flags: number,
): typeof OpCode.create | typeof OpCode.createContainer | typeof OpCode.createTTL {
  if (flags === CreateMode.CONTAINER) return OpCode.createContainer;
  if (flags === CreateMode.PERSISTENT_WITH_TTL || flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL)
    return OpCode.createTTL;
  return OpCode.create;
}

/**
 * Clients never see the internal owner markers of container (0x8000…) and TTL (0xFF…) nodes:
 * ZooKeeper reports ephemeralOwner 0 for them. Session ids from this server (id 1 in the top
 * byte) are positive, so a negative owner is always a marker.
 */
export function hideOwnerMarkers(response: ClientResponse): void {
  if ('stat' in response) hide(response.stat);
  if (response.type === OpCode.multi || response.type === OpCode.multiRead) {
    for (const result of response.results) if ('stat' in result) hide(result.stat);
  }
}

function hide(stat: Stat): void {
  if (stat.ephemeralOwner < 0n) stat.ephemeralOwner = 0n;
}
