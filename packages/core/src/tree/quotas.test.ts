import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import { StatsTrack } from './quotas';
import { Harness, text } from './test-harness';

/** What zkCli's `setquota` does: the quota node, the limits node, then the stats node. */
function setQuota(h: Harness, root: string, limits: string): void {
  let at = '/zookeeper/quota';
  for (const part of root.split('/').slice(1)) {
    at += `/${part}`;
    if (h.tree.stat(at) === undefined) h.ok(h.create(at));
  }
  h.ok(h.create(`${at}/zookeeper_limits`, limits));
  h.ok(h.create(`${at}/zookeeper_stats`, 'count=0,bytes=0'));
}

const stats = (h: Harness, root: string) =>
  text(h.tree.node(`/zookeeper/quota${root}/zookeeper_stats`)?.data ?? new Uint8Array());

describe('StatsTrack text', () => {
  it('parses and prints the formats the real server wrote', () => {
    const limits = StatsTrack.parse('count=10,bytes=-1=;byteHardLimit=1000;countHardLimit=-1');
    expect([limits.count, limits.bytes, limits.byteHardLimit, limits.countHardLimit]).toEqual([
      10, -1, 1000, -1,
    ]);
    expect(limits.toString()).toBe('count=10,bytes=-1=;byteHardLimit=1000;countHardLimit=-1');
    const usage = StatsTrack.parse('count=2,bytes=7');
    expect(usage.toString()).toBe('count=2,bytes=7');
    expect(StatsTrack.parse('').count).toBe(-1);
    expect(StatsTrack.parse('garbage').toString()).toBe('count=-1,bytes=-1');
  });
});

describe('quota bookkeeping', () => {
  it('computes usage when the stats node appears and keeps it right, as the real server did', () => {
    // Real 3.8.0: /qa="hello", /qa/b="xy", setquota -n 10 /qa → stats "count=2,bytes=7";
    // create /qa/c "1234567" → "count=3,bytes=14"; set /qa "" → "count=3,bytes=9";
    // the stats node's version and mzxid never move.
    const h = new Harness();
    h.ok(h.create('/qa', 'hello'));
    h.ok(h.create('/qa/b', 'xy'));
    setQuota(h, '/qa', 'count=10,bytes=-1');
    expect(stats(h, '/qa')).toBe('count=2,bytes=7');
    const statBefore = h.tree.stat('/zookeeper/quota/qa/zookeeper_stats');
    h.ok(h.create('/qa/c', '1234567'));
    expect(stats(h, '/qa')).toBe('count=3,bytes=14');
    h.ok(h.setData('/qa', ''));
    expect(stats(h, '/qa')).toBe('count=3,bytes=9');
    h.ok(h.delete('/qa/b'));
    expect(stats(h, '/qa')).toBe('count=2,bytes=7');
    expect(h.tree.stat('/zookeeper/quota/qa/zookeeper_stats')).toMatchObject({
      version: statBefore?.version,
      mzxid: statBefore?.mzxid,
      dataLength: 15,
    });
    // nodes outside the quota root are not counted
    h.ok(h.create('/qab', 'zzz'));
    expect(stats(h, '/qa')).toBe('count=2,bytes=7');
  });

  it('counts under the deepest quota root only', () => {
    const h = new Harness();
    h.ok(h.create('/a'));
    h.ok(h.create('/a/b'));
    setQuota(h, '/a', 'count=100,bytes=-1');
    setQuota(h, '/a/b', 'count=100,bytes=-1');
    h.ok(h.create('/a/b/c', 'xyz'));
    h.ok(h.create('/a/d', '1'));
    expect(stats(h, '/a/b')).toBe('count=2,bytes=3');
    expect(stats(h, '/a')).toBe('count=3,bytes=1');
  });

  it('stops counting when the limits node is deleted', () => {
    const h = new Harness();
    h.ok(h.create('/a'));
    setQuota(h, '/a', 'count=100,bytes=-1');
    h.ok(h.delete('/zookeeper/quota/a/zookeeper_limits'));
    h.ok(h.create('/a/x'));
    expect(stats(h, '/a')).toBe('count=1,bytes=0');
    expect(h.tree.quotaRoots.size).toBe(0);
  });

  it('ignores limits directly under /zookeeper/quota (empty namespace)', () => {
    const h = new Harness();
    h.ok(h.create('/zookeeper/quota/zookeeper_limits', 'count=1,bytes=-1'));
    expect(h.tree.quotaRoots.size).toBe(0);
  });
});

describe('quota limits', () => {
  it('warns on soft limits and never refuses', () => {
    const h = new Harness({ enforceQuota: true });
    h.ok(h.create('/s'));
    setQuota(h, '/s', 'count=2,bytes=5');
    const ok = h.prep(h.create('/s/a', '123'));
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.quotaWarnings).toBeFalsy();
    if (ok.ok) h.tree.apply(ok.txn);
    const over = h.prep(h.create('/s/b', '456'));
    expect(over).toMatchObject({
      ok: true,
      quotaWarnings: [
        { quotaRoot: '/s', exceeded: 'count', hard: false, current: 3, limit: 2 },
        { quotaRoot: '/s', exceeded: 'bytes', hard: false, current: 6, limit: 5 },
      ],
    });
  });

  it('refuses over a hard limit with QUOTAEXCEEDED only when enforceQuota is on', () => {
    // Real 3.8.0 with -Dzookeeper.enforceQuota=true, limits "count=-1,bytes=-1=;byteHardLimit=10;countHardLimit=3":
    // create a (5 bytes), b → OK; create c → "Quota has exceeded"; set b to 6 bytes → exceeded;
    // set a to 1 byte → OK; stats then "count=3,bytes=1".
    for (const enforceQuota of [true, false]) {
      const h = new Harness({ enforceQuota });
      h.ok(h.create('/h'));
      setQuota(h, '/h', 'count=-1,bytes=-1=;byteHardLimit=10;countHardLimit=3');
      h.ok(h.create('/h/a', '12345'));
      h.ok(h.create('/h/b'));
      const expected = enforceQuota ? ErrorCode.QUOTAEXCEEDED : 0;
      expect(h.err(h.create('/h/c'))).toBe(expected);
      expect(h.err(h.setData('/h/b', '123456'))).toBe(expected);
      // shrinking or same-size writes are fine
      expect(h.err(h.setData('/h/a', '1'))).toBe(0);
      if (enforceQuota) expect(stats(h, '/h')).toBe('count=3,bytes=1');
    }
  });
});
