import fc from 'fast-check';
import type { ZabMessage } from '../src/index';

const zxid = fc.integer({ min: 0, max: 2 ** 53 - 1 });
const epoch = fc.integer({ min: 0, max: 2 ** 21 - 1 });
const header = fc.record({
  origin: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  sessionId: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  cxid: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
});
const bytes = fc.uint8Array({ maxLength: 64 });
const entry = fc.record({ zxid, header, payload: bytes });
const role = fc.constantFrom(
  'LOOKING' as const,
  'FOLLOWING' as const,
  'LEADING' as const,
  'OBSERVING' as const,
);
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** Any well-formed quorum record. */
export const message: fc.Arbitrary<ZabMessage> = fc.oneof(
  fc.record({
    type: fc.constant('NOTIFICATION' as const),
    leader: i32,
    zxid,
    peerEpoch: epoch,
    electionEpoch: zxid,
    state: role,
  }),
  fc.record({
    type: fc.constantFrom('FOLLOWERINFO' as const, 'OBSERVERINFO' as const),
    acceptedEpoch: epoch,
    lastZxid: zxid,
  }),
  fc.record({ type: fc.constant('LEADERINFO' as const), epoch }),
  fc.record({ type: fc.constant('ACKEPOCH' as const), currentEpoch: epoch, lastZxid: zxid }),
  fc.record({
    type: fc.constantFrom(
      'DIFF' as const,
      'TRUNC' as const,
      'NEWLEADER' as const,
      'UPTODATE' as const,
      'ACK' as const,
      'COMMIT' as const,
    ),
    zxid,
  }),
  fc.record({ type: fc.constant('SNAP' as const), zxid, snapshot: bytes }),
  fc.record({ type: fc.constantFrom('PROPOSAL' as const, 'INFORM' as const), entry }),
  fc.record({
    type: fc.constant('PING' as const),
    zxid,
    touches: fc.array(fc.record({ sessionId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), timeout: i32 })),
  }),
  fc.record({ type: fc.constant('REQUEST' as const), header, payload: bytes }),
  fc.record({ type: fc.constant('SYNC' as const), token: zxid }),
  fc.record({
    type: fc.constant('REVALIDATE' as const),
    sessionId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
    timeout: i32,
    valid: fc.constantFrom(null, true, false),
  }),
);
