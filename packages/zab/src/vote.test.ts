import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MajorityQuorum } from './quorum-verifier';
import { voteBeats } from './vote';
import { counterOf, epochOf, formatZxid, makeZxid } from './zxid';

const vote = fc.record({
  leader: fc.integer({ min: 1, max: 9 }),
  zxid: fc.integer({ min: 0, max: 2 ** 40 }),
  peerEpoch: fc.integer({ min: 0, max: 5 }),
});

describe('vote order (FastLeaderElection.totalOrderPredicate)', () => {
  it('prefers peerEpoch, then zxid, then server id', () => {
    expect(voteBeats({ leader: 1, zxid: 5, peerEpoch: 3 }, { leader: 9, zxid: 99, peerEpoch: 2 })).toBe(true);
    expect(voteBeats({ leader: 1, zxid: 6, peerEpoch: 3 }, { leader: 9, zxid: 5, peerEpoch: 3 })).toBe(true);
    expect(voteBeats({ leader: 2, zxid: 5, peerEpoch: 3 }, { leader: 1, zxid: 5, peerEpoch: 3 })).toBe(true);
    expect(voteBeats({ leader: 1, zxid: 5, peerEpoch: 3 }, { leader: 1, zxid: 5, peerEpoch: 3 })).toBe(false);
  });

  it('is a strict total order', () => {
    fc.assert(
      fc.property(vote, vote, vote, (a, b, c) => {
        expect(voteBeats(a, a)).toBe(false);
        const same = a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;
        if (!same) expect(voteBeats(a, b)).not.toBe(voteBeats(b, a));
        if (voteBeats(a, b) && voteBeats(b, c)) expect(voteBeats(a, c)).toBe(true);
      }),
    );
  });
});

describe('MajorityQuorum', () => {
  it('needs more than half of the voters, counting each once and ignoring non-voters', () => {
    const q = new MajorityQuorum([1, 2, 3, 4, 5]);
    expect(q.containsQuorum([1, 2])).toBe(false);
    expect(q.containsQuorum([1, 2, 2, 2])).toBe(false);
    expect(q.containsQuorum([1, 2, 6, 7])).toBe(false);
    expect(q.containsQuorum([5, 1, 3])).toBe(true);
    expect(new MajorityQuorum([1, 2, 3, 4]).containsQuorum([1, 2])).toBe(false);
    expect(q.isVoter(6)).toBe(false);
  });
});

describe('zxid', () => {
  it('packs epoch and counter exactly for epochs below 2^21', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 21 - 1 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (e, c) => {
          const z = makeZxid(e, c);
          expect(Number.isSafeInteger(z)).toBe(true);
          expect(epochOf(z)).toBe(e);
          expect(counterOf(z)).toBe(c);
        },
      ),
    );
    expect(formatZxid(makeZxid(0x1a, 0xff))).toBe('1a.ff');
  });
});
