import { describe, expect, it } from 'vitest';
import { OpCode, Perms } from '../constants';
import { ErrorCode } from '../errors';
import { bytes, Harness, S1, S2 } from './test-harness';

const world = (perms: number) => [{ perms, id: { scheme: 'world', id: 'anyone' } }];

describe('reads', () => {
  it('getData returns the data and Stat; NONODE and NOAUTH otherwise', () => {
    const h = new Harness();
    h.ok(h.create('/a', 'hello'));
    expect(h.read({ type: OpCode.getData, path: '/a', watch: false })).toEqual({
      type: OpCode.getData,
      data: bytes('hello'),
      stat: h.tree.stat('/a'),
    });
    expect(h.read({ type: OpCode.getData, path: '/nope', watch: false })).toBe(ErrorCode.NONODE);
    expect(h.read({ type: OpCode.getData, path: 'bad//path', watch: false })).toBe(ErrorCode.NONODE);
    h.ok(h.create('/secret', 'x', 0, world(Perms.ADMIN)));
    expect(h.read({ type: OpCode.getData, path: '/secret', watch: false })).toBe(ErrorCode.NOAUTH);
    expect(
      h.read(
        { type: OpCode.getData, path: '/secret', watch: false },
        { authIds: [{ scheme: 'super', id: '' }] },
      ),
    ).toMatchObject({ type: OpCode.getData });
  });

  it('exists needs no READ on 3.8.0 (real server: exists on an ADMIN-only node returned its Stat)', () => {
    const h = new Harness();
    h.ok(h.create('/nr', '', 0, world(Perms.ADMIN)));
    expect(h.read({ type: OpCode.exists, path: '/nr', watch: false })).toEqual({
      type: OpCode.exists,
      stat: h.tree.stat('/nr'),
    });
    expect(h.read({ type: OpCode.exists, path: '/none', watch: false })).toBe(ErrorCode.NONODE);
    expect(h.read({ type: OpCode.exists, path: '/a\u0000', watch: false })).toBe(ErrorCode.BADARGUMENTS);
  });

  it('getChildren and getChildren2 need READ (real server: NoAuth on an ADMIN-only node)', () => {
    const h = new Harness();
    h.ok(h.create('/p'));
    h.ok(h.create('/p/x'));
    h.ok(h.create('/p/y'));
    expect(h.read({ type: OpCode.getChildren, path: '/p', watch: false })).toEqual({
      type: OpCode.getChildren,
      children: ['x', 'y'],
    });
    expect(h.read({ type: OpCode.getChildren2, path: '/p', watch: false })).toEqual({
      type: OpCode.getChildren2,
      children: ['x', 'y'],
      stat: h.tree.stat('/p'),
    });
    expect(h.read({ type: OpCode.getChildren, path: '/p/x', watch: false })).toEqual({
      type: OpCode.getChildren,
      children: [],
    });
    h.ok(h.create('/nr', '', 0, world(Perms.ADMIN)));
    expect(h.read({ type: OpCode.getChildren, path: '/nr', watch: false })).toBe(ErrorCode.NOAUTH);
    expect(h.read({ type: OpCode.getChildren2, path: '/none', watch: false })).toBe(ErrorCode.NONODE);
  });

  it('getACL masks digest hashes without ADMIN (real server: digest:u:x) and needs READ or ADMIN', () => {
    const h = new Harness();
    const digest = { perms: Perms.READ, id: { scheme: 'digest', id: 'u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=' } };
    h.ok(h.create('/d', '', 0, [digest, ...world(Perms.READ)]));
    expect(h.read({ type: OpCode.getACL, path: '/d' })).toEqual({
      type: OpCode.getACL,
      acl: [{ perms: Perms.READ, id: { scheme: 'digest', id: 'u:x' } }, ...world(Perms.READ)],
      stat: h.tree.stat('/d'),
    });
    h.ok(h.create('/d2', '', 0, [...world(Perms.ADMIN), digest]));
    expect(h.read({ type: OpCode.getACL, path: '/d2' })).toMatchObject({
      acl: [...world(Perms.ADMIN), digest],
    });
    h.ok(h.create('/w', '', 0, world(Perms.WRITE)));
    expect(h.read({ type: OpCode.getACL, path: '/w' })).toBe(ErrorCode.NOAUTH);
    expect(h.read({ type: OpCode.getACL, path: '/none' })).toBe(ErrorCode.NONODE);
  });

  it('getAllChildrenNumber counts descendants (real server: "/" counts every node but the root)', () => {
    const h = new Harness();
    h.ok(h.create('/a'));
    h.ok(h.create('/a/b'));
    h.ok(h.create('/a/b/c'));
    h.ok(h.create('/ab'));
    expect(h.read({ type: OpCode.getAllChildrenNumber, path: '/a' })).toEqual({
      type: OpCode.getAllChildrenNumber,
      totalNumber: 2,
    });
    expect(h.read({ type: OpCode.getAllChildrenNumber, path: '/' })).toEqual({
      type: OpCode.getAllChildrenNumber,
      totalNumber: 7,
    });
    expect(h.read({ type: OpCode.getAllChildrenNumber, path: '/zookeeper' })).toEqual({
      type: OpCode.getAllChildrenNumber,
      totalNumber: 2,
    });
    expect(h.read({ type: OpCode.getAllChildrenNumber, path: '/none' })).toBe(ErrorCode.NONODE);
  });

  it('getEphemerals lists the caller’s own ephemerals, filtered by string prefix', () => {
    const h = new Harness();
    h.ok(h.create('/a', '', 1), { session: S1 });
    h.ok(h.create('/ab', '', 1), { session: S1 });
    h.ok(h.create('/b', '', 1), { session: S2 });
    const mine = h.read({ type: OpCode.getEphemerals, prefixPath: '/' }, { session: S1 });
    expect(mine).toEqual({ type: OpCode.getEphemerals, ephemerals: ['/a', '/ab'] });
    expect(h.read({ type: OpCode.getEphemerals, prefixPath: '/a' }, { session: S1 })).toEqual({
      type: OpCode.getEphemerals,
      ephemerals: ['/a', '/ab'],
    });
    expect(h.read({ type: OpCode.getEphemerals, prefixPath: '/ab' }, { session: S1 })).toEqual({
      type: OpCode.getEphemerals,
      ephemerals: ['/ab'],
    });
    expect(h.read({ type: OpCode.getEphemerals, prefixPath: '' }, { session: S2 })).toEqual({
      type: OpCode.getEphemerals,
      ephemerals: ['/b'],
    });
  });

  it('multiRead is not atomic: one result per op, errors in place, no watches', () => {
    const h = new Harness();
    h.ok(h.create('/a', 'v'));
    h.ok(h.create('/nr', '', 0, world(Perms.ADMIN)));
    const response = h.read(
      {
        type: OpCode.multiRead,
        ops: [
          { type: OpCode.getData, path: '/a' },
          { type: OpCode.getChildren, path: '/' },
          { type: OpCode.getData, path: '/none' },
          { type: OpCode.getChildren, path: '/nr' },
          { type: OpCode.setData, path: '/a' },
        ],
      },
      { watcher: 'w' },
    );
    expect(response).toEqual({
      type: OpCode.multiRead,
      results: [
        { type: OpCode.getData, data: bytes('v'), stat: h.tree.stat('/a') },
        { type: OpCode.getChildren, children: ['zookeeper', 'a', 'nr'] },
        { type: OpCode.error, err: ErrorCode.NONODE },
        { type: OpCode.error, err: ErrorCode.NOAUTH },
        { type: OpCode.error, err: ErrorCode.BADARGUMENTS },
      ],
    });
    expect(h.tree.watches.watchCount).toBe(0);
  });

  it('sync echoes the path', () => {
    const h = new Harness();
    expect(h.read({ type: OpCode.sync, path: '/x' })).toEqual({ type: OpCode.sync, path: '/x' });
  });

  it('skipACL turns every check off', () => {
    const h = new Harness({ skipACL: true });
    h.ok(h.create('/nr', 'x', 0, world(0)));
    expect(h.read({ type: OpCode.getData, path: '/nr', watch: false })).toMatchObject({
      type: OpCode.getData,
    });
    expect(h.err(h.setData('/nr', 'y'))).toBe(0);
  });

  it('superDigest makes that digest id the superuser', () => {
    const h = new Harness({ superDigest: 'super:abc' });
    h.ok(h.create('/nr', 'x', 0, world(0)));
    expect(
      h.read(
        { type: OpCode.getData, path: '/nr', watch: false },
        { authIds: [{ scheme: 'digest', id: 'super:abc' }] },
      ),
    ).toMatchObject({
      type: OpCode.getData,
    });
    expect(
      h.read(
        { type: OpCode.getData, path: '/nr', watch: false },
        { authIds: [{ scheme: 'digest', id: 'super:abd' }] },
      ),
    ).toBe(ErrorCode.NOAUTH);
  });
});
