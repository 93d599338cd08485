/**
 * Scenarios over sessions, run on targets started with tickTime 200 ms (so sessions may be as
 * short as 400 ms): timeout negotiation, resumption on a new connection, wrong passwords,
 * expiry deleting ephemerals and firing watches, and closeSession.
 */
import { CreateMode, EventType } from '@zkts/core';
import { expect } from 'vitest';
import type { Scenario } from './harness';
import { children, create, exists, getData } from './scenario-helpers';

export const sessionScenarios: Scenario[] = [
  {
    name: 'timeout negotiation clamps to 2x..20x tickTime',
    async run(ctx) {
      for (const requested of [1, 399, 400, 1000, 4000, 4001, 60_000, 0, -5]) {
        const client = await ctx.session(`t${requested}`, { timeOut: requested });
        ctx.note(`requested ${requested}`, client.timeOut);
      }
    },
  },
  {
    name: 'resume on a new connection keeps ephemerals and watches; wrong password is refused',
    async run(ctx) {
      const first = await ctx.session('a', { timeOut: 4000 });
      await ctx.session('x', { timeOut: 4000 });
      const r = ctx.root;
      await ctx.call('x', create(r));
      await ctx.call('a', create(`${r}/e`, CreateMode.EPHEMERAL));
      await ctx.call('a', getData(r, true));
      await first.destroy();
      const wrong = new Uint8Array(first.passwd);
      wrong[0] = (wrong[0] ?? 0) ^ 0xff;
      const refused = await ctx.session('wrong', {
        sessionId: first.sessionId,
        passwd: wrong,
        timeOut: 4000,
      });
      ctx.note('wrong password: timeOut', refused.timeOut);
      ctx.note('wrong password: sessionId', refused.sessionId);
      await refused.closed;
      const unknown = await ctx.session('unknown', {
        sessionId: 0x7fffn,
        passwd: first.passwd,
        timeOut: 4000,
      });
      ctx.note('unknown session: timeOut', unknown.timeOut);
      await unknown.closed;
      const resumed = await ctx.session('a', {
        sessionId: first.sessionId,
        passwd: first.passwd,
        timeOut: 4000,
        lastZxidSeen: first.lastZxid,
      });
      expect(resumed.sessionId).toBe(first.sessionId);
      ctx.note('resumed: same password', Buffer.from(resumed.passwd).equals(Buffer.from(first.passwd)));
      // Server-side watches belong to the session, not the connection.
      await ctx.call('x', children(r));
      await ctx.call('x', exists(`${r}/e`));
      await ctx.call('x', { type: 5, path: r, data: new Uint8Array([1]), version: -1 });
      await ctx.flush('a');
    },
  },
  {
    name: 'expiry deletes ephemerals and fires watches; the expired session is refused',
    async run(ctx) {
      const doomed = await ctx.session('doomed', { timeOut: 400 });
      // One watcher per watch: the two events' relative order follows ZooKeeper's unordered
      // deletion of a session's ephemerals, so it is not part of the recording.
      await ctx.session('w', { timeOut: 4000 });
      await ctx.session('w2', { timeOut: 4000 });
      const r = ctx.root;
      await ctx.call('w', create(r));
      await ctx.call('doomed', create(`${r}/e`, CreateMode.EPHEMERAL));
      await ctx.call('doomed', create(`${r}/s-`, CreateMode.EPHEMERAL_SEQUENTIAL));
      await ctx.call('w', exists(`${r}/e`, true));
      await ctx.call('w2', children(r, true));
      // Cut the TCP connection so no ping keeps the session alive; the server expires it.
      await doomed.destroy();
      expect((await ctx.client('w').nextEvent(5000)).type).toBe(EventType.NodeDeleted);
      expect((await ctx.client('w2').nextEvent(5000)).type).toBe(EventType.NodeChildrenChanged);
      await ctx.flush('w');
      await ctx.call('w', children(r));
      const late = await ctx.session('late', {
        sessionId: doomed.sessionId,
        passwd: doomed.passwd,
        timeOut: 400,
      });
      ctx.note('expired session resume: timeOut', late.timeOut);
      ctx.note('expired session resume: sessionId', late.sessionId);
      await late.closed;
    },
  },
  {
    name: 'closeSession deletes ephemerals at once and later requests see no session',
    async run(ctx) {
      await ctx.session('w', { timeOut: 4000 });
      const a = await ctx.session('a', { timeOut: 4000 });
      const r = ctx.root;
      await ctx.call('w', create(r));
      await ctx.call('a', create(`${r}/e`, CreateMode.EPHEMERAL));
      await ctx.call('w', exists(`${r}/e`, true));
      await a.close();
      await ctx.flush('w');
      const again = await ctx.session('again', { sessionId: a.sessionId, passwd: a.passwd, timeOut: 4000 });
      ctx.note('closed session resume: timeOut', again.timeOut);
      await again.closed;
    },
  },
  {
    name: 'resuming a session on a second connection closes the first one',
    async run(ctx) {
      const first = await ctx.session('first', { timeOut: 4000 });
      const r = ctx.root;
      await ctx.call('first', create(r));
      await ctx.call('first', create(`${r}/e`, CreateMode.EPHEMERAL));
      const second = await ctx.session('second', {
        sessionId: first.sessionId,
        passwd: first.passwd,
        timeOut: 4000,
        lastZxidSeen: first.lastZxid,
      });
      ctx.note('same session', second.sessionId === first.sessionId);
      await first.closed;
      ctx.note('first connection closed', true);
      await ctx.call('second', exists(`${r}/e`));
      await ctx.call('second', create(`${r}/e2`, CreateMode.EPHEMERAL));
    },
  },
  {
    name: 'lastZxidSeen ahead of the server is refused without a session',
    async run(ctx) {
      const answered = await ctx
        .session('ahead', { lastZxidSeen: 2 ** 40, timeOut: 4000, record: false })
        .then(
          (client) => `answered timeOut ${client.timeOut}`,
          () => 'closed without an answer',
        );
      ctx.note('handshake', answered);
    },
  },
  {
    name: 'pings keep a 1 s session alive; a silent one expires',
    async run(ctx) {
      // ctx.session pings every timeOut/3; 'silent' never sends anything after the handshake.
      await ctx.session('pinging', { timeOut: 1000 });
      const silent = await ctx.session('silent', { timeOut: 1000, record: false });
      silent.keepAlive(60_000);
      const r = ctx.root;
      await ctx.call('pinging', create(r));
      await silent.request(create(`${r}/silent`, CreateMode.EPHEMERAL));
      await ctx.call('pinging', exists(`${r}/silent`, true));
      expect((await ctx.client('pinging').nextEvent(5000)).type).toBe(EventType.NodeDeleted);
      await silent.closed;
      ctx.note('silent connection closed by the server', true);
      await ctx.call('pinging', children(r));
    },
  },
];
