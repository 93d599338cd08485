import { describe, expect } from 'vitest';
import { BadVersionError, OPEN_ACL_UNSAFE } from '../../src/index';
import type { ConformanceContext } from './target';

/** A method as a JavaScript caller (no type checker) sees it: any arguments at all. */
function untyped(method: (...args: never[]) => unknown, self: object) {
  return (...args: unknown[]): Promise<unknown> => Reflect.apply(method, self, args);
}

export function defineArgumentTests(ctx: ConformanceContext): void {
  describe('arguments from JavaScript', () => {
    ctx.it('a version given as a number to setData / delete / setACL is honoured', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/v`, 'x');
      await expect(zk.setData(`${base}/v`, 'y', 5)).rejects.toSatisfy(BadVersionError.isInstance);
      expect((await zk.setData(`${base}/v`, 'y', 0)).version).toBe(1);
      await expect(zk.setACL(`${base}/v`, OPEN_ACL_UNSAFE, 7)).rejects.toSatisfy(BadVersionError.isInstance);
      expect((await zk.setACL(`${base}/v`, OPEN_ACL_UNSAFE, 0)).aversion).toBe(1);
      await expect(zk.delete(`${base}/v`, 7)).rejects.toSatisfy(BadVersionError.isInstance);
      expect((await zk.exists(`${base}/v`)).stat).not.toBeNull();
      await zk.delete(`${base}/v`, 1);
      expect((await zk.exists(`${base}/v`)).stat).toBeNull();
    });

    ctx.it(
      'misplaced or mistyped arguments throw a TypeError that says what was expected, and nothing is sent',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const create = untyped(zk.create, zk);
        const setData = untyped(zk.setData, zk);
        const del = untyped(zk.delete, zk);
        const getData = untyped(zk.getData, zk);
        await expect(create(`${base}/e`, 'x', 'ephemeral')).rejects.toThrow(
          /create: options must be an object like \{ mode: 'ephemeral' \}; got the string "ephemeral"/,
        );
        await expect(create(`${base}/o`, { a: 1 })).rejects.toThrow(
          /data must be a string .* got an object \(Object\)/,
        );
        await expect(create(`${base}/n`, 42)).rejects.toThrow(/data must be a string .* got the number 42/);
        await expect(setData(base, 'x', '3')).rejects.toThrow(/setData: options must be an object/);
        await expect(setData(base, 'x', { version: 1.5 })).rejects.toThrow(
          /setData: the version must be an integer/,
        );
        await expect(del(base, { version: 'x' })).rejects.toThrow(TypeError);
        await expect(getData(base, true)).rejects.toThrow(
          /getData: options must be an object like \{ watch: true \}/,
        );
        await expect(getData(base, { watch: 'yes' })).rejects.toThrow(/watch must be true or a callback/);
        await expect(getData(17)).rejects.toThrow(/the path must be a string; got the number 17/);
        expect((await zk.getChildren(base)).children).toEqual([]);
        expect((await zk.getData(base)).stat.version).toBe(0);
      },
    );

    ctx.it(
      'an option the operation does not take throws a TypeError naming it, and nothing is sent',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const create = untyped(zk.create, zk);
        const setData = untyped(zk.setData, zk);
        const del = untyped(zk.delete, zk);
        const getChildren = untyped(zk.getChildren, zk);
        const ensurePath = untyped(zk.ensurePath, zk);
        const whoAmI = untyped(zk.whoAmI, zk);
        // a guessed `{ ephemeral: true }` used to make a persistent node
        await expect(create(`${base}/e`, 'x', { ephemeral: true })).rejects.toThrow(
          /^create: unknown option "ephemeral" \(it takes mode, acl, ttl, stat, parents, signal\)$/,
        );
        await expect(getChildren(base, { wach: true })).rejects.toThrow(
          /^getChildren: unknown option "wach"/,
        );
        await expect(setData(base, 'x', { versoin: 3 })).rejects.toThrow(
          /^setData: unknown option "versoin"/,
        );
        await expect(del(base, { recursve: true })).rejects.toThrow(/^delete: unknown option "recursve"/);
        await expect(ensurePath(`${base}/a/b`, { parents: true })).rejects.toThrow(
          /^ensurePath: unknown option "parents" \(it takes acl, signal\)$/,
        );
        await expect(whoAmI({ timeout: 5 })).rejects.toThrow(/^whoAmI: unknown option "timeout"/);
        expect((await zk.getChildren(base)).children).toEqual([]);
        expect((await zk.getData(base)).stat.version).toBe(0);

        // every documented option is still taken
        const { signal } = new AbortController();
        const created = await zk.create(`${base}/p/e`, 'x', {
          mode: 'ephemeral',
          acl: OPEN_ACL_UNSAFE,
          stat: true,
          parents: true,
          signal,
        });
        expect(created.path).toBe(`${base}/p/e`);
        const read = await zk.getData(`${base}/p/e`, {
          watch: false,
          encoding: 'utf8',
          retry: { retries: 1 },
          signal,
        });
        expect(read.data).toBe('x');
        await zk.delete(`${base}/p`, { recursive: true, guaranteed: false, version: -1, signal });
        expect(
          (await zk.exists(`${base}/p`, { watch: false, signal, retry: { retries: 0 } })).stat,
        ).toBeNull();
      },
    );
  });
}
