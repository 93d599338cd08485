import { describe, expect, it } from 'vitest';
import { EventType, OpCode, Perms } from '../constants';
import { ErrorCode } from '../errors';
import { CONTAINER_OWNER, ttlOwner } from './ephemeral-type';
import { bytes, Harness, open, S1, S2, text } from './test-harness';

describe('a fresh tree', () => {
  it('holds /, /zookeeper, /zookeeper/quota and /zookeeper/config with the Stat the real 3.8.0 server reports', () => {
    // Real server, fresh data dir: / cversion=-1 numChildren=1; /zookeeper cversion=-2 numChildren=2;
    // /zookeeper/config aversion=-1 with ACL world:anyone READ; everything else 0.
    const { tree } = new Harness();
    const zero = {
      czxid: 0,
      mzxid: 0,
      ctime: 0,
      mtime: 0,
      version: 0,
      aversion: 0,
      ephemeralOwner: 0n,
      dataLength: 0,
      pzxid: 0,
    };
    expect(tree.stat('/')).toEqual({ ...zero, cversion: -1, numChildren: 1 });
    expect(tree.stat('/zookeeper')).toEqual({ ...zero, cversion: -2, numChildren: 2 });
    expect(tree.stat('/zookeeper/quota')).toEqual({ ...zero, cversion: 0, numChildren: 0 });
    expect(tree.stat('/zookeeper/config')).toEqual({ ...zero, cversion: 0, numChildren: 0, aversion: -1 });
    expect(tree.aclOf('/zookeeper/config')).toEqual([
      { perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } },
    ]);
    expect(tree.nodeCount).toBe(4);
  });

  it('refuses to delete the system nodes with BADARGUMENTS (real server: even the empty /zookeeper/quota)', () => {
    const h = new Harness();
    for (const path of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']) {
      expect(h.err(h.delete(path))).toBe(ErrorCode.BADARGUMENTS);
    }
    // but other nodes under /zookeeper are ordinary
    h.ok(h.create('/zookeeper/x'));
    expect(h.err(h.delete('/zookeeper/x'))).toBe(0);
  });

  it('lets /zookeeper and /zookeeper/quota be written but not /zookeeper/config (world READ only → NOAUTH)', () => {
    const h = new Harness();
    expect(h.err(h.setData('/zookeeper/quota', 'x'))).toBe(0);
    expect(h.err(h.setData('/zookeeper', 'x'))).toBe(0);
    expect(h.err(h.setData('/zookeeper/config', 'x'))).toBe(ErrorCode.NOAUTH);
  });
});

