// Startup refuses a dataDir it cannot use, before it listens: one it cannot create (under /proc,
// where Node's recursive mkdir used to spin forever), one it cannot write, one another live server
// holds. Each error names the directory and what to do.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORAGE_SUBDIR } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, silentLogger, type ZooKeeperServer } from '../src/index';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-datadir-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

async function start(dataDir: string): Promise<ZooKeeperServer> {
  const server = await createServer({ port: 0, dataDir, logger: silentLogger });
  cleanups.push(() => server.close());
  return server;
}

describe('dataDir checks at startup', () => {
  it('a dataDir under /proc fails at once with a clear message (no endless mkdir)', async () => {
    const started = Date.now();
    const error = await createServer({ port: 0, dataDir: '/proc/x', logger: silentLogger }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'StorageError', code: 'DIR_UNUSABLE' });
    expect((error as Error).message).toContain('/proc/x');
    expect((error as Error).message).toContain('cannot create it');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a dataDir that takes no files is refused before listening', async () => {
    // sysfs: even root cannot create a file there
    const error = await createServer({ port: 0, dataDir: '/sys/kernel', logger: silentLogger }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'StorageError', code: 'DIR_UNUSABLE' });
    expect((error as Error).message).toMatch(/dataDir \/sys\/kernel\/zkts-v1 is not usable/);
  });

  it('a second server on the same dataDir is refused, naming the holder; the first keeps working', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const error = await createServer({ port: 0, dataDir, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', code: 'DIR_LOCKED' });
    expect((error as Error).message).toContain('another server in this process');
    expect(first.host.tree.nodeCount).toBeGreaterThan(0);
    await first.close();
    // released on close: the next server starts
    const second = await start(dataDir);
    expect(second.metricsPort).toBeUndefined();
  });

  it('names a live holder process by its pid, and takes over the lock of a dead one', async () => {
    const dataDir = tempDataDir();
    const lockPath = join(dataDir, STORAGE_SUBDIR, 'zkts.lock');
    await (await start(dataDir)).close();
    expect(existsSync(lockPath)).toBe(false);

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    cleanups.push(() => sleeper.kill('SIGKILL'));
    writeFileSync(lockPath, `${sleeper.pid}\n`);
    const error = await createServer({ port: 0, dataDir, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', code: 'DIR_LOCKED' });
    expect((error as Error).message).toContain(`process ${sleeper.pid}`);

    const exited = new Promise((resolve) => sleeper.once('exit', resolve));
    sleeper.kill('SIGKILL');
    await exited;
    const warnings: string[] = [];
    const server = await createServer({
      port: 0,
      dataDir,
      logger: { ...silentLogger, warn: (m: string) => warnings.push(m) },
    });
    cleanups.push(() => server.close());
    expect(warnings.join('\n')).toContain('stale lock');
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
  });
});
