import { describe, expect } from 'vitest';
import { NoNodeError, type WatchEvent } from '../../src/index';
import type { ConformanceContext } from './target';

export function defineChrootTests(ctx: ConformanceContext): void {
  describe('chroot', () => {
    ctx.it(
      'paths in requests, replies, events, multi results and ephemerals are relative to the chroot',
      async () => {
        const base = await ctx.scratch();
        const raw = await ctx.client();
        const zk = await ctx.client({ chroot: base });
        expect(zk.chrootPath).toBe(base);
        expect(await zk.create('/a', 'x')).toBe('/a');
        expect((await raw.exists(`${base}/a`)).stat).not.toBeNull();
        expect((await zk.getChildren('/')).children).toEqual(['a']);
        expect(await zk.create('/s-', '', { mode: 'ephemeral-sequential' })).toBe('/s-0000000001');
        expect(await zk.getEphemerals()).toEqual(['/s-0000000001']);

        const { watch } = await zk.getData('/a', { watch: true });
        const events: WatchEvent[] = [];
        const subscription = await zk.addWatch('/', (event) => events.push(event), { recursive: true });
        await raw.setData(`${base}/a`, 'y');
        expect(await watch).toEqual({ type: 'data-changed', path: '/a' });
        const [created] = await zk.transaction().create('/m').commit();
        expect(created.path).toBe('/m');
        await zk.sync('/');
        expect(events).toEqual([
          { type: 'data-changed', path: '/a' },
          { type: 'created', path: '/m' },
        ]);
        await subscription.remove();
        // getConfig ignores the chroot
        await expect(zk.getConfig()).resolves.toHaveProperty('stat');
      },
    );

    ctx.it('creating under a chroot that does not exist names the missing chroot', async () => {
      const base = await ctx.scratch();
      const zk = await ctx.client({ chroot: `${base}/app` });
      const error = await zk.create('/config', 'v1').catch((e: unknown) => e);
      expect(NoNodeError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ path: '/config' });
      expect(String(error)).toContain(`the chroot ${base}/app does not exist`);
      // once it exists, a missing parent deeper down is reported as usual
      const raw = await ctx.client();
      await raw.create(`${base}/app`);
      const deeper = await zk.create('/a/b').catch((e: unknown) => e);
      expect(NoNodeError.isInstance(deeper)).toBe(true);
      expect(String(deeper)).not.toContain('chroot');
      expect(await zk.create('/config', 'v1')).toBe('/config');
    });

    ctx.it('the chroot node itself is "/"', async () => {
      const base = await ctx.scratch();
      const zk = await ctx.client({ chroot: base });
      const { stat } = await zk.exists('/');
      expect(stat).not.toBeNull();
      const raw = await ctx.client();
      expect((await raw.exists(base)).stat).toEqual(stat);
    });
  });
}
