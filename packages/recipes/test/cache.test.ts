import type { ZooKeeperClient } from '@zkts/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChildrenCache, NodeCache, TreeCache } from '../src/index';
import { eventually, type Harness, sleep, startHarness } from './harness';
import { seeded, withSeed } from './seeded';

let h: Harness;
let zk: ZooKeeperClient;
beforeEach(async () => {
  h = await startHarness();
  zk = await h.client();
});
afterEach(async () => {
  await h.close();
});

const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

describe('TreeCache', () => {
  it('loads the subtree, then follows creates, changes and deletes at any depth', async () => {
    await zk.create('/app', 'root');
    await zk.create('/app/a', '1');
    await zk.create('/app/a/deep', 'd');
    const cache = new TreeCache(zk, '/app');
    const events: string[] = [];
    cache.on('added', (p) => events.push(`added ${p}`));
    cache.on('updated', (p) => events.push(`updated ${p}`));
    cache.on('removed', (p) => events.push(`removed ${p}`));
    await cache.start();
    expect(text(cache.get('/app/a/deep')?.data)).toBe('d');
    expect(cache.children('/app')).toEqual(['a']);
    events.length = 0;

    await zk.create('/app/b', '2');
    await zk.setData('/app/a/deep', 'd2');
    await eventually('two events', () => events.length === 2);
    expect(text(cache.get('/app/a/deep')?.data)).toBe('d2');
    // (a change and a delete in quick succession may coalesce into one removal)
    await zk.delete('/app/a/deep');
    await eventually('three events', () => events.length === 3);
    await cache.settled();
    expect(events).toEqual(['added /app/b', 'updated /app/a/deep', 'removed /app/a/deep']);
    expect(cache.children('/app')).toEqual(['a', 'b']);
    await cache.close();
  });

  it('catches up with what changed while the connection was down', async () => {
    await zk.create('/c', '');
    await zk.create('/c/kept', 'v1');
    await zk.create('/c/gone', '');
    const cache = new TreeCache(zk, '/c');
    await cache.start();
    const other = await h.client();
    const reconnected = new Promise<void>((resolve) => zk.once('connected', () => resolve()));
    h.cut(zk);
    // changes made while the cache's client may be away; persistent watches do not replay them
    await other.setData('/c/kept', 'v2');
    await other.delete('/c/gone');
    await other.create('/c/new', 'n');
    await reconnected;
    await eventually(
      'caught up',
      () => text(cache.get('/c/kept')?.data) === 'v2' && cache.get('/c/new') !== undefined,
    );
    expect(cache.get('/c/gone')).toBeUndefined();
    expect(cache.children('/c')).toEqual(['kept', 'new']);
  });
});

describe('NodeCache and ChildrenCache', () => {
  it('NodeCache tracks one node through create, change and delete', async () => {
    const cache = new NodeCache(zk, '/n');
    await cache.start();
    expect(cache.current).toBeUndefined();
    await zk.create('/n', 'a');
    await eventually('created', () => text(cache.current?.data) === 'a');
    await zk.setData('/n', 'b');
    await eventually('changed', () => text(cache.current?.data) === 'b');
    await zk.delete('/n');
    await eventually('deleted', () => cache.current === undefined);
  });

  it('ChildrenCache holds the children with their data, not grandchildren', async () => {
    await zk.create('/p', '');
    await zk.create('/p/x', 'x');
    const cache = new ChildrenCache(zk, '/p');
    await cache.start();
    await zk.create('/p/y', 'y');
    await zk.create('/p/x/below', 'ignored');
    await eventually('y', () => cache.current().has('y'));
    await cache.settled();
    expect([...cache.current()].map(([name, node]) => `${name}=${text(node.data)}`)).toEqual(['x=x', 'y=y']);
    expect(cache.get('/p/x/below')).toBeUndefined();
  });
});

describe('TreeCache under cuts (seeded)', () => {
  it('ends equal to the server after random writes while its connection is cut again and again', async () => {
    await withSeed('tree cache', async (seed) => {
      const random = seeded(seed);
      const writer = await h.client();
      await writer.create('/t', '');
      const cache = new TreeCache(zk, '/t');
      await cache.start();
      const paths = ['/t/a', '/t/b', '/t/a/x', '/t/a/y', '/t/b/z', '/t/a/x/deep'];
      for (let step = 0; step < 150; step++) {
        const path = paths[random.int(paths.length)] ?? '/t/a';
        const op = random.int(3);
        try {
          if (op === 0) await writer.create(path, `v${step}`);
          else if (op === 1) await writer.setData(path, `v${step}`);
          else await writer.delete(path);
        } catch {
          // NoNode / NodeExists / NotEmpty: the random op did not apply
        }
        if (random.int(15) === 0) h.cut(zk);
        if (random.int(10) === 0) await sleep(random.int(5));
      }
      const server = async () => {
        const found = new Map<string, string>();
        const walk = async (path: string): Promise<void> => {
          const { data } = await writer.getData(path);
          found.set(path, text(data) ?? '');
          for (const child of (await writer.getChildren(path)).children) await walk(`${path}/${child}`);
        };
        await walk('/t');
        return found;
      };
      const expected = await server();
      const cached = () => new Map([...cache.entries()].map(([path, node]) => [path, text(node.data) ?? '']));
      await eventually(
        'the cache to equal the server',
        async () => {
          await cache.settled();
          return (
            zk.state.type === 'connected' &&
            JSON.stringify([...cached()].sort()) === JSON.stringify([...expected].sort())
          );
        },
        15_000,
      ).catch(() => {
        expect([...cached()].sort()).toEqual([...expected].sort());
      });
    });
  }, 30_000);
});
