import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { ErrorCode } from '../errors';
import { Harness } from './test-harness';
import type { Txn } from './txn';

/** Preps every request first (zxids assigned in order), then applies them: the server's pipeline. */
function pipeline(h: Harness, requests: Parameters<Harness['prep']>[0][]): Array<Txn | number> {
  return requests.map((request) => {
    const prepared = h.prep(request);
    return prepared.ok ? prepared.txn : prepared.err;
  });
}

describe('prep sees prepared-but-unapplied txns (outstanding changes)', () => {
  it('creates a child of a node whose create is still pending', () => {
    const h = new Harness();
    const [a, b] = pipeline(h, [h.create('/a'), h.create('/a/b')]);
    expect(typeof a).toBe('object');
    expect(typeof b).toBe('object');
    // and without the pending record the second would have been NONODE
    expect(h.tree.stat('/a')).toBeUndefined();
    for (const txn of [a, b]) expect(h.tree.apply(txn as Txn).err).toBe(0);
    expect(h.tree.stat('/a')).toMatchObject({ numChildren: 1, cversion: 1 });
  });

  it('chains setData versions 0 then 1', () => {
    const h = new Harness();
    h.ok(h.create('/v'));
    const [first, second, stale] = pipeline(h, [
      h.setData('/v', 'x', 0),
      h.setData('/v', 'y', 1),
      h.setData('/v', 'z', 1),
    ]);
    expect(stale).toBe(ErrorCode.BADVERSION);
    expect((first as Txn).body).toMatchObject({ version: 1 });
    expect((second as Txn).body).toMatchObject({ version: 2 });
    h.tree.apply(first as Txn);
    h.tree.apply(second as Txn);
    expect(h.tree.stat('/v')?.version).toBe(2);
  });

  it('numbers pipelined sequential creates consecutively', () => {
    const h = new Harness();
    h.ok(h.create('/q'));
    const txns = pipeline(h, [h.create('/q/n-', '', 2), h.create('/q/n-', '', 2), h.create('/q/n-', '', 2)]);
    expect(txns.map((t) => (t as Txn).body)).toMatchObject([
      { path: '/q/n-0000000000', parentCVersion: 1 },
      { path: '/q/n-0000000001', parentCVersion: 2 },
      { path: '/q/n-0000000002', parentCVersion: 3 },
    ]);
  });

  it('sees pending deletes: NONODE for the deleted node, NOTEMPTY cleared for its parent', () => {
    const h = new Harness();
    h.ok(h.create('/p'));
    h.ok(h.create('/p/c'));
    const [delChild, delParent, setGone, recreate] = pipeline(h, [
      h.delete('/p/c'),
      h.delete('/p'),
      h.setData('/p/c', 'x'),
      h.create('/p'),
    ]);
    expect(typeof delChild).toBe('object');
    expect(typeof delParent).toBe('object');
    expect(setGone).toBe(ErrorCode.NONODE);
    expect(typeof recreate).toBe('object');
    expect(pipeline(h, [h.create('/p/c')])[0]).toEqual(
      expect.objectContaining({ body: expect.objectContaining({ path: '/p/c' }) }),
    );
  });

  it('sees a pending setACL (ADMIN taken away → NOAUTH for the next setACL)', () => {
    const h = new Harness();
    h.ok(h.create('/acl'));
    const readOnly = [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }];
    const [first, second] = pipeline(h, [h.setACL('/acl', readOnly, 0), h.setACL('/acl', readOnly, 1)]);
    expect(typeof first).toBe('object');
    expect(second).toBe(ErrorCode.NOAUTH);
  });

  it('drops records as their txns are applied and can discard them all', () => {
    const h = new Harness();
    const [a] = pipeline(h, [h.create('/a')]);
    pipeline(h, [h.create('/b')]);
    expect(h.tree.pending.size).toBe(4);
    h.tree.apply(a as Txn);
    expect(h.tree.pending.size).toBe(2);
    h.tree.discardPending();
    expect(h.tree.pending.size).toBe(0);
    // /b was never applied: after the discard it is unknown again
    expect(pipeline(h, [h.create('/b/c')])[0]).toBe(ErrorCode.NONODE);
  });

  it('rolls back the records of a failed multi so later preps do not see them', () => {
    const h = new Harness();
    const [multi] = pipeline(h, [
      {
        type: OpCode.multi,
        ops: [
          {
            type: OpCode.create,
            path: '/m',
            data: new Uint8Array(),
            acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
            flags: 0,
          },
          { type: OpCode.check, path: '/nope', version: 0 },
        ],
      },
    ]);
    expect((multi as Txn).body.type).toBe(OpCode.multi);
    expect(h.tree.pending.size).toBe(0);
    expect(pipeline(h, [h.create('/m/x')])[0]).toBe(ErrorCode.NONODE);
  });
});
