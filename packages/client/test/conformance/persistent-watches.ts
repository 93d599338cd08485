import { describe, expect } from 'vitest';
import type { WatchEvent } from '../../src/index';
import type { ConformanceContext } from './target';

/** Takes the next `n` events of an iterator. */
async function take(iterator: AsyncIterator<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  while (events.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

export function definePersistentWatchTests(ctx: ConformanceContext): void {
  describe('persistent and recursive watches', () => {
    ctx.it('a persistent watch sees every event at its path and stays registered', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const stream = zk.watch(base);
      await stream.ready;
      await other.setData(base, '1');
      await other.setData(base, '2');
      await other.create(`${base}/child`);
      await other.create(`${base}/child/grandchild`); // not at the path: not seen
      await other.setData(base, '3');
      expect(await take(stream, 4)).toEqual([
        { type: 'data-changed', path: base },
        { type: 'data-changed', path: base },
        { type: 'children-changed', path: base },
        { type: 'data-changed', path: base },
      ]);
      await stream.close();
    });

    ctx.it(
      'a recursive watch sees created / data-changed / deleted in the subtree, never children-changed',
      async () => {
        const zk = await ctx.client();
        const other = await ctx.client();
        const base = await ctx.scratch();
        const events: WatchEvent[] = [];
        const done = (async () => {
          for await (const event of zk.watch(base, { recursive: true })) {
            events.push(event);
            if (events.length === 4) break;
          }
        })();
        await zk.sync(base); // the addWatch went out before this and is answered first
        await other.create(`${base}/a`);
        await other.create(`${base}/a/b`);
        await other.setData(`${base}/a/b`, 'x');
        await other.delete(`${base}/a/b`);
        await done;
        expect(events).toEqual([
          { type: 'created', path: `${base}/a` },
          { type: 'created', path: `${base}/a/b` },
          { type: 'data-changed', path: `${base}/a/b` },
          { type: 'deleted', path: `${base}/a/b` },
        ]);
      },
    );

    ctx.it('leaving the loop with break removes the server-side watch', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const watches = ctx.target().controls.serverWatchCount;
      const stream = zk.watch(base, { recursive: true });
      await stream.ready;
      if (watches) expect(await watches()).toBe(1);
      await other.create(`${base}/x`);
      for await (const event of stream) {
        expect(event).toEqual({ type: 'created', path: `${base}/x` });
        break;
      }
      await stream.close(); // resolves once the removal the break started is done
      if (watches) expect(await watches()).toBe(0);
    });

    ctx.it('an AbortSignal ends the iteration and removes the watch', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const controller = new AbortController();
      const stream = zk.watch(base, { signal: controller.signal });
      await stream.ready;
      const loop = (async () => {
        const seen: WatchEvent[] = [];
        for await (const event of stream) seen.push(event);
        return seen;
      })();
      controller.abort();
      expect(await loop).toEqual([]);
      await stream.close();
      const watches = ctx.target().controls.serverWatchCount;
      if (watches) expect(await watches()).toBe(0);
    });

    ctx.it('callback form: addWatch delivers events until remove()', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const seen: WatchEvent[] = [];
      const subscription = await zk.addWatch(base, (event) => seen.push(event));
      await zk.setData(base, 'a');
      await subscription.remove();
      await zk.setData(base, 'b');
      await zk.sync('/');
      expect(seen).toEqual([{ type: 'data-changed', path: base }]);
    });

    ctx.it('removing a persistent watch keeps a one-shot watch on the same path working', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const subscription = await zk.addWatch(base, () => {});
      const { watch } = await zk.getData(base, { watch: true });
      await subscription.remove();
      await other.setData(base, 'x');
      expect(await watch).toEqual({ type: 'data-changed', path: base });
    });

    ctx.it('removeAllWatches(path, "persistent-recursive") ends the streams there', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const stream = zk.watch(base, { recursive: true });
      await stream.ready;
      await zk.removeAllWatches(base, 'persistent-recursive');
      expect(await stream.next()).toEqual({ value: undefined, done: true });
    });
  });
}
