/**
 * Scenarios over watches: one-shot data/exist/child watches, persistent and recursive ones,
 * removeWatches/checkWatches, setWatches re-arming, and the order of events and replies.
 */
import { AddWatchMode, CreateMode, ErrorCode, EventType, OpCode, WatcherType } from '@zkts/core';
import { expect } from 'vitest';
import type { Scenario } from './harness';
import { children, children2, create, exists, getData, multi, op, remove, setData } from './scenario-helpers';

export const watchScenarios: Scenario[] = [
  {
    name: 'one-shot exist, data and child watches fire once, before the writer sees its reply',
    async run(ctx) {
      await ctx.session('w');
      await ctx.session('x');
      const r = ctx.root;
      await ctx.call('w', exists(r, true));
      await ctx.call('x', create(r, 0, 'a'));
      await ctx.flush('w');
      await ctx.call('w', getData(r, true));
      await ctx.call('w', exists(r, true));
      await ctx.call('w', children(r, true));
      await ctx.call('w', children2(r, true));
      // The writer's own watch: its event arrives before its setData reply.
      await ctx.call('x', getData(r, true));
      await ctx.call('x', setData(r, 'b'));
      await ctx.call('x', setData(r, 'c'));
      await ctx.flush('w');
      await ctx.call('x', create(`${r}/k`));
      await ctx.call('x', create(`${r}/k2`));
      await ctx.flush('w');
      await ctx.call('w', getData(`${r}/k`, true));
      await ctx.call('w', children(`${r}/k`, true));
      await ctx.call('w', children(r, true));
      await ctx.call('x', remove(`${r}/k`));
      await ctx.flush('w');
      const events = ctx.client('w').takeEvents();
      expect(events.map((event) => event.type)).toEqual([
        EventType.NodeCreated,
        EventType.NodeDataChanged,
        EventType.NodeChildrenChanged,
        EventType.NodeDeleted,
        EventType.NodeChildrenChanged,
      ]);
      await ctx.call('w', exists(`${r}/never`, true));
      await ctx.call(
        'x',
        multi(op.create(`${r}/never`), op.setData(`${r}/never`, 'z'), op.delete(`${r}/never`)),
      );
      await ctx.flush('w');
    },
  },
  {
    name: 'persistent and persistent-recursive watches, removal and NOWATCHER',
    async run(ctx) {
      await ctx.session('w');
      await ctx.session('x');
      const r = ctx.root;
      await ctx.call('x', create(r));
      await ctx.call('w', { type: OpCode.addWatch, path: r, mode: AddWatchMode.PERSISTENT });
      await ctx.call('w', {
        type: OpCode.addWatch,
        path: `${r}/tree`,
        mode: AddWatchMode.PERSISTENT_RECURSIVE,
      });
      await ctx.call('x', setData(r, '1'));
      await ctx.call('x', setData(r, '2'));
      await ctx.call('x', create(`${r}/tree`));
      await ctx.call('x', create(`${r}/tree/a`));
      await ctx.call('x', create(`${r}/tree/a/b`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('x', setData(`${r}/tree/a`, 'v'));
      await ctx.call('x', remove(`${r}/tree/a/b0000000000`));
      await ctx.flush('w');
      await ctx.call('w', { type: OpCode.checkWatches, path: r, watcherType: WatcherType.Data });
      await ctx.call('w', { type: OpCode.checkWatches, path: r, watcherType: WatcherType.Any });
      await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Children });
      await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Persistent });
      await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Any });
      await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Any });
      await ctx.call('w', {
        type: OpCode.removeWatches,
        path: `${r}/tree`,
        watcherType: WatcherType.PersistentRecursive,
      });
      await ctx.call('w', { type: OpCode.removeWatches, path: `${r}/tree`, watcherType: WatcherType.Any });
      await ctx.call('w', { type: OpCode.removeWatches, path: `${r}/none`, watcherType: WatcherType.Data });
      await ctx.call('w', { type: OpCode.removeWatches, path: `${r}/none`, watcherType: 99 });
      await ctx.call('x', setData(r, '3'));
      await ctx.call('x', create(`${r}/tree/c`));
      await ctx.flush('w');
      await ctx.call('w', getData(r, true));
      await ctx.call('w', children(r, true));
      const removed = await ctx.call('w', {
        type: OpCode.removeWatches,
        path: r,
        watcherType: WatcherType.Data,
      });
      expect(removed.err).toBe(0);
      await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Data });
      expect(
        (await ctx.call('w', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Data })).err,
      ).toBe(ErrorCode.NOWATCHER);
      await ctx.call('w', { type: OpCode.addWatch, path: `${r}/missing`, mode: AddWatchMode.PERSISTENT });
      await ctx.call('w', { type: OpCode.addWatch, path: 'bad', mode: AddWatchMode.PERSISTENT });
      await ctx.call('w', { type: OpCode.addWatch, path: r, mode: 7 });
      await ctx.call('x', create(`${r}/missing`));
      await ctx.call('x', remove(`${r}/missing`));
      await ctx.flush('w');
    },
  },
  {
    name: 'setWatches re-arms or fires by relative zxid on a new session',
    async run(ctx) {
      await ctx.session('x');
      const r = ctx.root;
      await ctx.call('x', create(r, 0, 'a'));
      await ctx.call('x', create(`${r}/stay`));
      await ctx.call('x', create(`${r}/gone`));
      const before = ctx.client('x').lastZxid;
      await ctx.call('x', setData(`${r}/stay`, 'changed'));
      await ctx.call('x', remove(`${r}/gone`));
      await ctx.session('w');
      await ctx.call('w', {
        type: OpCode.setWatches,
        relativeZxid: before,
        dataWatches: [`${r}/stay`, `${r}/gone`, r],
        existWatches: [`${r}/gone`, `${r}/stay`, `${r}/later`],
        childWatches: [r, `${r}/gone`],
        persistentWatches: [],
        persistentRecursiveWatches: [],
      });
      await ctx.flush('w');
      await ctx.call('x', create(`${r}/later`));
      await ctx.call('x', setData(r, 'b'));
      await ctx.flush('w');
      await ctx.call('w', {
        type: OpCode.setWatches2,
        relativeZxid: ctx.client('w').lastZxid,
        dataWatches: [],
        existWatches: [],
        childWatches: [],
        persistentWatches: [`${r}/stay`],
        persistentRecursiveWatches: [r],
      });
      await ctx.call('x', setData(`${r}/stay`, 'again'));
      await ctx.flush('w');
    },
  },
  {
    name: 'persistent recursive watch on a subtree sees every create, change and delete, never children events',
    async run(ctx) {
      await ctx.session('w');
      await ctx.session('x');
      const r = ctx.root;
      await ctx.call('x', create(r));
      await ctx.call('w', { type: OpCode.addWatch, path: r, mode: AddWatchMode.PERSISTENT_RECURSIVE });
      await ctx.call('w', { type: OpCode.addWatch, path: r, mode: AddWatchMode.PERSISTENT });
      await ctx.call('w', getData(r, true));
      await ctx.call('x', create(`${r}/a`));
      await ctx.call('x', create(`${r}/a/b`, CreateMode.EPHEMERAL));
      await ctx.call('x', multi(op.setData(`${r}/a`, '1'), op.setData(`${r}/a/b`, '2'), op.setData(r, '3')));
      await ctx.call('x', remove(`${r}/a/b`));
      await ctx.call('x', remove(`${r}/a`));
      await ctx.flush('w');
      await ctx.call('x', create(`${r}/e`, CreateMode.EPHEMERAL));
      await ctx.client('x').close();
      await ctx.flush('w');
    },
  },
  {
    name: "checkWatches answers OK when another session watches the path (3.8.0's containsWatcher)",
    async run(ctx) {
      await ctx.session('w');
      await ctx.session('x');
      const r = ctx.root;
      await ctx.call('x', create(r));
      await ctx.call('w', { type: OpCode.addWatch, path: r, mode: AddWatchMode.PERSISTENT });
      await ctx.call('w', getData(`${r}/d`, true));
      for (const watcherType of [
        WatcherType.Children,
        WatcherType.Data,
        WatcherType.Any,
        WatcherType.Persistent,
      ]) {
        await ctx.call('x', { type: OpCode.checkWatches, path: r, watcherType });
        await ctx.call('x', { type: OpCode.checkWatches, path: `${r}/d`, watcherType });
      }
      await ctx.call('x', { type: OpCode.removeWatches, path: r, watcherType: WatcherType.Any });
    },
  },
];
