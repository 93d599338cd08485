/** fast-check generators for every record the codec handles. */
import {
  type ACL,
  type ClientRequest,
  type ClientResponse,
  type MultiOp,
  OpCode,
  type OpResult,
  type Stat,
  type WatcherEvent,
} from '@zkts/core';
import fc from 'fast-check';
import { NULL_BUFFER } from '../src/jute/null-buffer';
import type { ConnectRequest } from '../src/records/connect-request';
import type { ConnectResponse } from '../src/records/connect-response';

/** Replays a failing run with FC_SEED=<seed> (fast-check prints the seed and path). */
export function fcParameters<T>(numRuns = 300): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns } : { numRuns, seed: Number(seed) };
}

export const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
export const long = fc.maxSafeInteger();
export const bigLong = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** ASCII-heavy like real paths, with some full-Unicode text to exercise the UTF-8 path. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);
export const bytes = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.constant(NULL_BUFFER) },
);
export const strings = fc.array(text, { maxLength: 6 });

export const stat: fc.Arbitrary<Stat> = fc.record({
  czxid: long,
  mzxid: long,
  ctime: long,
  mtime: long,
  version: int32,
  cversion: int32,
  aversion: int32,
  ephemeralOwner: bigLong,
  dataLength: int32,
  numChildren: int32,
  pzxid: long,
});

export const acl: fc.Arbitrary<ACL[]> = fc.array(
  fc.record({ perms: int32, id: fc.record({ scheme: text, id: text }) }),
  { maxLength: 4 },
);

const create = fc.record({ path: text, data: bytes, acl, flags: int32 });
const createTTL = fc.record({ path: text, data: bytes, acl, flags: int32, ttl: long });
const pathVersion = fc.record({ path: text, version: int32 });

export const multiOp: fc.Arbitrary<MultiOp> = fc.oneof(
  fc
    .tuple(fc.constantFrom(OpCode.create, OpCode.create2, OpCode.createContainer), create)
    .map(([type, r]) => ({
      type,
      ...r,
    })),
  createTTL.map((r) => ({ type: OpCode.createTTL, ...r })),
  pathVersion.map((r) => ({ type: OpCode.delete, ...r })),
  pathVersion.map((r) => ({ type: OpCode.check, ...r })),
  fc.record({ path: text, data: bytes, version: int32 }).map((r) => ({ type: OpCode.setData, ...r })),
  fc.tuple(fc.constantFrom(OpCode.getData, OpCode.getChildren), text).map(([type, path]) => ({ type, path })),
);

export const clientRequest: fc.Arbitrary<ClientRequest> = fc.oneof(
  // A top-level getData/getChildren always carries `watch` (below); the watch-less form is multiRead's.
  multiOp.filter((op) => op.type !== OpCode.getData && op.type !== OpCode.getChildren),
  fc
    .tuple(
      fc.constantFrom(OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2),
      text,
      fc.boolean(),
    )
    .map(([type, path, watch]) => ({ type, path, watch })),
  fc
    .tuple(fc.constantFrom(OpCode.getACL, OpCode.sync, OpCode.getAllChildrenNumber), text)
    .map(([type, path]) => ({ type, path })),
  fc.record({ path: text, acl, version: int32 }).map((r) => ({ type: OpCode.setACL, ...r })),
  fc
    .tuple(fc.constantFrom(OpCode.multi, OpCode.multiRead), fc.array(multiOp, { maxLength: 5 }))
    .map(([type, ops]) => ({ type, ops })),
  fc
    .tuple(fc.constantFrom(OpCode.checkWatches, OpCode.removeWatches), text, int32)
    .map(([type, path, watcherType]) => ({ type, path, watcherType })),
  text.map((prefixPath) => ({ type: OpCode.getEphemerals, prefixPath })),
  fc.record({ path: text, mode: int32 }).map((r) => ({ type: OpCode.addWatch, ...r })),
  fc
    .record({
      joiningServers: fc.option(text),
      leavingServers: fc.option(text),
      newMembers: fc.option(text),
      curConfigId: long,
    })
    .map((r) => ({ type: OpCode.reconfig, ...r })),
  fc.record({ authType: int32, scheme: text, auth: bytes }).map((r) => ({ type: OpCode.auth, ...r })),
  fc
    .record({ relativeZxid: long, dataWatches: strings, existWatches: strings, childWatches: strings })
    .map((r) => ({ type: OpCode.setWatches, ...r, persistentWatches: [], persistentRecursiveWatches: [] })),
  fc
    .record({
      relativeZxid: long,
      dataWatches: strings,
      existWatches: strings,
      childWatches: strings,
      persistentWatches: strings,
      persistentRecursiveWatches: strings,
    })
    .map((r) => ({ type: OpCode.setWatches2, ...r })),
  bytes.map((token) => ({ type: OpCode.sasl, token })),
  fc.constantFrom(OpCode.ping, OpCode.closeSession, OpCode.whoAmI).map((type) => ({ type })),
);

