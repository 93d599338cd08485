import { describe, expect } from 'vitest';
import { BadArgumentsError, BadVersionError, NodeExistsError, NoNodeError } from '../../src/index';
import type { ConformanceContext } from './target';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export function defineMultiTests(ctx: ConformanceContext): void {
  describe('multi (transaction) and multiRead', () => {
    ctx.it('a successful transaction answers one typed result per op', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/old`, 'o');
      const results = await zk
        .transaction()
        .check(base, 0)
        .create(`${base}/new`, 'n')
        .create(`${base}/seq-`, '', { mode: 'persistent-sequential' })
        .setData(`${base}/old`, 'changed', 0)
        .delete(`${base}/old`, 1)
        .commit();
      const [check, created, sequential, set, deleted] = results;
      expect(check).toEqual({ type: 'check' });
      expect(created).toEqual({ type: 'create', path: `${base}/new` });
      expect(sequential.path).toBe(`${base}/seq-0000000002`);
      expect(set.type).toBe('setData');
      expect(set.stat.version).toBe(1);
      expect(deleted).toEqual({ type: 'delete' });
      expect((await zk.exists(`${base}/old`)).stat).toBeNull();
      // every op of one multi shares one zxid
      expect((await zk.exists(`${base}/new`)).stat?.czxid).toBe(set.stat.mzxid);
    });

    ctx.it(
      'a failed transaction applies nothing and rejects with the failing op error and per-op codes',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        await zk.create(`${base}/exists`);
        const error = await zk
          .transaction()
          .create(`${base}/first`)
          .create(`${base}/exists`)
          .setData(base, 'never')
          .commit()
          .catch((e: unknown) => e);
        expect(NodeExistsError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({
          path: `${base}/exists`,
          transaction: { index: 1, codes: [0, -110, -2] },
        });
        expect((await zk.exists(`${base}/first`)).stat).toBeNull();
        expect((await zk.exists(base)).stat?.version).toBe(0);
      },
    );

    ctx.it('a failed check rejects with BadVersionError', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await expect(zk.transaction().check(base, 5).delete(base).commit()).rejects.toSatisfy(
        (e) => BadVersionError.isInstance(e) && e.transaction?.index === 0,
      );
    });

    ctx.it('reads only: sent as multiRead, each read succeeding or failing on its own', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/a`, 'A');
      const [data, missing, children] = await zk
        .transaction()
        .getData(`${base}/a`)
        .getData(`${base}/missing`)
        .getChildren(base)
        .commit();
      if (data.type !== 'getData' || missing.type !== 'error' || children.type !== 'getChildren') {
        throw new Error(`unexpected results ${JSON.stringify([data.type, missing.type, children.type])}`);
      }
      expect(text(data.data)).toBe('A');
      expect(NoNodeError.isInstance(missing.error)).toBe(true);
      expect(children.children).toEqual(['a']);
    });

    ctx.it('reads and writes cannot be mixed; an empty transaction is a no-op', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await expect(zk.transaction().getData(base).setData(base, 'x').commit()).rejects.toSatisfy(
        BadArgumentsError.isInstance,
      );
      expect(await zk.transaction().commit()).toEqual([]);
    });
  });
}
