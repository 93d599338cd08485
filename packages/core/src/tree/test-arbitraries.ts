/** fast-check generators for the tree's property tests. */
import fc from 'fast-check';
import { OpCode } from '../constants';
import type { MultiOp } from '../records';
import type { ACL } from '../types';
import type { WriteRequest } from './prep';
import { S1, S2 } from './test-harness';

/** fast-check parameters; FC_SEED replays a failure (fast-check prints the seed and path). */
export function fcParams(numRuns: number): fc.Parameters<unknown> {
  // biome-ignore lint/style/noRestrictedGlobals: test-only helper; FC_SEED replays a failing property run
  const seed = process.env.FC_SEED;
  if (seed === undefined) return { numRuns };
  // biome-ignore lint/style/noRestrictedGlobals: test-only helper, as above
  const path = process.env.FC_PATH;
  return path === undefined ? { numRuns, seed: Number(seed) } : { numRuns, seed: Number(seed), path };
}

const names = ['a', 'b', 'c'];
/** Paths up to depth 3 over a tiny alphabet, so ops collide often. */
export const pathArb = fc
  .array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join('/')}`);

const aclArb: fc.Arbitrary<ACL[]> = fc.constantFrom<ACL[]>(
  [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
  [
    { perms: 1, id: { scheme: 'world', id: 'anyone' } },
    { perms: 31, id: { scheme: 'digest', id: 'u:h' } },
  ],
  [{ perms: 15, id: { scheme: 'world', id: 'anyone' } }],
);
const dataArb = fc.uint8Array({ maxLength: 8 });
const versionArb = fc.constantFrom(-1, -1, 0, 1, 2);

const createArb = fc.record({
  type: fc.constantFrom(OpCode.create, OpCode.create2),
  path: pathArb,
  data: dataArb,
  acl: aclArb,
  flags: fc.constantFrom(0, 0, 1, 2, 3),
});
const containerArb = fc.record({
  type: fc.constant(OpCode.createContainer),
  path: pathArb,
  data: dataArb,
  acl: aclArb,
  flags: fc.constant(4),
});
const ttlArb = fc.record({
  type: fc.constant(OpCode.createTTL),
  path: pathArb,
  data: dataArb,
  acl: aclArb,
  flags: fc.constantFrom(5, 6),
  ttl: fc.integer({ min: 1, max: 1000 }),
});
const deleteArb = fc.record({ type: fc.constant(OpCode.delete), path: pathArb, version: versionArb });
const setDataArb = fc.record({
  type: fc.constant(OpCode.setData),
  path: pathArb,
  data: dataArb,
  version: versionArb,
});
const checkArb = fc.record({ type: fc.constant(OpCode.check), path: pathArb, version: versionArb });

export const multiOpArb: fc.Arbitrary<MultiOp> = fc.oneof(
  createArb as fc.Arbitrary<MultiOp>,
  containerArb as fc.Arbitrary<MultiOp>,
  ttlArb as fc.Arbitrary<MultiOp>,
  deleteArb as fc.Arbitrary<MultiOp>,
  setDataArb as fc.Arbitrary<MultiOp>,
  checkArb as fc.Arbitrary<MultiOp>,
);

/** One write from one of two sessions, or a session event. */
export interface Step {
  session: bigint;
  request: WriteRequest;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  session: fc.constantFrom(S1, S2),
  request: fc.oneof(
    { weight: 4, arbitrary: createArb as fc.Arbitrary<WriteRequest> },
    { weight: 1, arbitrary: containerArb as fc.Arbitrary<WriteRequest> },
    { weight: 1, arbitrary: ttlArb as fc.Arbitrary<WriteRequest> },
    { weight: 3, arbitrary: deleteArb as fc.Arbitrary<WriteRequest> },
    { weight: 3, arbitrary: setDataArb as fc.Arbitrary<WriteRequest> },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant(OpCode.setACL),
        path: pathArb,
        acl: aclArb,
        version: versionArb,
      }) as fc.Arbitrary<WriteRequest>,
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant(OpCode.multi),
        ops: fc.array(multiOpArb, { maxLength: 4 }),
      }) as fc.Arbitrary<WriteRequest>,
    },
    { weight: 1, arbitrary: fc.constant({ type: OpCode.closeSession } as WriteRequest) },
    { weight: 1, arbitrary: fc.constant({ type: OpCode.createSession, timeOut: 4000 } as WriteRequest) },
  ),
});