describe('create', () => {
  it('gives a persistent node a fresh Stat and moves the parent cversion and pzxid', () => {
    const h = new Harness();
    const response = h.ok(h.create2('/a', 'hello'));
    const zxid = h.zxid;
    const time = h.time;
    expect(response).toEqual({
      type: OpCode.create2,
      path: '/a',
      stat: {
        czxid: zxid,
        mzxid: zxid,
        ctime: time,
        mtime: time,
        version: 0,
        cversion: 0,
        aversion: 0,
        ephemeralOwner: 0n,
        dataLength: 5,
        numChildren: 0,
        pzxid: zxid,
      },
    });
    // root: 2 creations, 2 children → 2*2-2 = 0
    expect(h.tree.stat('/')).toMatchObject({ cversion: 0, numChildren: 2, pzxid: zxid, mzxid: 0 });
    expect(h.ok(h.create('/b'))).toEqual({ type: OpCode.create, path: '/b' });
  });

  it('numbers sequential children from the persisted cversion, as the real server did', () => {
    // Real 3.8.0: create /q, /q/a, seq /q/s- → /q/s-0000000001 (cversion 2); delete /q/a (cversion 3);
    // seq /q/s- → /q/s-0000000002 and cversion 4: deletes bump the visible cversion, not the counter.
    const h = new Harness();
    h.ok(h.create('/q', 'abc'));
    h.ok(h.create('/q/a', '12345'));
    expect(h.ok(h.create('/q/s-', '', 2))).toEqual({ type: OpCode.create, path: '/q/s-0000000001' });
    expect(h.tree.stat('/q')).toMatchObject({ cversion: 2, numChildren: 2 });
    h.ok(h.delete('/q/a'));
    expect(h.tree.stat('/q')).toMatchObject({ cversion: 3, numChildren: 1 });
    expect(h.ok(h.create('/q/s-', '', 2))).toEqual({ type: OpCode.create, path: '/q/s-0000000002' });
    expect(h.tree.stat('/q')).toMatchObject({ cversion: 4, numChildren: 2 });
  });

  it('appends the suffix to a path ending in / (validated after the suffix, like PrepRequestProcessor)', () => {
    const h = new Harness();
    h.ok(h.create('/dir'));
    expect(h.ok(h.create('/dir/', '', 2))).toEqual({ type: OpCode.create, path: '/dir/0000000000' });
    expect(h.ok(h.create('/', '', 2))).toEqual({ type: OpCode.create, path: '/0000000001' });
    expect(h.err(h.create('/dir/'))).toBe(ErrorCode.BADARGUMENTS);
  });

  it('wraps the sequence counter past 2^31-1 to -2147483648, then sticks (the create > cversion rule)', () => {
    // From 3.8.0's bytecode: the suffix is %010d of the parent's int cversion; apply only raises the
    // cversion when the txn's parentCVersion is greater, so after the wrap the counter stays at
    // 2147483647 once the wrapped txn is applied, and the next sequential name repeats.
    const h = new Harness();
    h.ok(h.create('/s'));
    const node = h.tree.node('/s');
    if (node === undefined) throw new Error('missing');
    node.cversion = 2147483646;
    expect(h.ok(h.create('/s/n-', '', 2))).toEqual({ type: OpCode.create, path: '/s/n-2147483646' });
    expect(h.ok(h.create('/s/n-', '', 2))).toEqual({ type: OpCode.create, path: '/s/n-2147483647' });
    // applied: the wrapped parentCVersion is not greater, so the counter stays and the name repeats
    expect(h.tree.node('/s')?.cversion).toBe(2147483647);
    expect(h.err(h.create('/s/n-', '', 2))).toBe(ErrorCode.NODEEXISTS);
    // pipelined before the apply, the pending record holds the wrapped counter: -2147483648
    h.ok(h.create('/t'));
    const t = h.tree.node('/t');
    if (t === undefined) throw new Error('missing');
    t.cversion = 2147483647;
    const first = h.prep(h.create('/t/n-', '', 2));
    const second = h.prep(h.create('/t/n-', '', 2));
    if (!first.ok || !second.ok) throw new Error('prep failed');
    expect(first.txn.body).toMatchObject({ path: '/t/n-2147483647' });
    expect(second.txn.body).toMatchObject({ path: '/t/n--2147483648' });
  });

  it('reports every error path with ZooKeeper’s code, in its order', () => {
    const h = new Harness();
    h.ok(h.create('/a'));
    expect(h.err(h.create('/a'))).toBe(ErrorCode.NODEEXISTS);
    expect(h.err(h.create('/'))).toBe(ErrorCode.NODEEXISTS);
    expect(h.err(h.create('/missing/x'))).toBe(ErrorCode.NONODE);
    expect(h.err(h.create('a'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/a/'))).toBe(ErrorCode.BADARGUMENTS);
    // the parent ('/a/') is looked up before the full path check, as PrepRequestProcessor does
    expect(h.err(h.create('/a//b'))).toBe(ErrorCode.NONODE);
    expect(h.err(h.create('/a/.'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/a\u0000'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/a\u0001'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/b', '', 7))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/b', '', -1))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/b', '', 0, []))).toBe(ErrorCode.INVALIDACL);
    expect(h.err(h.create('/b', '', 0, [{ perms: 31, id: { scheme: 'nope', id: 'x' } }]))).toBe(
      ErrorCode.INVALIDACL,
    );
    // auth:  with no authenticated id
    expect(h.err(h.create('/b', '', 0, [{ perms: 31, id: { scheme: 'auth', id: '' } }]))).toBe(
      ErrorCode.INVALIDACL,
    );
    // INVALIDACL is checked before the parent exists
    expect(h.err(h.create('/missing/x', '', 0, []))).toBe(ErrorCode.INVALIDACL);
    expect(h.tree.nodeCount).toBe(5);
  });

  it('needs CREATE on the parent', () => {
    const h = new Harness();
    h.ok(
      h.create('/ro', '', 0, [{ perms: Perms.ALL & ~Perms.CREATE, id: { scheme: 'world', id: 'anyone' } }]),
    );
    expect(h.err(h.create('/ro/x'))).toBe(ErrorCode.NOAUTH);
    h.ok(h.create('/digest', '', 0, [{ perms: Perms.CREATE, id: { scheme: 'digest', id: 'u:hash' } }]));
    expect(h.err(h.create('/digest/x'))).toBe(ErrorCode.NOAUTH);
    expect(h.err(h.create('/digest/x'), { authIds: [{ scheme: 'digest', id: 'u:hash' }] })).toBe(0);
  });

  it('expands auth: to the caller’s digest ids', () => {
    const h = new Harness();
    const me = { scheme: 'digest', id: 'bob:abc=' };
    h.ok(h.create('/mine', '', 0, [{ perms: 31, id: { scheme: 'auth', id: '' } }]), {
      authIds: [me, { scheme: 'ip', id: '127.0.0.1' }],
    });
    expect(h.tree.aclOf('/mine')).toEqual([{ perms: 31, id: me }]);
  });

  it('refuses values above maxBuffer', () => {
    const h = new Harness({ maxBuffer: 10 });
    expect(h.err(h.create('/big', '12345678901'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/ok', '1234567890'))).toBe(0);
    expect(h.err(h.setData('/ok', '12345678901'))).toBe(ErrorCode.BADARGUMENTS);
  });
});

describe('ephemeral nodes', () => {
  it('belong to the session, cannot have children and go when the session closes', () => {
    const h = new Harness();
    h.ok(h.create('/app'));
    const created = h.ok(h.create2('/app/e', 'x', 1), { session: S1 });
    expect(created).toMatchObject({ stat: { ephemeralOwner: S1 } });
    h.ok(h.create('/app/s-', '', 3), { session: S1 });
    h.ok(h.create('/app/other', '', 1), { session: S2 });
    expect(h.err(h.create('/app/e/child'))).toBe(ErrorCode.NOCHILDRENFOREPHEMERALS);
    expect(h.err(h.create('/app/e/child', '', 1))).toBe(ErrorCode.NOCHILDRENFOREPHEMERALS);
    // NODEEXISTS is checked before NOCHILDRENFOREPHEMERALS
    expect(h.err(h.create('/app/e'))).toBe(ErrorCode.NODEEXISTS);
    expect(h.tree.getEphemerals(S1).sort()).toEqual(['/app/e', '/app/s-0000000001']);
    expect(h.tree.getEphemerals(S1, '/app/s')).toEqual(['/app/s-0000000001']);

    const closed = h.write({ type: OpCode.closeSession }, { session: S1 });
    if (typeof closed === 'number') throw new Error('closeSession refused');
    expect(closed.err).toBe(0);
    expect(h.tree.stat('/app/e')).toBeUndefined();
    expect(h.tree.stat('/app/s-0000000001')).toBeUndefined();
    expect(h.tree.stat('/app/other')).toBeDefined();
    expect(h.tree.getEphemerals(S1)).toEqual([]);
    // one txn, one zxid: the parent's pzxid is the closeSession's
    expect(h.tree.stat('/app')).toMatchObject({ numChildren: 1, pzxid: h.zxid });
  });

  it('lists in closeSession the ephemerals prepared but not applied yet, and not those pending delete', () => {
    const h = new Harness();
    h.ok(h.create('/e1', '', 1));
    const create = h.prep(h.create('/e2', '', 1));
    const remove = h.prep(h.delete('/e1'));
    const close = h.prep({ type: OpCode.closeSession });
    if (!create.ok || !remove.ok || !close.ok) throw new Error('prep failed');
    expect(close.txn.body).toEqual({ type: OpCode.closeSession, paths: ['/e2'] });
    h.tree.apply(create.txn);
    h.tree.apply(remove.txn);
    h.tree.apply(close.txn);
    expect(h.tree.getEphemerals(S1)).toEqual([]);
    expect(h.tree.nodeCount).toBe(4);
  });

  it('creates and forgets the session record', () => {
    const h = new Harness();
    expect(h.err({ type: OpCode.createSession, timeOut: 30000 }, { session: S2 })).toBe(0);
    expect(h.tree.knownSessions().get(S2)).toBe(30000);
    h.write({ type: OpCode.closeSession }, { session: S2 });
    expect(h.tree.knownSessions().has(S2)).toBe(false);
  });
});

describe('containers and TTL nodes', () => {
  it('marks containers with owner 0x8000000000000000 internally; clients see ephemeralOwner 0', () => {
    // DataNode.copyStat reports getClientEphemeralOwner: 0 for containers and TTL nodes.
    const h = new Harness();
    expect(h.ok(h.createContainer('/c'))).toMatchObject({
      type: OpCode.createContainer,
      path: '/c',
      stat: { ephemeralOwner: 0n },
    });
    expect(h.tree.node('/c')?.owner).toBe(CONTAINER_OWNER);
    expect(CONTAINER_OWNER).toBe(-(2n ** 63n));
    h.ok(h.create('/c/child'));
  });

  it('needs extendedTypesEnabled for TTL nodes (UNIMPLEMENTED otherwise)', () => {
    const h = new Harness();
    expect(h.err(h.createTTL('/t', 5000))).toBe(ErrorCode.UNIMPLEMENTED);
    expect(h.err(h.create('/t', '', 5))).toBe(ErrorCode.UNIMPLEMENTED);
  });

  it('encodes the ttl in the owner and bounds it to 1..2^40-1', () => {
    // Real 3.8.0 with extendedTypesEnabled: ttl 0 and 2^40 → BadArguments; 2^40-1 accepted.
    const h = new Harness({ extendedTypesEnabled: true });
    const response = h.ok(h.createTTL('/t', 5000));
    expect(response).toMatchObject({ type: OpCode.createTTL, stat: { ephemeralOwner: 0n } });
    expect(h.tree.node('/t')?.owner).toBe(ttlOwner(5000));
    expect(BigInt.asUintN(64, ttlOwner(5000))).toBe(0xff00000000001388n);
    expect(h.err(h.createTTL('/t0', 0))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.createTTL('/tbig', 2 ** 40))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.createTTL('/tmax', 2 ** 40 - 1))).toBe(0);
    expect(h.ok(h.createTTL('/ts-', 100, 6))).toMatchObject({ path: '/ts-0000000002' });
    // a ttl with a non-TTL mode, or a TTL mode through plain create (ttl −1)
    expect(h.err(h.createTTL('/x', 100, 0))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.create('/x', '', 5))).toBe(ErrorCode.BADARGUMENTS);
  });
});

describe('setData', () => {
  it('bumps version, mzxid and mtime, keeps czxid/ctime, and checks the version', () => {
    const h = new Harness();
    h.ok(h.create('/a', 'one'));
    const czxid = h.zxid;
    const ctime = h.time;
    expect(h.err(h.setData('/a', 'two', 1))).toBe(ErrorCode.BADVERSION);
    const response = h.ok(h.setData('/a', 'two!', 0));
    expect(response).toEqual({
      type: OpCode.setData,
      stat: {
        czxid,
        mzxid: h.zxid,
        ctime,
        mtime: h.time,
        version: 1,
        cversion: 0,
        aversion: 0,
        ephemeralOwner: 0n,
        dataLength: 4,
        numChildren: 0,
        pzxid: czxid,
      },
    });
    expect(h.ok(h.setData('/a', 'x'))).toMatchObject({ stat: { version: 2 } });
    expect(h.err(h.setData('/missing', 'x'))).toBe(ErrorCode.NONODE);
    expect(h.err(h.setData('/a/', 'x'))).toBe(ErrorCode.BADARGUMENTS);
  });

  it('needs WRITE', () => {
    const h = new Harness();
    h.ok(h.create('/r', '', 0, [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }]));
    expect(h.err(h.setData('/r', 'x'))).toBe(ErrorCode.NOAUTH);
    expect(h.err(h.setData('/r', 'x'), { authIds: [{ scheme: 'super', id: '' }] })).toBe(0);
  });

  it('keeps a copy of the data it was given, and a value once read never changes', () => {
    const h = new Harness();
    const data = bytes('shared');
    h.ok({ type: OpCode.create, path: '/a', data, acl: open(), flags: 0 });
    data.fill(0x21); // the caller may reuse its buffer
    const read = h.tree.node('/a')?.data ?? new Uint8Array();
    expect(text(read)).toBe('shared');
    h.ok(h.setData('/a', 'other'));
    expect(text(read)).toBe('shared');
    expect(text(h.tree.node('/a')?.data ?? new Uint8Array())).toBe('other');
  });

  it('wraps the version at 2^31 like Java', () => {
    const h = new Harness();
    h.ok(h.create('/v'));
    const node = h.tree.node('/v');
    if (node === undefined) throw new Error('missing');
    node.version = 2147483647;
    expect(h.ok(h.setData('/v', 'x', 2147483647))).toMatchObject({ stat: { version: -2147483648 } });
  });
});

describe('setACL', () => {
  it('bumps aversion only and checks it against the version', () => {
    const h = new Harness();
    h.ok(h.create('/a', 'x'));
    const before = h.tree.stat('/a');
    const acl = [{ perms: Perms.READ | Perms.ADMIN, id: { scheme: 'world', id: 'anyone' } }];
    expect(h.err(h.setACL('/a', acl, 1))).toBe(ErrorCode.BADVERSION);
    expect(h.ok(h.setACL('/a', acl, 0))).toEqual({ type: OpCode.setACL, stat: { ...before, aversion: 1 } });
    expect(h.tree.aclOf('/a')).toEqual(acl);
    // INVALIDACL comes before NONODE
    expect(h.err(h.setACL('/missing', []))).toBe(ErrorCode.INVALIDACL);
    expect(h.err(h.setACL('/missing', open()))).toBe(ErrorCode.NONODE);
  });

  it('needs ADMIN', () => {
    const h = new Harness();
    h.ok(h.create('/a', '', 0, [{ perms: Perms.ALL & ~Perms.ADMIN, id: { scheme: 'world', id: 'anyone' } }]));
    expect(h.err(h.setACL('/a', open()))).toBe(ErrorCode.NOAUTH);
  });
});

describe('delete', () => {
  it('checks parent DELETE permission, existence, version and emptiness, in that order', () => {
    const h = new Harness();
    h.ok(
      h.create('/p', '', 0, [{ perms: Perms.ALL & ~Perms.DELETE, id: { scheme: 'world', id: 'anyone' } }]),
    );
    h.ok(h.create('/p/c'));
    expect(h.err(h.delete('/p/c'))).toBe(ErrorCode.NOAUTH);
    expect(h.err(h.delete('/p/missing'))).toBe(ErrorCode.NOAUTH);
    h.ok(h.create('/q'));
    h.ok(h.create('/q/c'));
    expect(h.err(h.delete('/q/missing'))).toBe(ErrorCode.NONODE);
    expect(h.err(h.delete('/nope/x'))).toBe(ErrorCode.NONODE);
    expect(h.err(h.delete('/q', 5))).toBe(ErrorCode.BADVERSION);
    expect(h.err(h.delete('/q'))).toBe(ErrorCode.NOTEMPTY);
    expect(h.err(h.delete('/q/c', 0))).toBe(0);
    expect(h.tree.stat('/q')).toMatchObject({ numChildren: 0, cversion: 2, pzxid: h.zxid });
  });

  it('only validates slash, NUL and system paths, like getParentPathAndValidate', () => {
    const h = new Harness();
    h.ok(h.create('/a'));
    expect(h.err(h.delete('a'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.delete('/a\u0000'))).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(h.delete('/a/'))).toBe(ErrorCode.NONODE);
  });
});

describe('watch events returned by apply', () => {
  it('fires data, exists and child watches once, with the right types', () => {
    const h = new Harness();
    h.ok(h.create('/w'));
    expect(h.read({ type: OpCode.exists, path: '/w/x', watch: true }, { watcher: 'exists' })).toBe(
      ErrorCode.NONODE,
    );
    h.read({ type: OpCode.getChildren, path: '/w', watch: true }, { watcher: 'children' });
    const created = h.write(h.create('/w/x', 'v'));
    if (typeof created === 'number') throw new Error('refused');
    expect(created.events).toEqual([
      { watcher: 'exists', event: { type: EventType.NodeCreated, state: 3, path: '/w/x' } },
      { watcher: 'children', event: { type: EventType.NodeChildrenChanged, state: 3, path: '/w' } },
    ]);
    h.read({ type: OpCode.getData, path: '/w/x', watch: true }, { watcher: 'data' });
    const changed = h.write(h.setData('/w/x', 'v2'));
    if (typeof changed === 'number') throw new Error('refused');
    expect(changed.events).toEqual([
      { watcher: 'data', event: { type: EventType.NodeDataChanged, state: 3, path: '/w/x' } },
    ]);
    // fired watches are gone
    const again = h.write(h.setData('/w/x', 'v3'));
    expect(typeof again === 'number' ? again : again.events).toEqual([]);

    h.read({ type: OpCode.getData, path: '/w/x', watch: true }, { watcher: 'both' });
    h.read({ type: OpCode.getChildren, path: '/w/x', watch: true }, { watcher: 'both' });
    h.read({ type: OpCode.getChildren, path: '/w', watch: true }, { watcher: 'children' });
    const deleted = h.write(h.delete('/w/x'));
    if (typeof deleted === 'number') throw new Error('refused');
    expect(deleted.events).toEqual([
      { watcher: 'both', event: { type: EventType.NodeDeleted, state: 3, path: '/w/x' } },
      { watcher: 'children', event: { type: EventType.NodeChildrenChanged, state: 3, path: '/w' } },
    ]);
  });

  it('does not register a getData watch on a missing node', () => {
    const h = new Harness();
    expect(h.read({ type: OpCode.getData, path: '/later', watch: true }, { watcher: 'w' })).toBe(
      ErrorCode.NONODE,
    );
    const created = h.write(h.create('/later'));
    expect(typeof created === 'number' ? created : created.events).toEqual([]);
  });
});

describe('apply is replay-safe', () => {
  it('reports NODEEXISTS / NONODE on repeated txns and leaves the tree unchanged', () => {
    const h = new Harness();
    const create = h.prep(h.create('/a', 'x'));
    if (!create.ok) throw new Error('refused');
    h.tree.apply(create.txn);
    const stat = h.tree.stat('/a');
    const root = h.tree.stat('/');
    expect(h.tree.apply(create.txn).err).toBe(ErrorCode.NODEEXISTS);
    expect(h.tree.stat('/a')).toEqual(stat);
    expect(h.tree.stat('/')).toEqual(root);
    const remove = h.prep(h.delete('/a'));
    if (!remove.ok) throw new Error('refused');
    expect(h.tree.apply(remove.txn).err).toBe(0);
    expect(h.tree.apply(remove.txn).err).toBe(ErrorCode.NONODE);
    expect(h.tree.nodeCount).toBe(4);
    const set = {
      sessionId: S1,
      cxid: 1,
      zxid: 99,
      time: 5,
      body: { type: OpCode.setData, path: '/a', data: bytes('q'), version: 3 },
    } as const;
    expect(h.tree.apply(set).err).toBe(ErrorCode.NONODE);
    expect(h.tree.lastProcessedZxid).toBe(99);
  });

  it('tolerates malformed requests without throwing', () => {
    const h = new Harness();
    expect(h.err({ type: OpCode.create } as never)).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err({ type: OpCode.setData, path: '/zookeeper', data: 'str', version: -1 } as never)).toBe(
      ErrorCode.BADARGUMENTS,
    );
    expect(h.err({ type: 999 } as never)).toBe(ErrorCode.BADARGUMENTS);
    expect(h.err(null as never)).toBe(ErrorCode.BADARGUMENTS);
    expect(h.read({ type: 999 } as never)).toBe(ErrorCode.UNIMPLEMENTED);
  });
});

describe('counts', () => {
  it('tracks node, ephemeral, container, TTL and data-size counts', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    h.ok(h.create('/a', '1234'));
    h.ok(h.create('/e', '', 1));
    h.ok(h.createContainer('/c'));
    h.ok(h.createTTL('/t', 10));
    expect(h.tree.counts()).toMatchObject({ nodes: 8, ephemerals: 1, containers: 1, ttls: 1 });
    const size = h.tree.counts().approximateDataSize;
    h.ok(h.setData('/a', '12'));
    expect(h.tree.counts().approximateDataSize).toBe(size - 2);
    expect(text(h.tree.node('/a')?.data ?? new Uint8Array())).toBe('12');
  });
});
