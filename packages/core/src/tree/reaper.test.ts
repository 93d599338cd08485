import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { ErrorCode } from '../errors';
import { Harness } from './test-harness';

// Real 3.8.0 with znode.container.checkIntervalMs=1000: a container that had and lost a child and
// an expired childless TTL node (-t 1500) were gone 4 s later; a never-used container and a TTL
// node with a child stayed.
describe('reapCandidates', () => {
  it('offers containers that had and lost their last child, not never-used ones (3.8 default)', () => {
    const h = new Harness();
    h.ok(h.createContainer('/used'));
    h.ok(h.createContainer('/fresh'));
    h.ok(h.createContainer('/busy'));
    h.ok(h.create('/used/x'));
    h.ok(h.create('/busy/x'));
    expect(h.tree.reapCandidates(h.time)).toEqual([]);
    h.ok(h.delete('/used/x'));
    expect(h.tree.reapCandidates(h.time)).toEqual([{ type: OpCode.deleteContainer, path: '/used' }]);
    expect(h.tree.reapCandidates(h.time + 100_000, { maxNeverUsedIntervalMs: 50_000 })).toEqual([
      { type: OpCode.deleteContainer, path: '/used' },
      { type: OpCode.deleteContainer, path: '/fresh' },
    ]);
    expect(h.tree.reapCandidates(h.time, { limit: 0 })).toEqual([]);
  });

  it('offers childless TTL nodes unmodified for longer than their TTL', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    h.ok(h.createTTL('/t', 1000));
    const created = h.time;
    h.ok(h.createTTL('/p', 1000));
    h.ok(h.create('/p/child'));
    expect(h.tree.reapCandidates(created + 1000)).toEqual([]);
    expect(h.tree.reapCandidates(created + 1001)).toEqual([{ type: OpCode.deleteContainer, path: '/t' }]);
    // a write restarts the clock
    h.ok(h.setData('/t', 'x'));
    expect(h.tree.reapCandidates(created + 1001)).toEqual([]);
  });

  it('goes through the normal pipeline: prep re-checks and the node goes', () => {
    const h = new Harness();
    h.ok(h.createContainer('/c'));
    h.ok(h.create('/c/x'));
    h.ok(h.delete('/c/x'));
    const [request] = h.tree.reapCandidates(h.time);
    if (request === undefined) throw new Error('no candidate');
    h.ok(h.create('/c/again'));
    expect(h.err(request)).toBe(ErrorCode.NOTEMPTY);
    h.ok(h.delete('/c/again'));
    expect(h.err(request)).toBe(0);
    expect(h.tree.stat('/c')).toBeUndefined();
    expect(h.tree.counts().containers).toBe(0);
  });

  it('refuses deleteContainer for ordinary and ephemeral nodes (BADVERSION) and system paths', () => {
    const h = new Harness();
    h.ok(h.create('/plain'));
    h.ok(h.create('/eph', '', 1));
    expect(h.err({ type: OpCode.deleteContainer, path: '/plain' })).toBe(ErrorCode.BADVERSION);
    expect(h.err({ type: OpCode.deleteContainer, path: '/eph' })).toBe(ErrorCode.BADVERSION);
    expect(h.err({ type: OpCode.deleteContainer, path: '/zookeeper' })).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err({ type: OpCode.deleteContainer, path: '/none' })).toBe(ErrorCode.NONODE);
  });
});
