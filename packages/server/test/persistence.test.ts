import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { STORAGE_SUBDIR } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZooKeeperServer } from '../src/index';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-server-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function connect(s: ZooKeeperServer): Promise<ZooKeeperClient> {
  const zk = createClient(s.connectString, { sessionTimeout: 10_000 });
  await zk.connected();
  return zk;
}

describe('persistence', () => {
  it('keeps every acknowledged write across a restart on the same dataDir', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const zk = await connect(first);
    await zk.create('/app', 'config');
    await zk.create('/app/seq-', 'a', { mode: 'persistent-sequential' });
    await zk.setData('/app', 'config-2');
    await zk.create('/gone');
    await zk.delete('/gone');
    const before = await zk.getData('/app');
    await zk.close();
    await first.close();

    const second = await startServer({ dataDir });
    cleanups.push(() => second.close());
    const again = await connect(second);
    cleanups.push(() => again.close());
    const after = await again.getData('/app');
    expect(new TextDecoder().decode(after.data)).toBe('config-2');
    expect(after.stat).toEqual(before.stat);
    expect((await again.getChildren('/app')).children).toEqual(['seq-0000000000']);
    expect((await again.exists('/gone')).stat).toBeNull();
    // zxids go on from where they were
    expect(after.stat.mzxid).toBeLessThan(again.lastZxid);
  });

  it('recovers from a snapshot plus the log after it (snapCount 8)', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, snapCount: 8 });
    const zk = await connect(first);
    for (let i = 0; i < 20; i++) await zk.create(`/n${i}`, String(i));
    await first.snapshot();
    await zk.create('/after-snapshot');
    await zk.close();
    await first.close();
    const files = readdirSync(join(dataDir, STORAGE_SUBDIR));
    expect(files.some((name) => name.startsWith('snapshot'))).toBe(true);

    const second = await startServer({ dataDir });
    cleanups.push(() => second.close());
    const again = await connect(second);
    cleanups.push(() => again.close());
    const { children } = await again.getChildren('/');
    expect(children).toHaveLength(22); // n0..n19, after-snapshot, zookeeper
    expect(new TextDecoder().decode((await again.getData('/n19')).data)).toBe('19');
  }, 20_000);

  it('restores sessions: a client that never comes back loses its ephemerals after its timeout', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, tickTime: 50 });
    const zk = createClient(first.connectString, { sessionTimeout: 100 });
    await zk.connected();
    await zk.create('/eph', null, { mode: 'ephemeral' });
    await first.close(); // the client never closes its session
    void zk.close().catch(() => {});

    const second = await startServer({ dataDir, tickTime: 50 });
    cleanups.push(() => second.close());
    const watcher = await connect(second);
    cleanups.push(() => watcher.close());
    const { stat, watch } = await watcher.exists('/eph', { watch: true });
    if (stat !== null) expect(await watch).toEqual({ type: 'deleted', path: '/eph' });
    expect((await watcher.exists('/eph')).stat).toBeNull();
  });
});
