/**
 * A TTL create on a server with TTL nodes switched off (ZooKeeper's default, and zkts's):
 * the server answers UNIMPLEMENTED, and the client's error says which setting enables them.
 */
import { describe, expect, it } from 'vitest';
import { UnimplementedError } from '../packages/client/src/index';
import { createTestServer } from '../packages/testing/src/index';

describe('TTL nodes on a server without extended types', () => {
  it('reject with an UnimplementedError that names the server setting', async () => {
    await using zk = await createTestServer();
    const client = await zk.client();
    const failure = await client
      .create('/t', 'x', { mode: 'persistent-with-ttl', ttl: 1000 })
      .catch((e) => e);
    expect(UnimplementedError.isInstance(failure)).toBe(true);
    expect(failure.path).toBe('/t');
    expect(failure.message).toMatch(/does not accept TTL nodes.*extendedTypesEnabled/);
    expect(UnimplementedError.isInstance(failure.cause)).toBe(true); // the server's own answer
    // other creates are not affected
    expect(await client.create('/p', 'x')).toBe('/p');
  });
});
