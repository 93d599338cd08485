/**
 * What the 10M-znode benches share: the nested layout, a zkts data directory holding one
 * snapshot of N znodes (built in-process through prep + apply and written through
 * @zkts/storage, as the server writes its own), and spawning memory-server.ts on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPEN_ACL_UNSAFE, OpCode } from '../../packages/core/src/index';
import { DataTree, type WriteContext, writeSnapshot } from '../../packages/core/src/tree/index';
import { openFileStorage } from '../../packages/storage/src/index';
import { fourLetterWord, freePort } from '../../test/support/real-zookeeper';

const SERVER = fileURLToPath(new URL('./memory-server.ts', import.meta.url));
export const VALUE = 'v'.repeat(100);

/** Znode i of the nested layout, under 100 × 100 parents. */
export const pathOf = (i: number) => `/a${i % 100}/b${Math.floor(i / 100) % 100}/n${i}`;

/** The 10 100 parents of the nested layout, each after its own parent. */
export function parentPaths(): string[] {
  const paths: string[] = [];
  for (let a = 0; a < 100; a++) {
    paths.push(`/a${a}`);
    for (let b = 0; b < 100; b++) paths.push(`/a${a}/b${b}`);
  }
  return paths;
}

/** Builds the tree and writes its snapshot into `dataDir`; the tree is garbage once this returns. */
export async function prepareZktsDataDir(dataDir: string, count: number): Promise<void> {
  const acl = OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));
  let zxid = 0;
  const ctx = (): WriteContext => ({ sessionId: 1n, cxid: 0, zxid: ++zxid, time: Date.now(), authIds: [] });
  const tree = new DataTree();
  const create = (path: string, data: Uint8Array) => {
    const prepared = tree.prep({ type: OpCode.create, path, data, acl, flags: 0 }, ctx());
    if (!prepared.ok || tree.apply(prepared.txn).err !== 0) throw new Error(`create ${path} failed`);
  };
  const empty = new Uint8Array(0);
  for (const parent of parentPaths()) create(parent, empty);
  const value = new TextEncoder().encode(VALUE);
  for (let i = 0; i < count; i++) create(pathOf(i), value);
  const storage = await openFileStorage({ dataDir, forceSync: false });
  await storage.snapshots.write(tree.lastProcessedZxid, writeSnapshot(tree));
  await storage.close();
}

/** A process's resident set (VmRSS) in bytes. */
export function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

/** Spawns memory-server.ts (with --expose-gc) on `dataDir`; resolves once `srvr` says it serves. */
export async function startZktsServer(
  dataDir: string,
): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--conditions=@zkts/source', '--import', 'tsx', SERVER, dataDir, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-5000);
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    const answer = await fourLetterWord(port, 'srvr').catch(() => '');
    if (answer.startsWith('Zookeeper version')) return { child, port, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** memory-server.ts's own figures after a full GC (it answers SIGUSR1 with one JSON line). */
export function zktsMemory(
  child: ChildProcess,
): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number }> {
  const stdout = child.stdout;
  if (stdout === null) throw new Error('no stdout');
  return new Promise((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const found = buffered.split('\n').find((line) => line.startsWith('{"rss"'));
      if (found === undefined) return;
      stdout.off('data', onData);
      resolve(JSON.parse(found));
    };
    stdout.on('data', onData);
    child.kill('SIGUSR1');
  });
}
