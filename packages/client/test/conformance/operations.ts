import { describe, expect } from 'vitest';
import {
  BadArgumentsError,
  OPEN_ACL_UNSAFE,
  Perms,
  READ_ACL_UNSAFE,
  ReconfigDisabledError,
} from '../../src/index';
import type { ConformanceContext } from './target';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export function defineOperationTests(ctx: ConformanceContext): void {
  describe('operations', () => {
    ctx.it('create, getData, setData and delete round-trip data and versions', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      expect(await zk.create(`${base}/a`, 'hello')).toBe(`${base}/a`);
      const first = await zk.getData(`${base}/a`);
      expect(text(first.data)).toBe('hello');
      expect(first.stat.version).toBe(0);
      expect(first.stat.dataLength).toBe(5);
      const stat = await zk.setData(`${base}/a`, new Uint8Array([1, 2, 3]), { version: 0 });
      expect(stat.version).toBe(1);
      expect(stat.mzxid).toBeGreaterThan(first.stat.mzxid);
      expect([...(await zk.getData(`${base}/a`)).data]).toEqual([1, 2, 3]);
      await zk.delete(`${base}/a`, { version: 1 });
      expect((await zk.exists(`${base}/a`)).stat).toBeNull();
    });

    ctx.it('create with { stat: true } answers path and Stat (create2)', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const { path, stat } = await zk.create(`${base}/s`, 'xyz', { stat: true });
      expect(path).toBe(`${base}/s`);
      expect(stat).toMatchObject({ version: 0, dataLength: 3, numChildren: 0, ephemeralOwner: 0n });
      expect(stat.czxid).toBe(stat.mzxid);
      expect((await zk.exists(`${base}/s`)).stat).toEqual(stat);
    });

    ctx.it('null and missing data are stored as empty', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/empty`);
      await zk.create(`${base}/null`, null);
      expect((await zk.getData(`${base}/empty`)).data.length).toBe(0);
      expect((await zk.getData(`${base}/null`)).stat.dataLength).toBe(0);
    });

    ctx.it('exists answers a Stat or null', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      expect((await zk.exists(`${base}/none`)).stat).toBeNull();
      const { stat } = await zk.exists(base);
      expect(stat?.numChildren).toBe(0);
    });

    ctx.it('getChildren answers the names and the parent Stat', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      for (const name of ['x', 'y', 'z']) await zk.create(`${base}/${name}`);
      const { children, stat } = await zk.getChildren(base);
      expect([...children].sort()).toEqual(['x', 'y', 'z']);
      expect(stat.numChildren).toBe(3);
      expect(stat.cversion).toBe(3);
    });

    ctx.it('getACL and setACL round-trip, and setACL bumps aversion', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/acl`, 'x', { acl: OPEN_ACL_UNSAFE });
      const before = await zk.getACL(`${base}/acl`);
      expect(before.acl).toEqual([{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }]);
      const stat = await zk.setACL(`${base}/acl`, READ_ACL_UNSAFE, { version: 0 });
      expect(stat.aversion).toBe(1);
      expect((await zk.getACL(`${base}/acl`)).acl).toEqual([
        { perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } },
      ]);
    });

    ctx.it('sync resolves and a read after it sees earlier writes', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      await other.create(`${base}/synced`, 'v');
      await zk.sync(base);
      expect(text((await zk.getData(`${base}/synced`)).data)).toBe('v');
    });

    ctx.it("getEphemerals lists this session's ephemerals under a prefix, and no one else's", async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/e1`, '', { mode: 'ephemeral' });
      await zk.create(`${base}/e2`, '', { mode: 'ephemeral' });
      await other.create(`${base}/theirs`, '', { mode: 'ephemeral' });
      expect((await zk.getEphemerals(base)).sort()).toEqual([`${base}/e1`, `${base}/e2`]);
      expect(await zk.getEphemerals('/no-such-prefix')).toEqual([]);
    });

    ctx.it('getAllChildrenNumber counts every descendant', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/a`);
      await zk.create(`${base}/a/b`);
      await zk.create(`${base}/a/b/c`);
      await zk.create(`${base}/d`);
      expect(await zk.getAllChildrenNumber(base)).toBe(4);
      expect(await zk.getAllChildrenNumber(`${base}/d`)).toBe(0);
    });

    ctx.it('whoAmI names the ip identity, then the digest one after addAuthInfo', async () => {
      const zk = await ctx.client();
      expect(await zk.whoAmI()).toEqual([{ authScheme: 'ip', user: '127.0.0.1' }]);
      await zk.addAuthInfo('digest', 'alice:secret');
      expect(await zk.whoAmI()).toContainEqual({ authScheme: 'digest', user: 'alice' });
    });

    ctx.it('getConfig reads /zookeeper/config (empty on a standalone server)', async () => {
      const zk = await ctx.client();
      const { data, stat } = await zk.getConfig();
      expect(data).toBeInstanceOf(Uint8Array);
      expect(stat.dataLength).toBe(data.length);
    });

    ctx.it('reconfig is refused with ReconfigDisabledError when the server has it disabled', async () => {
      const zk = await ctx.client();
      await expect(zk.reconfig({ leaving: '2' })).rejects.toSatisfy(ReconfigDisabledError.isInstance);
    });

    ctx.it(
      'replies come back in request order (FIFO): 200 pipelined setData see versions 1..200',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const order: number[] = [];
        await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            zk.setData(base, String(i)).then((stat) => {
              order.push(stat.version);
            }),
          ),
        );
        expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      },
    );

    ctx.it('a request over the packet limit is refused locally and the connection stays up', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await expect(zk.create(`${base}/huge`, new Uint8Array(1024 * 1024 + 1))).rejects.toSatisfy(
        BadArgumentsError.isInstance,
      );
      expect(zk.state.type).toBe('connected');
      expect((await zk.exists(base)).stat).not.toBeNull();
    });

    ctx.it('large values up to the packet limit round-trip', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const big = new Uint8Array(1024 * 1000).map((_, i) => i % 251);
      await zk.create(`${base}/big`, big);
      const { data } = await zk.getData(`${base}/big`);
      expect(data.length).toBe(big.length);
      expect(data[777]).toBe(big[777]);
    });
  });
}