export const opResult: fc.Arbitrary<OpResult> = fc.oneof(
  text.map((path) => ({ type: OpCode.create, path })),
  fc.record({ path: text, stat }).map((r) => ({ type: OpCode.create2, ...r })),
  fc.constantFrom(OpCode.delete, OpCode.check).map((type) => ({ type })),
  stat.map((s) => ({ type: OpCode.setData, stat: s })),
  fc.record({ data: bytes, stat }).map((r) => ({ type: OpCode.getData, ...r })),
  strings.map((children) => ({ type: OpCode.getChildren, children })),
  int32.map((err) => ({ type: OpCode.error, err })),
);

export const clientResponse: fc.Arbitrary<ClientResponse> = fc.oneof(
  text.map((path) => ({ type: OpCode.create, path })),
  fc
    .tuple(fc.constantFrom(OpCode.create2, OpCode.createContainer, OpCode.createTTL), text, stat)
    .map(([type, path, s]) => ({ type, path, stat: s })),
  fc
    .tuple(fc.constantFrom(OpCode.exists, OpCode.setData, OpCode.setACL), stat)
    .map(([type, s]) => ({ type, stat: s })),
  fc
    .tuple(fc.constantFrom(OpCode.getData, OpCode.reconfig), bytes, stat)
    .map(([type, data, s]) => ({ type, data, stat: s })),
  fc.record({ acl, stat }).map((r) => ({ type: OpCode.getACL, ...r })),
  strings.map((children) => ({ type: OpCode.getChildren, children })),
  fc.record({ children: strings, stat }).map((r) => ({ type: OpCode.getChildren2, ...r })),
  text.map((path) => ({ type: OpCode.sync, path })),
  fc
    .tuple(fc.constantFrom(OpCode.multi, OpCode.multiRead), fc.array(opResult, { maxLength: 5 }))
    .map(([type, results]) => ({ type, results })),
  strings.map((ephemerals) => ({ type: OpCode.getEphemerals, ephemerals })),
  int32.map((totalNumber) => ({ type: OpCode.getAllChildrenNumber, totalNumber })),
  fc
    .array(fc.record({ authScheme: text, user: text }), { maxLength: 3 })
    .map((clientInfo) => ({ type: OpCode.whoAmI, clientInfo })),
  bytes.map((token) => ({ type: OpCode.sasl, token })),
  fc
    .constantFrom(
      OpCode.delete,
      OpCode.ping,
      OpCode.closeSession,
      OpCode.checkWatches,
      OpCode.removeWatches,
      OpCode.addWatch,
      OpCode.auth,
      OpCode.setWatches,
      OpCode.setWatches2,
    )
    .map((type) => ({ type })),
);

export const watcherEvent: fc.Arbitrary<WatcherEvent> = fc.record({ type: int32, state: int32, path: text });

export const connectRequest: fc.Arbitrary<ConnectRequest & { withReadOnly: boolean }> = fc
  .record({
    protocolVersion: int32,
    lastZxidSeen: long,
    timeOut: int32,
    sessionId: bigLong,
    passwd: bytes,
    readOnly: fc.boolean(),
    withReadOnly: fc.boolean(),
  })
  .map((r) => (r.withReadOnly ? r : { ...r, readOnly: false }));

export const connectResponse: fc.Arbitrary<ConnectResponse & { withReadOnly: boolean }> = fc
  .record({
    protocolVersion: int32,
    timeOut: int32,
    sessionId: bigLong,
    passwd: bytes,
    readOnly: fc.boolean(),
    withReadOnly: fc.boolean(),
  })
  .map((r) => (r.withReadOnly ? r : { ...r, readOnly: false }));

/** Every opcode a reply can be decoded for. */
export const responseOpcodes = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 100, 101, 102, 103, 104, 105, 106,
  107, -11,
] as const;
