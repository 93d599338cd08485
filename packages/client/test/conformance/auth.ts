import { describe, expect } from 'vitest';
import { AuthFailedError, CREATOR_ALL_ACL, InvalidACLError, NoAuthError, Perms } from '../../src/index';
import type { ConformanceContext } from './target';

export function defineAuthTests(ctx: ConformanceContext): void {
  describe('authentication and ACLs', () => {
    ctx.it(
      'a digest-protected node refuses other identities with NoAuthError until they authenticate',
      async () => {
        const owner = await ctx.client({ authInfo: [{ scheme: 'digest', auth: 'bob:pw' }] });
        const stranger = await ctx.client();
        const base = await ctx.scratch();
        await owner.create(`${base}/secret`, 's', { acl: CREATOR_ALL_ACL });
        const { acl } = await owner.getACL(`${base}/secret`);
        expect(acl).toHaveLength(1);
        expect(acl[0]).toMatchObject({ perms: Perms.ALL, id: { scheme: 'digest' } });
        expect(acl[0]?.id.id).toMatch(/^bob:/);
        await expect(stranger.getData(`${base}/secret`)).rejects.toSatisfy(
          (e) => NoAuthError.isInstance(e) && e.path === `${base}/secret`,
        );
        await expect(stranger.setData(`${base}/secret`, 'x')).rejects.toSatisfy(NoAuthError.isInstance);
        await stranger.addAuthInfo('digest', 'bob:pw');
        expect(new TextDecoder().decode((await stranger.getData(`${base}/secret`)).data)).toBe('s');
      },
    );

    ctx.it('a wrong password gives no access', async () => {
      const owner = await ctx.client({ authInfo: [{ scheme: 'digest', auth: 'carol:right' }] });
      const wrong = await ctx.client({ authInfo: [{ scheme: 'digest', auth: 'carol:wrong' }] });
      const base = await ctx.scratch();
      await owner.create(`${base}/c`, '', { acl: CREATOR_ALL_ACL });
      await expect(wrong.getData(`${base}/c`)).rejects.toSatisfy(NoAuthError.isInstance);
    });

    ctx.it('CREATOR_ALL_ACL without any authenticated identity is InvalidACL', async () => {
      const zk = await ctx.client();
      const base = await ctx.scratch();
      await expect(zk.create(`${base}/x`, '', { acl: CREATOR_ALL_ACL })).rejects.toSatisfy(
        InvalidACLError.isInstance,
      );
    });

    ctx.it('credentials of an unknown scheme end the session as auth-failed', async () => {
      const zk = await ctx.client();
      const states: string[] = [];
      zk.on('state', (state) => states.push(state.type));
      await expect(zk.addAuthInfo('no-such-scheme', 'x')).rejects.toSatisfy(AuthFailedError.isInstance);
      expect(zk.state.type).toBe('auth-failed');
      expect(states).toEqual(['auth-failed']);
      await expect(zk.exists('/')).rejects.toSatisfy(AuthFailedError.isInstance);
    });
  });
}
