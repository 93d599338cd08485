import { describe, expect } from 'vitest';
import {
  BadArgumentsError,
  BadVersionError,
  ConnectionLossError,
  NoNodeError,
  NotEmptyError,
  ZooKeeperError,
} from '../../src/index';
import type { ConformanceContext } from './target';

export function defineErrorTests(ctx: ConformanceContext): void {
  describe('errors', () => {
    ctx.it('each server error code arrives as its own class with code and path', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const error = await zk.getData(`${base}/none`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoNodeError);
      expect(error).toBeInstanceOf(ZooKeeperError);
      expect(error).toMatchObject({ code: -101, path: `${base}/none`, name: 'NoNodeError' });
      expect(NoNodeError.isInstance(error)).toBe(true);
      expect(ZooKeeperError.isInstance(error)).toBe(true);
      expect(BadVersionError.isInstance(error)).toBe(false);
      expect(ConnectionLossError.isInstance(error)).toBe(false);
    });

    ctx.it(
      'a create under a missing parent names the parent and the way out; a bad mode lists the modes',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const error = await zk.create(`${base}/a/b`, 'x').catch((e: unknown) => e);
        expect(NoNodeError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ code: -101, path: `${base}/a/b` });
        expect(String(error)).toContain(`its parent ${base}/a does not exist`);
        expect(String(error)).toContain('{ parents: true }');
        expect(NoNodeError.isInstance((error as Error).cause)).toBe(true); // the server's own answer
        const mode = 'sequential' as unknown as 'persistent'; // as a JavaScript caller may guess it
        await expect(zk.create(`${base}/s-`, 'x', { mode })).rejects.toThrow(
          /unknown create mode "sequential" \(modes: persistent, ephemeral, persistent-sequential, ephemeral-sequential, container, persistent-with-ttl, persistent-sequential-with-ttl, or a CreateMode number\)/,
        );
      },
    );

    ctx.it('BadVersion on setData / delete with a stale version, NotEmpty on a parent', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/v`, 'x');
      await expect(zk.setData(`${base}/v`, 'y', { version: 7 })).rejects.toSatisfy(
        BadVersionError.isInstance,
      );
      await expect(zk.delete(`${base}/v`, { version: 3 })).rejects.toSatisfy(BadVersionError.isInstance);
      await zk.create(`${base}/v/c`);
      await expect(zk.delete(`${base}/v`)).rejects.toSatisfy(
        (e) => NotEmptyError.isInstance(e) && e.code === -111,
      );
      await expect(zk.delete(`${base}/gone`)).rejects.toSatisfy(NoNodeError.isInstance);
    });

    ctx.it('invalid paths are refused locally with BadArgumentsError', async () => {
      const zk = await ctx.client();
      for (const path of ['', 'relative', '/trailing/', '/a//b', '/a/./b', '/a/../b', '/nul\u0000']) {
        await expect(zk.getData(path), path).rejects.toSatisfy(BadArgumentsError.isInstance);
      }
    });
  });
}
