import { describe, expect } from 'vitest';
import { NodeExistsError, NoNodeError } from '../../src/index';
import type { ConformanceContext } from './target';

export function defineTreeOperationTests(ctx: ConformanceContext): void {
  describe('parents, ensurePath, deleteAll, put, strings', () => {
    ctx.it('create with parents makes the missing ancestors (empty, persistent), then the node', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      expect(await zk.create(`${base}/a/b/c`, 'x', { parents: true })).toBe(`${base}/a/b/c`);
      expect((await zk.getData(`${base}/a/b`)).data).toHaveLength(0);
      expect((await zk.exists(`${base}/a`)).stat?.ephemeralOwner).toBe(0n);
      expect((await zk.getData(`${base}/a/b/c`, { encoding: 'utf8' })).data).toBe('x');
      await expect(zk.create(`${base}/a/b/c`, 'y', { parents: true })).rejects.toSatisfy(
        NodeExistsError.isInstance,
      );
      await expect(zk.create(`${base}/q/r`, 'x')).rejects.toSatisfy(NoNodeError.isInstance);
    });

    ctx.it('ensurePath creates what is missing and leaves what exists alone', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/a`, 'keep');
      await zk.ensurePath(`${base}/a/b/c`);
      await zk.ensurePath(`${base}/a/b/c`);
      expect((await zk.getChildren(`${base}/a/b`)).children).toEqual(['c']);
      expect((await zk.getData(`${base}/a`, { encoding: 'utf8' })).data).toBe('keep');
    });

    ctx.it(
      'deleteAll and delete({ recursive }) remove a whole subtree; a missing one is NoNode',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        for (const path of ['a/x/1', 'a/x/2', 'a/y', 'a/z/deep/er']) {
          await zk.create(`${base}/${path}`, '', { parents: true });
        }
        await zk.create(`${base}/b/c`, '', { parents: true });
        await zk.deleteAll(`${base}/a`);
        expect((await zk.exists(`${base}/a`)).stat).toBeNull();
        await zk.delete(`${base}/b`, { recursive: true });
        expect((await zk.getChildren(base)).children).toEqual([]);
        await expect(zk.deleteAll(`${base}/a`)).rejects.toSatisfy(NoNodeError.isInstance);
      },
    );

    ctx.it('put creates the node, then sets it; with parents it makes the ancestors', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      expect((await zk.put(`${base}/k`, 'v1')).version).toBe(0);
      expect((await zk.put(`${base}/k`, 'v2')).version).toBe(1);
      expect((await zk.getData(`${base}/k`, { encoding: 'utf8' })).data).toBe('v2');
      await expect(zk.put(`${base}/p/q`, 'v')).rejects.toSatisfy(NoNodeError.isInstance);
      expect((await zk.put(`${base}/p/q`, 'v', { parents: true })).version).toBe(0);
    });

    ctx.it("strings in and out: string data is UTF-8, getData({ encoding: 'utf8' }) decodes it", async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/s`, 'héllo ✓');
      expect(Buffer.from((await zk.getData(`${base}/s`)).data).toString('utf8')).toBe('héllo ✓');
      const { data, watch } = await zk.getData(`${base}/s`, { encoding: 'utf8', watch: true });
      expect(data).toBe('héllo ✓');
      await zk.setData(`${base}/s`, 'x');
      expect(await watch).toEqual({ type: 'data-changed', path: `${base}/s` });
    });
  });
}
