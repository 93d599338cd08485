/**
 * `zkts storage import` on a dataDir the real ZooKeeper 3.8 (Debian's) wrote: nodes with ACLs,
 * ephemerals, sequentials, a container, a multi, deletes and binary data, across several
 * snapshots and logs (snapCount 10). A zkts server started on the result must serve the same
 * tree, Stats and ACLs included, as ZooKeeper did before it stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREATOR_ALL_ACL, createClient, READ_ACL_UNSAFE, type ZooKeeperClient } from '@zkts/client';
import { createServer } from '@zkts/server';
import { afterAll, describe, expect, it } from 'vitest';
import { realZooKeeperAvailable, startRealZooKeeper } from '../../../test/support/real-zookeeper';

const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const quiet = { info() {}, warn() {}, error() {} };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-import-'));
  dirs.push(dir);
  return dir;
}

function zkts(...args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--conditions', '@zkts/source', '--import', 'tsx', cli, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ stdout, stderr, code })));
}

/** Every znode outside /zookeeper with its data (hex), Stat and ACL, read through `zk`. */
async function dump(zk: ZooKeeperClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const visit = async (path: string): Promise<void> => {
    if (path === '/zookeeper') return;
    const { data, stat } = await zk.getData(path);
    const { acl } = await zk.getACL(path);
    out[path] = { data: Buffer.from(data).toString('hex'), stat, acl };
    const { children } = await zk.getChildren(path);
    for (const child of children.sort()) await visit(path === '/' ? `/${child}` : `${path}/${child}`);
  };
  await visit('/');
  return out;
}

describe.skipIf(!realZooKeeperAvailable())('zkts storage import of a real ZooKeeper 3.8 dataDir', () => {
  it('serves the same tree, Stats and ACLs as ZooKeeper did', async () => {
    const zkDataDir = tempDir();
    const real = await startRealZooKeeper({
      dataDir: zkDataDir,
      systemProperties: { 'zookeeper.snapCount': '10' },
    });
    const auth = [{ scheme: 'digest', auth: 'alice:secret' }];
    const zk = createClient(real.address, { authInfo: auth });
    const owner = createClient(real.address);
    let before: Record<string, unknown>;
    let ownerSession: bigint;
    try {
      await Promise.all([zk.connected(), owner.connected()]);
      ownerSession = owner.sessionId;
      await zk.create('/app', 'v1');
      await zk.setData('/app', 'v2');
      for (let i = 0; i < 3; i++) await zk.create('/app/job-', `job ${i}`, { mode: 'persistent-sequential' });
      await owner.create('/app/eph', 'mine', { mode: 'ephemeral' });
      await owner.create('/app/eseq-', '', { mode: 'ephemeral-sequential' });
      await zk.create('/secure', 'secret', { acl: CREATOR_ALL_ACL });
      await zk.create('/ro', 'read only', { acl: READ_ACL_UNSAFE });
      await zk.create('/c', '', { mode: 'container' });
      await zk.create('/c/k', 'in container');
      await zk.create('/bin', new Uint8Array([0, 1, 2, 0xff]));
      await zk.create('/nulldata', null);
      await zk.transaction().create('/m', 'multi').create('/m/a', 'a').setData('/app', 'v3').commit();
      await zk.create('/gone', 'x');
      await zk.delete('/gone');
      await zk.setACL('/app', [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], { version: 0 });
      for (let i = 0; i < 12; i++) await zk.create(`/bulk${i}`, `v${i}`);
      before = await dump(zk);
    } finally {
      await real.stop(); // the owner's session is not closed: its ephemerals stay in the data
      await Promise.allSettled([zk.close(), owner.close()]);
    }
    const files = readdirSync(join(zkDataDir, 'version-2'));
    expect(files.filter((name) => name.startsWith('snapshot.')).length).toBeGreaterThan(1);

    const zktsDataDir = tempDir();
    const imported = await zkts('storage', 'import', zkDataDir, zktsDataDir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^imported snapshot\.[0-9a-f]+ \+ \d+ txns: \d+ znodes, \d+ sessions, last zxid 0x[0-9a-f]+\n$/,
    );

    const server = await createServer({ port: 0, dataDir: zktsDataDir, logger: quiet });
    const again = createClient(server.connectString, { authInfo: auth });
    try {
      await again.connected();
      const after = await dump(again);
      expect(after).toEqual(before);
      expect(Object.keys(after)).toContain('/app/eph');
      expect((after['/app/eph'] as { stat: { ephemeralOwner: bigint } }).stat.ephemeralOwner).toBe(
        ownerSession,
      );
      // a second import into the same place is refused
      expect((await zkts('storage', 'import', zkDataDir, zktsDataDir)).code).toBe(2);
    } finally {
      await again.close();
      await server.close();
    }
  }, 120_000);
});
