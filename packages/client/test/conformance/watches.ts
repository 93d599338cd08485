import { describe, expect } from 'vitest';
import { NoWatcherError, type WatchEvent } from '../../src/index';
import type { ConformanceContext } from './target';

export function defineWatchTests(ctx: ConformanceContext): void {
  describe('one-shot watches', () => {
    ctx.it('getData watch fires data-changed once, then deleted needs a new watch', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/w`, 'a');
      const { watch } = await zk.getData(`${base}/w`, { watch: true });
      await other.setData(`${base}/w`, 'b');
      expect(await watch).toEqual({ type: 'data-changed', path: `${base}/w` });
      const again = await zk.getData(`${base}/w`, { watch: true });
      await other.delete(`${base}/w`);
      expect(await again.watch).toEqual({ type: 'deleted', path: `${base}/w` });
    });

    ctx.it('exists watch on a missing node fires created', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const { stat, watch } = await zk.exists(`${base}/later`, { watch: true });
      expect(stat).toBeNull();
      await other.create(`${base}/later`);
      expect(await watch).toEqual({ type: 'created', path: `${base}/later` });
    });

    ctx.it('getChildren watch fires children-changed, and the callback form is called', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const seen: WatchEvent[] = [];
      const { watch } = await zk.getChildren(base, { watch: (event) => seen.push(event) });
      await other.create(`${base}/kid`);
      expect(await watch).toEqual({ type: 'children-changed', path: base });
      expect(seen).toEqual([{ type: 'children-changed', path: base }]);
    });

    ctx.it('a watch event is delivered before the reply of the write that caused it', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const order: string[] = [];
      const { watch } = await zk.getData(base, { watch: true });
      void watch.then(() => order.push('event'));
      await zk.setData(base, 'changed').then(() => order.push('reply'));
      expect(order).toEqual(['event', 'reply']);
    });

    ctx.it('several calls watching one node all see the single event', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const a = await zk.getData(base, { watch: true });
      const b = await zk.exists(base, { watch: true });
      await other.setData(base, 'x');
      expect(await a.watch).toEqual({ type: 'data-changed', path: base });
      expect(await b.watch).toEqual({ type: 'data-changed', path: base });
    });

    ctx.it(
      'removeWatches removes one callback watch; removeAllWatches the rest; the promises see *-removed',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const callback = () => {};
        const data = await zk.getData(base, { watch: callback });
        const children = await zk.getChildren(base, { watch: true });
        await zk.removeWatches(base, callback, 'data');
        expect(await data.watch).toEqual({ type: 'data-watch-removed', path: base });
        await expect(zk.removeWatches(base, callback, 'data')).rejects.toSatisfy(NoWatcherError.isInstance);
        await zk.removeAllWatches(base, 'children');
        expect(await children.watch).toEqual({ type: 'child-watch-removed', path: base });
        await expect(zk.removeAllWatches(base, 'any')).rejects.toSatisfy(NoWatcherError.isInstance);
        const watches = ctx.target().controls.serverWatchCount;
        if (watches) expect(await watches()).toBe(0);
      },
    );

    ctx.it('removeAllWatches with local: true only forgets the watch on this side', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const data = await zk.getData(base, { watch: true });
      await zk.removeAllWatches(base, 'data', { local: true });
      expect(await data.watch).toEqual({ type: 'data-watch-removed', path: base });
    });
  });
}
