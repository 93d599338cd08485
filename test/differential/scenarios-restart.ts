/**
 * Scenarios across a server restart (same port and data directory), run with tickTime 200 ms:
 * committed data, sessions and their ephemerals survive; a session that does not come back
 * expires after the restart like any other.
 */
import { CreateMode, EventType } from '@zkts/core';
import { expect } from 'vitest';
import type { Scenario } from './harness';
import { children2, create, exists, getData, setData } from './scenario-helpers';

export const restartScenarios: Scenario[] = [
  {
    name: 'restart: data, sequence counters, sessions and ephemerals survive; an abandoned session expires',
    async run(ctx) {
      const keeper = await ctx.session('keeper', { timeOut: 4000 });
      // 3 s: long enough that the abandoned session cannot expire before the watch below is set.
      const abandoned = await ctx.session('abandoned', { timeOut: 3000 });
      const r = ctx.root;
      await ctx.call('keeper', create(r, 0, 'v0'));
      await ctx.call('keeper', setData(r, 'v1'));
      await ctx.call('keeper', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      await ctx.call('keeper', create(`${r}/mine`, CreateMode.EPHEMERAL));
      await ctx.call('abandoned', create(`${r}/theirs`, CreateMode.EPHEMERAL));
      await keeper.destroy();
      await abandoned.destroy();
      await ctx.target.restart();
      const back = await ctx.session('keeper', {
        sessionId: keeper.sessionId,
        passwd: keeper.passwd,
        timeOut: 4000,
        lastZxidSeen: keeper.lastZxid,
      });
      ctx.note('keeper resumed', back.sessionId === keeper.sessionId && back.timeOut > 0);
      await ctx.call('keeper', getData(r));
      await ctx.call('keeper', exists(`${r}/mine`));
      await ctx.call('keeper', exists(`${r}/theirs`, true));
      await ctx.call('keeper', create(`${r}/s-`, CreateMode.PERSISTENT_SEQUENTIAL));
      // The abandoned session is restored with its timeout and then expires.
      expect((await back.nextEvent(10_000)).type).toBe(EventType.NodeDeleted);
      await ctx.call('keeper', children2(r));
    },
  },
];
