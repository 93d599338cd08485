import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@zkts/client';
import { afterEach, describe, expect, it } from 'vitest';
import { serverOptionsFromArgs, UsageError } from '../src/index';

const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const quiet = { info() {}, warn() {}, error() {} };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `zkts server …` from the sources; resolves with the port from its one "serving on" line. */
function startCli(args: string[]): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['--conditions', '@zkts/source', '--import', 'tsx', cli, 'server', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => child.kill('SIGKILL'));
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /^zkts server serving on 127\.0\.0\.1:(\d+) /m.exec(stderr);
      if (match) resolve({ child, port: Number(match[1]), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`zkts server exited with ${code}: ${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('zkts server', () => {
  it('serves, stops cleanly on SIGTERM (exit 0), and keeps its data for the next run', async () => {
    const dataDir = tempDir();
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    expect(first.stderr()).toContain(`(last zxid 0x0, dataDir ${dataDir})`);
    const zk = createClient(`127.0.0.1:${first.port}`);
    await zk.connected();
    await zk.create('/kept', 'yes');
    await zk.close();
    const exited = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const second = await startCli(['--port', '0', '--data-dir', dataDir]);
    const again = createClient(`127.0.0.1:${second.port}`);
    await again.connected();
    expect(new TextDecoder().decode((await again.getData('/kept')).data)).toBe('yes');
    await again.close();
    const stopped = exitCode(second.child);
    second.child.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 30_000);
});

describe('zkts server --repair-log', () => {
  it('refuses a log damaged before its tail (exit 1, naming the flag), starts on the prefix with it', async () => {
    const dataDir = tempDir();
    const first = await startCli(['--port', '0', '--data-dir', dataDir]);
    const zk = createClient(`127.0.0.1:${first.port}`);
    await zk.connected();
    for (let i = 0; i < 10; i++) await zk.create(`/n${i}`, `value-${i}`);
    await zk.close();
    const exited = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logDir = join(dataDir, 'zkts-v1');
    const log = join(logDir, readdirSync(logDir).find((name) => name.startsWith('log.'))!);
    const bytes = readFileSync(log);
    bytes[bytes.indexOf(Buffer.from('value-5'))]! ^= 0xff;
    writeFileSync(log, bytes);

    const refused = spawnSync(
      process.execPath,
      [
        '--conditions',
        '@zkts/source',
        '--import',
        'tsx',
        cli,
        'server',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is damaged .*zkts server --repair-log/s);

    const repaired = await startCli(['--port', '0', '--data-dir', dataDir, '--repair-log']);
    expect(repaired.stderr()).toMatch(/repair: cutting txn log/);
    const again = createClient(`127.0.0.1:${repaired.port}`);
    await again.connected();
    expect((await again.getChildren('/')).children.filter((n) => n.startsWith('n')).sort()).toEqual([
      'n0',
      'n1',
      'n2',
      'n3',
      'n4',
    ]);
    await again.close();
  }, 60_000);
});

/** A tmpfs of `size` at a new directory (unmounted after the test); undefined when this process may not mount. */
function mountTmpfs(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-cli-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  cleanups.push(() => {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('zkts server on a txn log failure', () => {
  it('closes and exits with code 1, saying why (dataDir on a full 1 MB tmpfs; skipped if it cannot mount)', async (context) => {
    const dataDir = mountTmpfs('1m');
    if (dataDir === undefined) {
      context.skip();
      return;
    }
    const server = await startCli(['--port', '0', '--data-dir', dataDir]);
    const exited = exitCode(server.child);
    const zk = createClient(`127.0.0.1:${server.port}`, { reconnectDelay: 50 });
    await zk.connected();
    const value = 'v'.repeat(1024);
    let acknowledged = 0;
    try {
      for (let i = 0; i < 5000; i++) {
        await zk.create(`/n${i}`, value);
        acknowledged++;
      }
    } catch {
      // the write that hit the full disk
    }
    zk.close().catch(() => {});
    expect(acknowledged).toBeGreaterThan(100);
    expect(await exited).toBe(1);
    expect(server.stderr()).toMatch(/txn log failed.*ENOSPC/);
    expect(server.stderr()).toMatch(/exiting: the txn log failed .*closing and exiting with code 1/);
  }, 60_000);
});

describe('zkts server arguments', () => {
  it('lets flags override the zoo.cfg', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'zoo.cfg');
    writeFileSync(cfg, 'tickTime=2000\nclientPort=2181\ndataDir=/var/zk\n');
    const options = await serverOptionsFromArgs(
      ['--config', cfg, '--port', '3000', '--host', '0.0.0.0'],
      quiet,
    );
    expect(options).toMatchObject({
      exitOnLogFailure: true,
      tickTime: 2000,
      dataDir: '/var/zk',
      clientPort: '3000',
      clientPortAddress: '0.0.0.0',
    });
  });

  it('--repair-log becomes createServer option repairLog', async () => {
    expect(await serverOptionsFromArgs(['--repair-log'], quiet)).toMatchObject({ repairLog: true });
    expect(await serverOptionsFromArgs([], quiet)).not.toHaveProperty('repairLog');
  });

  it('rejects unknown flags with a usage error', async () => {
    await expect(serverOptionsFromArgs(['--prot', '1'], quiet)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('zkts server with an ensemble zoo.cfg', () => {
  /** Runs `zkts server --config <cfg>` to its end: exit code and stderr. */
  function runWithConfig(
    lines: string[],
    myid: string | undefined,
  ): { status: number | null; stderr: string } {
    const dir = tempDir();
    if (myid !== undefined) writeFileSync(join(dir, 'myid'), myid);
    const cfg = join(dir, 'zoo.cfg');
    writeFileSync(cfg, [`dataDir=${dir}`, 'clientPort=0', ...lines].join('\n'));
    const result = spawnSync(
      process.execPath,
      ['--conditions', '@zkts/source', '--import', 'tsx', cli, 'server', '--config', cfg],
      { encoding: 'utf8', timeout: 30_000 },
    );
    return { status: result.status, stderr: result.stderr.replaceAll(dir, '<dir>') };
  }
  const members = [
    'server.1=127.0.0.1:2888:3888',
    'server.2=127.0.0.1:2889:3889',
    'server.3=127.0.0.1:2890:3890',
  ];

  it('names the problem in one line and exits 2 for an invalid one', () => {
    const missingMyid = runWithConfig(['initLimit=10', 'syncLimit=5', ...members], undefined);
    expect(missingMyid.status).toBe(2);
    expect(missingMyid.stderr).toBe(
      "zkts server: <dir>/myid: missing; write this member's id (one of the server.N numbers) into it\n",
    );
    const noLimits = runWithConfig(['syncLimit=5', ...members], '1');
    expect(noLimits.status).toBe(2);
    expect(noLimits.stderr).toBe(
      'zkts server: <dir>/zoo.cfg: initLimit: not set; an ensemble (more than one server.N line) needs it\n',
    );
  }, 60_000);
});
