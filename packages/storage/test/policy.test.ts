// The snapshot trigger and the purge plan: small pure rules.
import { describe, expect, it } from 'vitest';
import { planPurge, SnapshotTrigger, seededRandom } from '../src/index';

describe('snapshot trigger', () => {
  it('fires after a random count in [snapCount/2 + 1, snapCount], drawn again each time', () => {
    const trigger = new SnapshotTrigger({ snapCount: 100, random: seededRandom(42) });
    const gaps: number[] = [];
    let sinceLast = 0;
    for (let txn = 0; txn < 20_000; txn++) {
      sinceLast++;
      if (trigger.recordTxn()) {
        gaps.push(sinceLast);
        sinceLast = 0;
      }
    }
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(51);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100);
    expect(new Set(gaps).size).toBeGreaterThan(20);
  });

  it('uses the extremes of the random source as the bounds', () => {
    expect(new SnapshotTrigger({ snapCount: 100_000, random: () => 0 }).nextAt).toBe(50_001);
    expect(new SnapshotTrigger({ snapCount: 100_000, random: () => 0.999999999 }).nextAt).toBe(100_000);
    expect(new SnapshotTrigger({ random: () => 0.5 }).nextAt).toBe(75_001);
    expect(() => new SnapshotTrigger({ snapCount: 1, random: () => 0 })).toThrow(RangeError);
  });
});

describe('snapshot trigger by size', () => {
  it('also fires once a random amount in (limit/2, limit] of txn bytes was logged', () => {
    const trigger = new SnapshotTrigger({
      snapCount: 1_000_000,
      snapSizeLimitBytes: 10_000,
      random: seededRandom(9),
    });
    const gaps: number[] = [];
    let bytes = 0;
    for (let txn = 0; txn < 5_000; txn++) {
      bytes += 100;
      if (trigger.recordTxn(100)) {
        gaps.push(bytes);
        bytes = 0;
      }
    }
    expect(gaps.length).toBeGreaterThan(30);
    expect(Math.min(...gaps)).toBeGreaterThan(5_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
  });

  it('is off with a limit of 0', () => {
    const trigger = new SnapshotTrigger({ snapCount: 1_000, snapSizeLimitBytes: 0, random: () => 0 });
    for (let txn = 1; txn < 501; txn++) expect(trigger.recordTxn(1e9)).toBe(false);
    expect(trigger.recordTxn()).toBe(true);
  });
});

describe('purge plan', () => {
  it('keeps the newest retainCount snapshots and names the oldest kept', () => {
    expect(planPurge([10, 50, 30, 20, 40], 3)).toEqual({ deleteSnapshots: [20, 10], oldestKeptZxid: 30 });
  });

  it('keeps everything when there are not more snapshots than retainCount', () => {
    expect(planPurge([10, 20], 3)).toEqual({ deleteSnapshots: [], oldestKeptZxid: undefined });
    expect(planPurge([10, 20, 30], 3)).toEqual({ deleteSnapshots: [], oldestKeptZxid: 10 });
  });

  it('refuses to keep fewer than three, as ZooKeeper does', () => {
    expect(() => planPurge([1, 2, 3, 4], 2)).toThrow(/at least 3/);
  });
});
