import { describe, expect, it } from 'vitest';
import { NodeRecord, PendingChanges } from './pending-changes';

const record = (zxid: number, path: string, version = 0) =>
  new NodeRecord(zxid, path, true, version, 0, 0, 0n, 0, 0, []);

describe('PendingChanges', () => {
  it('returns the newest live record per path and forgets applied ones', () => {
    const pending = new PendingChanges();
    pending.add(record(1, '/a', 1));
    pending.add(record(2, '/a', 2));
    pending.add(record(2, '/b'));
    expect(pending.get('/a')?.version).toBe(2);
    pending.applied(1);
    expect(pending.get('/a')?.version).toBe(2);
    expect(pending.size).toBe(2);
    pending.applied(2);
    expect(pending.get('/a')).toBeUndefined();
    expect(pending.get('/b')).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it('sweeps stale entries in bulk and stays correct across the sweep', () => {
    const pending = new PendingChanges();
    for (let zxid = 1; zxid <= 5000; zxid++) {
      pending.add(record(zxid, `/n${zxid}`));
      if (zxid % 2 === 0) pending.applied(zxid - 1);
    }
    // the odd zxids before 4999 were applied; 5000 and 4999... 4999 applied at 5000
    expect(pending.get('/n5000')?.zxid).toBe(5000);
    expect(pending.get('/n4999')).toBeUndefined();
    expect(pending.get('/n10')).toBeUndefined();
    expect(pending.records().map((r) => r.zxid)).toEqual([5000]);
    pending.applied(5000);
    expect(pending.size).toBe(0);
  });

  it('rolls back one zxid, restoring the previous live record of each path', () => {
    const pending = new PendingChanges();
    pending.add(record(1, '/a', 1));
    pending.add(record(2, '/a', 2));
    pending.add(record(2, '/c'));
    pending.rollback(2);
    expect(pending.get('/a')?.version).toBe(1);
    expect(pending.get('/c')).toBeUndefined();
    expect(pending.size).toBe(1);
    pending.clear();
    expect(pending.get('/a')).toBeUndefined();
    expect(pending.size).toBe(0);
  });
});
