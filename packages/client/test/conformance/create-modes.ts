import { describe, expect } from 'vitest';
import {
  BadArgumentsError,
  NoChildrenForEphemeralsError,
  NodeExistsError,
  NoNodeError,
} from '../../src/index';
import type { ConformanceContext } from './target';

export function defineCreateModeTests(ctx: ConformanceContext): void {
  describe('create modes', () => {
    ctx.it('persistent nodes outlive their session', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/p`, 'x', { mode: 'persistent' });
      await zk.close();
      expect((await other.exists(`${base}/p`)).stat).not.toBeNull();
    });

    ctx.it('ephemeral nodes belong to the session and go when it closes', async () => {
      const zk = await ctx.client();
      const other = await ctx.client();
      const base = await ctx.scratch();
      const { stat } = await zk.create(`${base}/e`, 'x', { mode: 'ephemeral', stat: true });
      expect(stat.ephemeralOwner).toBe(zk.sessionId);
      await zk.close();
      expect((await other.exists(`${base}/e`)).stat).toBeNull();
    });

    ctx.it('sequential modes append a 10-digit counter from the parent cversion', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const a = await zk.create(`${base}/q-`, '', { mode: 'persistent-sequential' });
      const b = await zk.create(`${base}/q-`, '', { mode: 'ephemeral-sequential' });
      expect(a).toBe(`${base}/q-0000000000`);
      expect(b).toBe(`${base}/q-0000000001`);
      expect((await zk.exists(b)).stat?.ephemeralOwner).toBe(zk.sessionId);
      // a trailing slash makes the counter the whole name
      expect(await zk.create(`${base}/`, '', { mode: 'persistent-sequential' })).toBe(`${base}/0000000002`);
    });

    ctx.it(
      'container nodes are created with createContainer and report no ephemeral owner to clients',
      async () => {
        const zk = await ctx.client();
        const base = await ctx.scratch();
        const { path, stat } = await zk.create(`${base}/c`, 'x', { mode: 'container', stat: true });
        expect(path).toBe(`${base}/c`);
        // ZooKeeper 3.8 hides the container marker owner (Long.MIN_VALUE) from clients.
        expect(stat.ephemeralOwner).toBe(0n);
        await zk.create(`${base}/c/child`);
        expect((await zk.getChildren(`${base}/c`)).children).toEqual(['child']);
      },
    );

    ctx.it('TTL nodes (persistent and sequential) are created with createTTL', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      const { stat } = await zk.create(`${base}/t`, 'x', {
        mode: 'persistent-with-ttl',
        ttl: 60_000,
        stat: true,
      });
      expect(stat.ephemeralOwner).toBe(0n);
      expect(
        await zk.create(`${base}/ts-`, 'x', { mode: 'persistent-sequential-with-ttl', ttl: 60_000 }),
      ).toMatch(/\/ts-\d{10}$/);
    });

    ctx.it('TTL options are checked before sending', async () => {
      const zk = await ctx.client();
      await expect(zk.create('/t', '', { mode: 'persistent-with-ttl' })).rejects.toBeInstanceOf(
        BadArgumentsError,
      );
      await expect(zk.create('/t', '', { mode: 'persistent', ttl: 10 })).rejects.toBeInstanceOf(
        BadArgumentsError,
      );
    });

    ctx.it('numeric CreateMode flags are accepted', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      expect(await zk.create(`${base}/n-`, '', { mode: 3 })).toBe(`${base}/n-0000000000`);
      expect((await zk.exists(`${base}/n-0000000000`)).stat?.ephemeralOwner).toBe(zk.sessionId);
    });

    ctx.it('create fails with NodeExists, NoNode (no parent) and NoChildrenForEphemerals', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await zk.create(`${base}/dup`);
      await expect(zk.create(`${base}/dup`)).rejects.toSatisfy(
        (e) => NodeExistsError.isInstance(e) && e.path === `${base}/dup`,
      );
      await expect(zk.create(`${base}/missing/child`)).rejects.toSatisfy(NoNodeError.isInstance);
      await zk.create(`${base}/eph`, '', { mode: 'ephemeral' });
      await expect(zk.create(`${base}/eph/child`)).rejects.toSatisfy(NoChildrenForEphemeralsError.isInstance);
    });
  });
}
