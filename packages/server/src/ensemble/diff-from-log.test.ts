import { describe, expect, it } from 'vitest';
import { estimatedSnapshotBytes, logBytesWorthADiff } from './diff-from-log';

describe('DIFF from the txn log or SNAP (snapshotSizeFactor)', () => {
  it('allows as many log bytes as the factor times the snapshot', () => {
    expect(logBytesWorthADiff(1000, 0.33)).toBeCloseTo(330);
  });

  it('allows none with a negative factor', () => {
    expect(logBytesWorthADiff(1000, -1)).toBe(-1);
  });

  it('sends a small tree rewritten 100 000 times as a SNAP', () => {
    const snapshot = estimatedSnapshotBytes({ nodeCount: 20, dataSize: 20 * 110 });
    expect(100_000 * 140).toBeGreaterThan(logBytesWorthADiff(snapshot, 0.33));
  });
});
