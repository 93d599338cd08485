import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ACL } from '../types';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../types';
import { ACLCache } from './acl-cache';

const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const acl = (perms: number, scheme: string, id: string): ACL => ({ perms, id: { scheme, id } });

describe('ACLCache', () => {
  it('equal lists share one ref; a different order is a different list', () => {
    const cache = new ACLCache();
    const a = cache.intern([acl(1, 'world', 'anyone'), acl(31, 'ip', '10.0.0.1')]);
    const b = cache.intern([acl(1, 'world', 'anyone'), acl(31, 'ip', '10.0.0.1')]);
    const c = cache.intern([acl(31, 'ip', '10.0.0.1'), acl(1, 'world', 'anyone')]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(cache.size).toBe(2);
    expect(cache.usage(a)).toBe(2);
  });

  it('stores a frozen copy: later changes to the input do not leak in', () => {
    const cache = new ACLCache();
    const input = [acl(1, 'world', 'anyone')];
    const ref = cache.intern(input);
    input[0]!.perms = 31;
    const stored = cache.get(ref);
    expect(stored[0]!.perms).toBe(1);
    expect(Object.isFrozen(stored) && Object.isFrozen(stored[0]) && Object.isFrozen(stored[0]!.id)).toBe(
      true,
    );
  });

  it('frees a list when its usage reaches 0, and a stale ref then fails loudly', () => {
    const cache = new ACLCache();
    const ref = cache.intern(OPEN_ACL_UNSAFE);
    cache.addUsage(ref);
    cache.removeUsage(ref);
    expect(cache.size).toBe(1);
    cache.removeUsage(ref);
    expect(cache.size).toBe(0);
    expect(() => cache.get(ref)).toThrow(RangeError);
    expect(cache.intern(OPEN_ACL_UNSAFE)).not.toBe(ref);
  });

  it('entries/restore round-trip keeps refs and usage; new refs do not collide', () => {
    const cache = new ACLCache();
    const open = cache.intern(OPEN_ACL_UNSAFE);
    const read = cache.intern(READ_ACL_UNSAFE);
    cache.addUsage(read);
    const copy = new ACLCache();
    copy.restore(cache.entries());
    expect([...copy.entries()]).toEqual([...cache.entries()]);
    expect(copy.get(read)).toEqual(READ_ACL_UNSAFE);
    expect(copy.intern(OPEN_ACL_UNSAFE)).toBe(open);
    const fresh = copy.intern([acl(2, 'world', 'anyone')]);
    expect(fresh).toBeGreaterThan(Math.max(open, read));
  });

  it('restore accepts usage 0 for counting up as nodes load; purgeUnused frees what stayed 0', () => {
    const cache = new ACLCache();
    cache.restore([
      [3, OPEN_ACL_UNSAFE, 0],
      [7, READ_ACL_UNSAFE, 0],
    ]);
    cache.addUsage(7);
    cache.purgeUnused();
    expect([...cache.entries()].map(([ref, , usage]) => [ref, usage])).toEqual([[7, 1]]);
  });

  it('restore rejects a repeated ref', () => {
    expect(() =>
      new ACLCache().restore([
        [1, OPEN_ACL_UNSAFE, 1],
        [1, READ_ACL_UNSAFE, 1],
      ]),
    ).toThrow(/ref 1 repeated/);
  });

  it('restore folds a list stored under two refs (a fuzzy snapshot) into the first, reporting the alias', () => {
    const cache = new ACLCache();
    const aliases = cache.restore([
      [1, OPEN_ACL_UNSAFE, 1],
      [2, OPEN_ACL_UNSAFE, 2],
    ]);
    expect([...aliases]).toEqual([[2, 1]]);
    expect(cache.size).toBe(1);
    expect(cache.usage(1)).toBe(3);
    expect(() => cache.get(2)).toThrow();
    expect(cache.intern(READ_ACL_UNSAFE)).toBe(3);
  });

  it('property: after any intern/add/remove sequence, usage equals live references and nothing leaks', () => {
    const lists = [OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, [acl(31, 'ip', '10.0.0.1')], [acl(1, 'digest', 'a:b')]];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('intern' as const), list: fc.nat(lists.length - 1) }),
      fc.record({ kind: fc.constant('add' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const cache = new ACLCache();
        const held: Array<{ ref: number; list: number }> = []; // one element per live reference
        for (const o of ops) {
          if (o.kind === 'intern') held.push({ ref: cache.intern(lists[o.list]!), list: o.list });
          else if (held.length > 0) {
            const h = held[o.pick % held.length]!;
            if (o.kind === 'add') {
              cache.addUsage(h.ref);
              held.push(h);
            } else {
              cache.removeUsage(h.ref);
              held.splice(held.indexOf(h), 1);
            }
          }
        }
        const expected = new Map<number, number>();
        for (const h of held) {
          expect(cache.get(h.ref)).toEqual(lists[h.list]);
          expected.set(h.ref, (expected.get(h.ref) ?? 0) + 1);
        }
        const actual = new Map([...cache.entries()].map(([ref, , usage]) => [ref, usage]));
        expect(actual).toEqual(expected);
        expect(cache.size).toBe(new Set(held.map((h) => h.list)).size);
      }),
      seed,
    );
  });
});
