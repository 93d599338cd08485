import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { ErrorCode } from '../errors';
import type { MultiOp } from '../records';
import { bytes, Harness, open } from './test-harness';

const create = (path: string, flags = 0): MultiOp => ({
  type: OpCode.create,
  path,
  data: bytes(''),
  acl: open(),
  flags,
});
const create2 = (path: string): MultiOp => ({
  type: OpCode.create2,
  path,
  data: bytes('d'),
  acl: open(),
  flags: 0,
});
const check = (path: string, version: number): MultiOp => ({ type: OpCode.check, path, version });
const setData = (path: string, data: string, version = -1): MultiOp => ({
  type: OpCode.setData,
  path,
  data: bytes(data),
  version,
});
const del = (path: string, version = -1): MultiOp => ({ type: OpCode.delete, path, version });

describe('multi', () => {
  it('applies every op under one zxid and returns each op’s result', () => {
    const h = new Harness();
    h.ok(h.create('/q', 'abc'));
    const result = h.write({
      type: OpCode.multi,
      ops: [create('/m1'), create2('/m2'), setData('/q', 'zz', 0), check('/q', 1), del('/m1')],
    });
    if (typeof result === 'number') throw new Error('refused');
    const zxid = h.zxid;
    expect(result.err).toBe(0);
    expect(result.response).toEqual({
      type: OpCode.multi,
      results: [
        { type: OpCode.create, path: '/m1' },
        // 3.8.0 turns create2 inside multi into create: no Stat in the result
        { type: OpCode.create, path: '/m2' },
        { type: OpCode.setData, stat: expect.objectContaining({ version: 1, mzxid: zxid, dataLength: 2 }) },
        { type: OpCode.check },
        { type: OpCode.delete },
      ],
    });
    expect(h.tree.stat('/m1')).toBeUndefined();
    expect(h.tree.stat('/m2')?.czxid).toBe(zxid);
  });

  it('fails as a whole: OK before the failing op, its code, RUNTIMEINCONSISTENCY after (real server: RolledBack, BadVersion, RuntimeInconsistency)', () => {
    const h = new Harness();
    h.ok(h.create('/q'));
    const before = h.tree.nodeCount;
    const result = h.write({ type: OpCode.multi, ops: [create('/m1'), check('/q', 99), create('/m2')] });
    if (typeof result === 'number') throw new Error('refused');
    expect(result.err).toBe(ErrorCode.BADVERSION);
    expect(result.response).toEqual({
      type: OpCode.multi,
      results: [
        { type: OpCode.error, err: 0 },
        { type: OpCode.error, err: ErrorCode.BADVERSION },
        { type: OpCode.error, err: ErrorCode.RUNTIMEINCONSISTENCY },
      ],
    });
    expect(h.tree.nodeCount).toBe(before);
    // the failed multi still used its zxid (real server: the next write's zxid skipped one)
    expect(h.tree.lastProcessedZxid).toBe(h.zxid);
  });

  it('lets later ops see earlier ones (create then create a child, delete then re-create)', () => {
    const h = new Harness();
    h.ok(h.create('/x'));
    expect(
      h.err({
        type: OpCode.multi,
        ops: [create('/a'), create('/a/b'), del('/x'), create('/x'), check('/x', 0)],
      }),
    ).toBe(0);
    expect(h.tree.stat('/a/b')).toBeDefined();
  });

  it('reports each failure code from inside the multi', () => {
    const h = new Harness();
    h.ok(h.create('/p'));
    h.ok(h.create('/p/c'));
    const cases: Array<[MultiOp, number]> = [
      [create('/p'), ErrorCode.NODEEXISTS],
      [create('/none/x'), ErrorCode.NONODE],
      [del('/p'), ErrorCode.NOTEMPTY],
      [del('/p/c', 3), ErrorCode.BADVERSION],
      [check('/none', -1), ErrorCode.NONODE],
      [setData('/p/', 'x'), ErrorCode.BADARGUMENTS],
      [{ type: OpCode.getData, path: '/p' }, ErrorCode.BADARGUMENTS],
    ];
    for (const [op, code] of cases) {
      const result = h.write({ type: OpCode.multi, ops: [op] });
      if (typeof result === 'number') throw new Error('refused');
      expect(result.err).toBe(code);
      expect(result.response).toEqual({ type: OpCode.multi, results: [{ type: OpCode.error, err: code }] });
    }
  });

  it('answers containers and TTL nodes inside multi with a Stat, and follows the flags for the opcode', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    const container: MultiOp = { type: OpCode.create, path: '/c', data: bytes(''), acl: open(), flags: 4 };
    const ttl: MultiOp = {
      type: OpCode.createTTL,
      path: '/t',
      data: bytes(''),
      acl: open(),
      flags: 5,
      ttl: 100,
    };
    const result = h.write({ type: OpCode.multi, ops: [container, ttl] });
    if (typeof result === 'number') throw new Error('refused');
    expect(result.response).toEqual({
      type: OpCode.multi,
      results: [
        { type: OpCode.create2, path: '/c', stat: expect.objectContaining({ ephemeralOwner: 0n }) },
        { type: OpCode.create2, path: '/t', stat: expect.objectContaining({ ephemeralOwner: 0n }) },
      ],
    });
    expect(h.tree.counts()).toMatchObject({ containers: 1, ttls: 1 });
    expect(h.tree.node('/t')?.owner).toBe(BigInt.asIntN(64, 0xff00000000000064n));
  });

  it('accepts an empty multi', () => {
    const h = new Harness();
    expect(h.ok({ type: OpCode.multi, ops: [] })).toEqual({ type: OpCode.multi, results: [] });
  });
});
