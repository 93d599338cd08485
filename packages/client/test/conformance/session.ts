import { describe, expect } from 'vitest';
import { ClientClosedError, type ConnectionState, SessionExpiredError } from '../../src/index';
import { gatedTransport } from './gated-transport';
import type { ConformanceContext } from './target';

export function defineSessionTests(ctx: ConformanceContext): void {
  describe('session and state', () => {
    ctx.it('status() yields the current state, each change, and ends after closed', async () => {
      const zk = await ctx.client();
      const seen: ConnectionState['type'][] = [];
      const done = (async () => {
        for await (const state of zk.status()) seen.push(state.type);
      })();
      await zk.close();
      await done;
      expect(seen).toEqual(['connected', 'closed']);
    });

    ctx.it(
      'close() ends watch streams quietly and resolves pending one-shot watches with a closed event',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const stream = zk.watch(base, { recursive: true });
        await stream.ready;
        const { watch } = await zk.getData(base, { watch: true });
        const loop = (async () => {
          for await (const _ of stream) {
          }
          return 'ended';
        })();
        // A program that chains on the watch without a catch must not crash when it closes.
        const chained = watch.then((event) => event.type);
        await zk.close();
        expect(await loop).toBe('ended');
        expect(await watch).toEqual({ type: 'closed', path: base });
        expect(await chained).toBe('closed');
      },
    );

    ctx.it('exposes the session id, password and negotiated timeout', async () => {
      const zk = await ctx.client({ sessionTimeout: 10_000 });
      expect(zk.sessionId).not.toBe(0n);
      expect(zk.sessionPassword).toHaveLength(16);
      expect(zk.sessionTimeout).toBeGreaterThan(0);
      expect(zk.state).toMatchObject({
        type: 'connected',
        sessionId: zk.sessionId,
        timeout: zk.sessionTimeout,
      });
    });

    ctx.it('a second client can resume the session with its id and password', async () => {
      // The first client loses its network, so it cannot take the session back.
      const transport = gatedTransport(ctx.target().clientOptions?.transport);
      const zk = await ctx.client({ transport });
      const base = await ctx.scratch();
      await zk.create(`${base}/mine`, '', { mode: 'ephemeral' });
      transport.cut();
      const resumed = await ctx.client({ session: { id: zk.sessionId, password: zk.sessionPassword } });
      expect(resumed.sessionId).toBe(zk.sessionId);
      expect(await resumed.getEphemerals(base)).toEqual([`${base}/mine`]);
    });

    ctx.it('after close, calls fail with ClientClosedError and the ephemerals are gone', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/e`, '', { mode: 'ephemeral' });
      await zk.close();
      expect(zk.state.type).toBe('closed');
      const error = await zk.exists('/').catch((e: unknown) => e);
      expect(ClientClosedError.isInstance(error)).toBe(true);
      expect(SessionExpiredError.isInstance(error)).toBe(false);
      await expect(zk.connected()).rejects.toSatisfy(ClientClosedError.isInstance);
      expect((await other.exists(`${base}/e`)).stat).toBeNull();
    });

    ctx.it('requests issued before the session is up wait for it', async () => {
      const { connectString, clientOptions } = ctx.target();
      const { createClient } = await import('../../src/index');
      const zk = createClient(connectString, { ...clientOptions });
      try {
        expect(zk.state.type).toBe('connecting');
        expect((await zk.exists('/')).stat).not.toBeNull();
      } finally {
        await zk.close();
      }
    });
  });
}
