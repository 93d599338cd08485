import { describe, expect, it } from 'vitest';
import { diffFromLogWorthIt, estimatedSnapshotBytes } from './diff-from-log';

describe('DIFF from the txn log or SNAP (snapshotSizeFactor)', () => {
  it('diffs while the txns weigh less than the factor times the snapshot', () => {
    expect(diffFromLogWorthIt(300, 1000, 0.33)).toBe(true);
    expect(diffFromLogWorthIt(331, 1000, 0.33)).toBe(false);
  });

  it('never diffs from the log with a negative factor', () => {
    expect(diffFromLogWorthIt(0, 1000, -1)).toBe(false);
  });

  it('sends a small tree rewritten 100 000 times as a SNAP', () => {
    const snapshot = estimatedSnapshotBytes({ nodeCount: 20, dataSize: 20 * 110 });
    expect(diffFromLogWorthIt(100_000 * 140, snapshot, 0.33)).toBe(false);
  });
});
