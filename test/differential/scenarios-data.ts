/**
 * Scenarios over the data tree: every error a write or read can answer, Stat bookkeeping,
 * sequential names, multi results, TTL/container nodes and the introspection reads.
 * Expectations written inline are what the real ZooKeeper 3.8 did when these were recorded;
 * everything else is compared frame by frame with ZooKeeper's recording.
 */
import { CreateMode, digestId, ErrorCode, errorName, OpCode, Perms } from '@zkts/core';
import { expect } from 'vitest';
import { bytes, type Scenario } from './harness';
import {
  children,
  children2,
  create,
  create2,
  createTTL,
  exists,
  getData,
  multi,
  OPEN,
  op,
  remove,
  setData,
} from './scenario-helpers';

export const dataScenarios: Scenario[] = [
  {
    name: 'invalid paths are BADARGUMENTS for every request kind',
    async run(ctx) {
      await ctx.session('a');
      const bad = [
        'a',
        '/a/',
        '//a',
        '/a//b',
        '/a/./b',
        '/a/../b',
        '/.',
        '/..',
        '/a\u0000b',
        '/\u0001',
        '/a\ud800b',
      ];
      for (const path of bad) {
        await ctx.call('a', create(path));
        await ctx.call('a', getData(path));
        await ctx.call('a', exists(path));
        await ctx.call('a', setData(path, 'x'));
        await ctx.call('a', remove(path));
        await ctx.call('a', children(path));
      }
      // A sequential create may end in '/': the server appends the counter.
      await ctx.call('a', create(`${ctx.root}`));
      const seq = await ctx.call('a', create(`${ctx.root}/`, CreateMode.PERSISTENT_SEQUENTIAL));
      expect(seq.err).toBe(0);
      await ctx.call('a', create('/zookeeper/child-of-system-node'));
      await ctx.call('a', remove('/zookeeper'));
      await ctx.call('a', remove('/'));
      await ctx.call('a', create('/'));
      await ctx.call('a', setData('/zookeeper', 'x'));
    },
  },
  {
    name: 'NoNode, NodeExists, NotEmpty, BadVersion and NoChildrenForEphemerals',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      expect((await ctx.call('a', create(`${r}/x/y`))).err).toBe(ErrorCode.NONODE);
      expect((await ctx.call('a', create(r, 0, 'root'))).err).toBe(0);
      expect((await ctx.call('a', create(r))).err).toBe(ErrorCode.NODEEXISTS);
      await ctx.call('a', create(`${r}/child`, 0, 'c'));
      expect((await ctx.call('a', remove(r))).err).toBe(ErrorCode.NOTEMPTY);
      expect((await ctx.call('a', setData(`${r}/child`, 'v1', 5))).err).toBe(ErrorCode.BADVERSION);
      expect((await ctx.call('a', setData(`${r}/child`, 'v1', 0))).err).toBe(0);
      await ctx.call('a', setData(`${r}/child`, 'v2', -1));
      expect((await ctx.call('a', remove(`${r}/child`, 1))).err).toBe(ErrorCode.BADVERSION);
      await ctx.call('a', getData(`${r}/child`));
      await ctx.call('a', create(`${r}/eph`, CreateMode.EPHEMERAL, 'e'));
      expect((await ctx.call('a', create(`${r}/eph/kid`))).err).toBe(ErrorCode.NOCHILDRENFOREPHEMERALS);
      await ctx.call('a', create(`${r}/eph/kid`, CreateMode.EPHEMERAL_SEQUENTIAL));
      await ctx.call('a', getData(`${r}/missing`));
      await ctx.call('a', setData(`${r}/missing`, 'x'));
      await ctx.call('a', remove(`${r}/missing`));
      await ctx.call('a', children(`${r}/missing`));
      await ctx.call('a', { type: OpCode.getACL, path: `${r}/missing` });
      await ctx.call('a', { type: OpCode.sync, path: `${r}/missing` });
      await ctx.call('a', remove(`${r}/child`, 2));
      await ctx.call('a', exists(`${r}/child`));
      await ctx.call('a', { type: OpCode.setACL, path: r, acl: [], version: -1 });
      await ctx.call('a', {
        type: OpCode.setACL,
        path: r,
        acl: [{ perms: 31, id: { scheme: 'nope', id: 'x' } }],
        version: -1,
      });
      await ctx.call('a', {
        type: OpCode.setACL,
        path: r,
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        version: 3,
      });
      await ctx.call('a', create(`${r}/badacl`, 0, '', [{ perms: 31, id: { scheme: 'auth', id: '' } }]));
      await ctx.call('a', create(`${r}/emptyacl`, 0, '', []));
      await ctx.call('a', create(`${r}/badmode`, 7));
      await ctx.call('a', create(`${r}/badmode`, -1));
      await ctx.call('a', create(`${r}/ttl-without-ttl-op`, CreateMode.PERSISTENT_WITH_TTL));
    },
  },
  {
    name: 'Stat bookkeeping across create, setData, children and setACL',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      const created = await ctx.call('a', create2(r, 0, 'hello'));
      const stat = (created.response as { stat: { ctime: number; mtime: number } }).stat;
      expect(stat.mtime).toBe(stat.ctime);
      await ctx.call('a', create2(`${r}/b`));
      await ctx.call('a', create2(`${r}/a`, 0, 'x'.repeat(300)));
      await ctx.call('a', setData(r, ''));
      await ctx.call('a', setData(r, 'again'));
      await ctx.call('a', remove(`${r}/b`));
      await ctx.call('a', children2(r));
      await ctx.call('a', {
        type: OpCode.setACL,
        path: `${r}/a`,
        acl: [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }],
        version: 0,
      });
      await ctx.call('a', { type: OpCode.getACL, path: `${r}/a` });
      await ctx.call('a', exists(r));
      await ctx.call('a', getData(`${r}/a`));
      await ctx.call('a', { type: OpCode.getAllChildrenNumber, path: r });
      await ctx.call('a', getData('/zookeeper/config'));
      await ctx.call('a', getData('/zookeeper/quota'));
    },
  },
  {
    name: 'sequential naming: 10-digit counter from the parent cversion, shared by all modes',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      await ctx.call('a', create(`${r}/plain`));
      const first = await ctx.call('a', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      expect(first.response).toMatchObject({ path: `${r}/s-0000000001` });
      await ctx.call('a', create(`${r}/e-`, CreateMode.EPHEMERAL_SEQUENTIAL));
      await ctx.call('a', remove(`${r}/plain`));
      await ctx.call('a', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('a', create(`${r}/`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('a', create(`${r}/s-0000000099`));
      await ctx.call('a', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      // A failed create does not advance the counter; a failed sequential one neither.
      await ctx.call('a', create(`${r}/nope/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('a', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      for (let i = 0; i < 10; i++)
        await ctx.call('a', create(`${r}/many-`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('a', children2(r));
    },
  },
  {
    name: 'multi: success results share one zxid; multiRead per-op results',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      const ok = await ctx.call(
        'a',
        multi(
          op.create(r, 0, 'm'),
          op.create(`${r}/x`),
          op.setData(r, 'n', 0),
          op.check(`${r}/x`, 0),
          op.create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL),
        ),
      );
      expect(ok.err).toBe(0);
      await ctx.call('a', {
        type: OpCode.multiRead,
        ops: [op.getData(r), op.getChildren(r), op.getData(`${r}/missing`), op.getChildren(`${r}/missing`)],
      });
      await ctx.call('a', { type: OpCode.multiRead, ops: [] });
      await ctx.call('a', children2(r));
    },
  },
  {
    name: 'multi: result types on 3.8.0 (create2 gets CreateResult, a container create gets Create2Result)',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', multi(op.create(r), op.create2(`${r}/x`, 0, 'd')));
      await ctx.call('a', multi(op.create(`${r}/box`, CreateMode.CONTAINER), op.create(`${r}/p`)));
    },
  },
  {
    name: 'multi: a read op inside a write multi is MARSHALLINGERROR without results',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      await ctx.call('a', multi(op.create(`${r}/y`), op.getData(r)));
      await ctx.call('a', exists(`${r}/y`));
    },
  },
  {
    name: 'multi: a failed multi answers err 0 with OK / error / RUNTIMEINCONSISTENCY results',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', multi(op.create(r, 0, 'm'), op.create(`${r}/x`)));
      const failed = await ctx.call('a', multi(op.setData(r, 'o'), op.create(`${r}/x`), op.delete(`${r}/x`)));
      // ZooKeeper answers a failed multi with err 0 in the header; the failure is in the results.
      expect(failed.err).toBe(0);
      expect(failed.response).toMatchObject({
        results: [
          { type: OpCode.error, err: 0 },
          { type: OpCode.error, err: ErrorCode.NODEEXISTS },
          { type: OpCode.error, err: ErrorCode.RUNTIMEINCONSISTENCY },
        ],
      });
      await ctx.call('a', getData(r));
      await ctx.call('a', multi(op.check(`${r}/x`, 7)));
      await ctx.call('a', multi(op.check(`${r}/missing`, 0)));
      await ctx.call('a', multi(op.delete(r)));
      await ctx.call('a', multi(op.delete(`${r}/x`), op.delete(`${r}/x`)));
      await ctx.call('a', multi(op.create('bad')));
      await ctx.call('a', multi(op.create(`${r}/e`, CreateMode.EPHEMERAL), op.create(`${r}/e/k`)));
      await ctx.call('a', multi());
      await ctx.call('a', getData(r));
      await ctx.call('a', multi(op.check(`${r}/x`, 7)));
      await ctx.call('a', multi(op.check(`${r}/missing`, 0)));
      await ctx.call('a', multi(op.delete(r)));
      await ctx.call('a', multi(op.delete(`${r}/x`), op.delete(`${r}/x`)));
      await ctx.call('a', multi(op.create('bad')));
      await ctx.call('a', multi(op.create(`${r}/e`, CreateMode.EPHEMERAL), op.create(`${r}/e/k`)));
      await ctx.session('stranger');
      await ctx.call(
        'a',
        create(`${r}/ro`, 0, 'r', [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }]),
      );
      await ctx.call('stranger', multi(op.setData(`${r}/ro`, 'x')));
    },
  },
  {
    name: 'whoAmI lists the ip and digest identities, digest by user name',
    async run(ctx) {
      await ctx.session('a');
      await ctx.call('a', { type: OpCode.whoAmI });
      await ctx.call('a', { type: OpCode.auth, authType: 0, scheme: 'digest', auth: bytes('alice:secret') });
      await ctx.call('a', { type: OpCode.whoAmI });
      await ctx.call('a', { type: OpCode.auth, authType: 0, scheme: 'digest', auth: bytes('alice:other') });
      await ctx.call('a', { type: OpCode.auth, authType: 0, scheme: 'digest', auth: bytes('bob:x') });
      await ctx.call('a', { type: OpCode.whoAmI });
    },
  },
  {
    name: 'the empty path reads as the root node; other invalid read paths are NONODE',
    async run(ctx) {
      // Only the error codes are recorded: the root's Stat and children depend on what the
      // other scenarios on this server created.
      await ctx.session('a', { record: false });
      const requests = [getData(''), exists(''), children(''), create(''), setData('', 'x'), remove('')];
      for (const request of requests) {
        const reply = await ctx.call('a', request);
        ctx.note(`type ${request.type}`, errorName(reply.err));
      }
    },
  },
  {
    name: 'getChildren and getEphemerals order matches ZooKeeper (HashSet iteration order)',
    keepChildOrder: true,
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      for (const name of ['b', 'a', 'zz', 'c-1', 'lock-', 'x', 'member', 'q'])
        await ctx.call('a', create(`${r}/${name}`));
      for (let i = 0; i < 5; i++) await ctx.call('a', create(`${r}/seq-`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('a', children(r));
      for (const name of ['e-', 'e', 'lock-'])
        await ctx.call('a', create(`${r}/${name}`, CreateMode.EPHEMERAL_SEQUENTIAL));
      await ctx.call('a', create(`${r}/eph`, CreateMode.EPHEMERAL));
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: r });
    },
  },
  {
    name: 'TTL and container create errors and modes that answer no Stat',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      await ctx.call('a', createTTL(`${r}/ttl-zero`, CreateMode.PERSISTENT_WITH_TTL, 0));
      await ctx.call('a', createTTL(`${r}/ttl-neg`, CreateMode.PERSISTENT_WITH_TTL, -5));
      await ctx.call('a', createTTL(`${r}/ttl-huge`, CreateMode.PERSISTENT_WITH_TTL, 2 ** 40));
      await ctx.call('a', createTTL(`${r}/ttl-plain-mode`, CreateMode.PERSISTENT, 1000));
      await ctx.call('a', createTTL(`${r}/ttl-eph-mode`, CreateMode.EPHEMERAL, 1000));
      await ctx.call('a', createTTL(`${r}/missing/ttl`, CreateMode.PERSISTENT_WITH_TTL, 1000));
      await ctx.call('a', create(`${r}/container-via-create`, CreateMode.CONTAINER));
      await ctx.call('a', create(`${r}/ttl-via-create`, CreateMode.PERSISTENT_WITH_TTL));
      await ctx.call('a', {
        type: OpCode.createContainer,
        path: `${r}/box-wrong-flags`,
        data: bytes('c'),
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        flags: CreateMode.PERSISTENT,
      });
      await ctx.call('a', children(r));
    },
  },
  {
    name: 'TTL and container creates, extended types enabled',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      const ttl = await ctx.call('a', createTTL(`${r}/ttl`, CreateMode.PERSISTENT_WITH_TTL, 60_000, 't'));
      expect(ttl.err).toBe(0);
      await ctx.call('a', createTTL(`${r}/ttl-s-`, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 60_000));
      await ctx.call('a', createTTL(`${r}/ttl-zero`, CreateMode.PERSISTENT_WITH_TTL, 0));
      await ctx.call('a', createTTL(`${r}/ttl-neg`, CreateMode.PERSISTENT_WITH_TTL, -5));
      await ctx.call('a', createTTL(`${r}/ttl-huge`, CreateMode.PERSISTENT_WITH_TTL, 2 ** 40));
      await ctx.call('a', createTTL(`${r}/ttl-plain-mode`, CreateMode.PERSISTENT, 1000));
      await ctx.call('a', createTTL(`${r}/ttl-eph-mode`, CreateMode.EPHEMERAL, 1000));
      await ctx.call('a', {
        type: OpCode.createContainer,
        path: `${r}/box`,
        data: bytes('c'),
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        flags: CreateMode.CONTAINER,
      });
      await ctx.call('a', {
        type: OpCode.createContainer,
        path: `${r}/box-wrong-flags`,
        data: bytes('c'),
        acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
        flags: CreateMode.PERSISTENT,
      });
      await ctx.call('a', create(`${r}/container-via-create`, CreateMode.CONTAINER));
      await ctx.call('a', exists(`${r}/ttl`));
      await ctx.call('a', exists(`${r}/box`));
      await ctx.call('a', children2(r));
    },
  },
  {
    name: 'ACLs: digest auth, NoAuth, getACL masking, auth failure',
    async run(ctx) {
      await ctx.session('owner');
      await ctx.session('stranger');
      const r = ctx.root;
      await ctx.call('owner', {
        type: OpCode.auth,
        authType: 0,
        scheme: 'digest',
        auth: bytes('alice:secret'),
      });
      await ctx.call('owner', create(r));
      await ctx.call(
        'owner',
        create(`${r}/private`, 0, 'p', [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }]),
      );
      await ctx.call(
        'owner',
        create(`${r}/ro`, 0, 'r', [
          { perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } },
          { perms: Perms.ALL, id: { scheme: 'digest', id: digestId('alice', 'secret') } },
        ]),
      );
      await ctx.call('owner', { type: OpCode.getACL, path: `${r}/private` });
      await ctx.call('stranger', { type: OpCode.getACL, path: `${r}/private` });
      expect((await ctx.call('stranger', getData(`${r}/private`))).err).toBe(ErrorCode.NOAUTH);
      await ctx.call('stranger', setData(`${r}/private`, 'x'));
      await ctx.call('stranger', create(`${r}/private/kid`));
      await ctx.call('stranger', remove(`${r}/private`));
      await ctx.call('stranger', exists(`${r}/private`));
      await ctx.call('stranger', children(`${r}/private`));
      await ctx.call('stranger', getData(`${r}/ro`));
      await ctx.call('stranger', setData(`${r}/ro`, 'x'));
      await ctx.call('stranger', { type: OpCode.setACL, path: `${r}/ro`, acl: [], version: -1 });
      await ctx.call('stranger', {
        type: OpCode.auth,
        authType: 0,
        scheme: 'digest',
        auth: bytes('alice:wrong'),
      });
      await ctx.call('stranger', getData(`${r}/private`));
      await ctx.call('stranger', {
        type: OpCode.auth,
        authType: 0,
        scheme: 'digest',
        auth: bytes('alice:secret'),
      });
      await ctx.call('stranger', getData(`${r}/private`));
      await ctx.call('owner', remove(`${r}/private`));
      await ctx.session('bad-scheme');
      await ctx.call('bad-scheme', {
        type: OpCode.auth,
        authType: 0,
        scheme: 'nosuchscheme',
        auth: bytes('x'),
      });
      await ctx.client('bad-scheme').closed;
    },
  },
  {
    name: 'getEphemerals by prefix and ephemerals vanishing on close',
    async run(ctx) {
      await ctx.session('a');
      await ctx.session('b');
      const r = ctx.root;
      await ctx.call('a', create(r));
      await ctx.call('a', create(`${r}/e1`, CreateMode.EPHEMERAL));
      await ctx.call('a', create(`${r}/e2-`, CreateMode.EPHEMERAL_SEQUENTIAL));
      await ctx.call('a', create(`${r}/p`));
      await ctx.call('b', create(`${r}/b1`, CreateMode.EPHEMERAL));
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: r });
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: '/' });
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: `${r}/e` });
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: `${r}/zz` });
      await ctx.call('b', { type: OpCode.getEphemerals, prefixPath: r });
      await ctx.call('b', exists(`${r}/e1`));
      await ctx.client('a').close();
      await ctx.call('b', children(r));
      await ctx.call('b', exists(`${r}/e1`));
    },
  },
  {
    name: 'values near jute.maxbuffer',
    async run(ctx) {
      // Lengths only: the values themselves would swamp the recording.
      await ctx.session('a', { record: false });
      const r = ctx.root;
      await ctx.call('a', create(r));
      for (const size of [
        0,
        1,
        1_000_000,
        1_048_000,
        1_048_575 - 200,
        1_048_575 - 80,
        1_048_575 - 40,
        1_048_575,
      ]) {
        const reply = await ctx
          .call('a', { type: OpCode.setData, path: r, data: new Uint8Array(size).fill(0x7a), version: -1 })
          .then(
            (answer) => errorName(answer.err),
            () => 'connection closed',
          );
        ctx.note(`setData ${size} bytes`, reply);
        if (reply === 'connection closed') break;
        // A reply over 0xfffff bytes is more than this client (like the real ones) accepts.
        const read = await ctx.call('a', getData(r)).then(
          (answer) => ({
            err: errorName(answer.err),
            length: (answer.response as { data?: Uint8Array } | undefined)?.data?.length,
          }),
          () => 'connection closed (reply over the client limit)',
        );
        ctx.note(`getData after ${size}`, read);
        if (typeof read === 'string') break;
      }
    },
  },
  {
    name: 'multi edge cases: same node twice, delete then re-create, versions within one multi',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r, 0, 'x'));
      await ctx.call('a', multi(op.setData(r, 'a', 0), op.setData(r, 'b', 1), op.check(r, 2)));
      await ctx.call('a', multi(op.create(`${r}/n`), op.delete(`${r}/n`), op.create(`${r}/n`, 0, 'again')));
      await ctx.call('a', getData(`${r}/n`));
      await ctx.call('a', multi(op.delete(`${r}/n`, 0), op.create(`${r}/n`, CreateMode.EPHEMERAL)));
      await ctx.call('a', exists(`${r}/n`));
      await ctx.call('a', multi(op.create(`${r}/p`), op.create(`${r}/p/c`), op.delete(`${r}/p`)));
      await ctx.call(
        'a',
        multi(
          op.create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL),
          op.create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL),
        ),
      );
      await ctx.call('a', children2(r));
    },
  },
  {
    name: 'ip and world ACLs, super-digest-less digest ids, setACL aversion',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', create(r));
      await ctx.call(
        'a',
        create(`${r}/ip`, 0, 'i', [{ perms: Perms.ALL, id: { scheme: 'ip', id: '127.0.0.1' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/ip-net`, 0, 'i', [{ perms: Perms.READ, id: { scheme: 'ip', id: '127.0.0.0/8' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/ip-other`, 0, 'i', [{ perms: Perms.ALL, id: { scheme: 'ip', id: '10.1.2.3' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/ip-bad`, 0, 'i', [{ perms: Perms.ALL, id: { scheme: 'ip', id: 'not-an-ip' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/digest-bad`, 0, 'i', [{ perms: Perms.ALL, id: { scheme: 'digest', id: 'no-colon' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/world-bad`, 0, 'i', [{ perms: Perms.ALL, id: { scheme: 'world', id: 'someone' } }]),
      );
      await ctx.call(
        'a',
        create(`${r}/perms-zero`, 0, 'i', [{ perms: 0, id: { scheme: 'world', id: 'anyone' } }]),
      );
      await ctx.call('a', getData(`${r}/ip`));
      await ctx.call('a', getData(`${r}/ip-net`));
      await ctx.call('a', setData(`${r}/ip-net`, 'x'));
      await ctx.call('a', getData(`${r}/ip-other`));
      await ctx.call('a', getData(`${r}/perms-zero`));
      await ctx.call('a', { type: OpCode.getACL, path: `${r}/perms-zero` });
      await ctx.call('a', {
        type: OpCode.setACL,
        path: `${r}/ip`,
        acl: [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }],
        version: 0,
      });
      await ctx.call('a', {
        type: OpCode.setACL,
        path: `${r}/ip`,
        acl: [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }],
        version: 0,
      });
      await ctx.call('a', { type: OpCode.getACL, path: `${r}/ip` });
      await ctx.call('a', { type: OpCode.auth, authType: 0, scheme: 'ip', auth: bytes('10.1.2.3') });
      await ctx.call('a', getData(`${r}/ip-other`));
    },
  },
  {
    name: 'introspection reads on missing and invalid paths',
    async run(ctx) {
      await ctx.session('a');
      const r = ctx.root;
      await ctx.call('a', { type: OpCode.getAllChildrenNumber, path: `${r}/missing` });
      await ctx.call('a', { type: OpCode.getAllChildrenNumber, path: 'bad' });
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: 'bad' });
      await ctx.call('a', { type: OpCode.getEphemerals, prefixPath: `${r}/` });
      await ctx.call('a', { type: OpCode.getACL, path: 'bad' });
      await ctx.call('a', { type: OpCode.sync, path: 'bad' });
      await ctx.call('a', { type: OpCode.checkWatches, path: `${r}/missing`, watcherType: 2 });
      await ctx.call('a', { type: OpCode.setACL, path: 'bad', acl: OPEN, version: -1 });
      await ctx.call('a', children2(`${r}/missing`));
    },
  },
];
