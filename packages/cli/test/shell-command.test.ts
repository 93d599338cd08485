/**
 * `zkts shell` as a user drives it from another program: one-shot commands and their exit
 * codes, scripts from stdin and -f, --keep-going, --json, the commands zkCli lacks, and a dead
 * server — against the zkts server over TCP.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createServer, type ZooKeeperServer } from '@zkts/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from './support/run-shell';

const quiet = { info() {}, warn() {}, error() {} };
let server: ZooKeeperServer;
let zk: ZooKeeperClient;
let address: string;

beforeAll(async () => {
  server = await createServer({ port: 0, logger: quiet });
  address = server.connectString;
  zk = createClient(address);
  await zk.connected();
});
afterAll(async () => {
  await zk?.close();
  await server?.close();
});

const shell = (...args: string[]) => runShell(['--server', address, ...args]);

describe('zkts shell, one command', () => {
  it('runs it and exits 0; a failure exits 1 with zkCli’s message; an unknown command exits 127', async () => {
    await zk.create('/one', 'v1');
    expect(await shell('get', '/one')).toEqual({ output: 'v1\n', code: 0 });
    expect(await shell('get', '/missing')).toEqual({ output: 'Node does not exist: /missing\n', code: 1 });
    const unknown = await shell('frobnicate', '/');
    expect(unknown.code).toBe(127);
    expect(unknown.output).toMatch(/^ZooKeeper -server host:port .*\n\taddWatch /);
    expect(unknown.output).toMatch(/Command not found: Command not found frobnicate\n$/);
  }, 30_000);

  it('takes the words as the OS shell split them (data with spaces, no quoting needed)', async () => {
    expect((await shell('create', '/spaced', 'two words')).code).toBe(0);
    expect((await zk.getData('/spaced')).data).toEqual(new TextEncoder().encode('two words'));
  }, 30_000);

  it('accepts -server as zkCli users type it', async () => {
    expect(await runShell(['-server', address, 'ls', '/zookeeper'])).toEqual({
      output: '[config, quota]\n',
      code: 0,
    });
  }, 30_000);

  it('prints binary data as hex and text as text', async () => {
    await zk.create('/bin', new Uint8Array([0, 1, 0xfe, 0xff]));
    await zk.create('/utf8', 'żółw ✓');
    expect((await shell('get', '/bin')).output).toBe('0x0001feff\n');
    expect((await shell('get', '/utf8')).output).toBe('żółw ✓\n');
  }, 30_000);

  it('fails with a ConnectionLoss message, not a stack trace, when no server answers', async () => {
    const dead = await runShell(['--server', '127.0.0.1:1', '--timeout', '1500', 'ls', '/']);
    expect(dead).toEqual({ output: 'KeeperErrorCode = ConnectionLoss for /\n', code: 1 });
  }, 30_000);

  it('help lists zkCli’s commands and the zkts extras, and exits 0', async () => {
    const help = await shell('help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^ZooKeeper -server host:port .*\n\taddWatch /);
    expect(help.output).toContain('\tls [-s] [-w] [-R] path\n');
    expect(help.output).toContain('zkts extras:\n');
    expect(help.output).toContain('tree [path]');
  }, 30_000);

  it('works under a chroot given in the server string', async () => {
    await zk.create('/chroot', '');
    await zk.create('/chroot/inside', 'x');
    expect(await runShell(['--server', `${address}/chroot`, 'ls', '/'])).toEqual({
      output: '[inside]\n',
      code: 0,
    });
    expect(await runShell(['--server', `${address}/chroot`, 'get', '/inside'])).toEqual({
      output: 'x\n',
      code: 0,
    });
  }, 30_000);

  it('answers numbers zkCli dies on (a stack trace) with a message', async () => {
    await zk.create('/numbers', 'x');
    const run = await runShell(
      ['--server', address, '--keep-going'],
      'set -v abc /numbers y\ndelete -v 99999999999 /numbers\nsetquota -n 99999999999 /numbers\n',
    );
    expect(run.output).toBe(
      'version must be an integer from -2147483648 to 2147483647, not "abc"\n' +
        'version must be an integer from -2147483648 to 2147483647, not "99999999999"\n' +
        'NumberFormatException happens when parsing the option value\n',
    );
    expect(run.code).toBe(1);
    expect((await zk.exists('/numbers')).stat).not.toBeNull();
  }, 30_000);

  it('answers bad options of its own with a usage message and exit code 2', async () => {
    const bad = await runShell(['--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/^zkts shell: unknown option --bogus\n\nUsage: zkts shell/);
  }, 30_000);
});

describe('zkts shell, a script', () => {
  it('stops at the first failure with its exit code, or goes on with --keep-going', async () => {
    const script = 'create /s1\nget /nope\ncreate /s2\n';
    const stopped = await shell();
    expect(stopped.code).toBe(0); // nothing on stdin
    const first = await runShell(['--server', address], script);
    expect(first).toEqual({ output: 'Created /s1\nNode does not exist: /nope\n', code: 1 });
    expect((await zk.exists('/s2')).stat).toBeNull();
    const all = await runShell(['--server', address, '--keep-going'], script.replace('/s1', '/s3'));
    expect(all).toEqual({ output: 'Created /s3\nNode does not exist: /nope\nCreated /s2\n', code: 1 });
  }, 30_000);

  it('reads -f file, skipping # comments, and quits at quit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkts-script-'));
    try {
      const file = join(dir, 'script.txt');
      writeFileSync(file, '# set up\ncreate /f1 x\nquit\ncreate /f2 y\n');
      const run = await shell('-f', file);
      expect(run.code).toBe(0);
      expect(run.output).toContain('Created /f1\n');
      expect((await zk.exists('/f2')).stat).toBeNull();
      expect((await shell('-f', join(dir, 'missing.txt'))).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('prints one JSON object a line with --json', async () => {
    await zk.create('/j', 'data');
    await zk.create('/j/k', '');
    const run = await runShell(
      ['--server', address, '--json', '--keep-going'],
      'ls /j\nget -s /j\nget /nope\n',
    );
    const lines = run.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ command: 'ls /j', ok: true, result: { path: '/j', children: ['k'] } });
    expect(lines[1]).toMatchObject({
      command: 'get -s /j',
      ok: true,
      result: { path: '/j', data: { text: 'data' }, stat: { dataLength: 4, numChildren: 1 } },
    });
    expect(lines[2]).toEqual({
      command: 'get /nope',
      ok: false,
      error: 'Node does not exist: /nope',
      code: -101,
      messages: [],
    });
    expect(run.code).toBe(1);
  }, 30_000);

  it('prints watch events as JSON lines too', async () => {
    await zk.create('/jw', 'a');
    const run = await runShell(['--server', address, '--json'], 'get -w /jw\nset /jw b\n');
    const lines = run.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[1]).toEqual({ event: { state: 'SyncConnected', type: 'NodeDataChanged', path: '/jw' } });
    expect(lines[2]).toMatchObject({ command: 'set /jw b', ok: true });
  }, 30_000);
});

describe('zkts shell, commands zkCli lacks', () => {
  it('tree draws a subtree; du counts its nodes and bytes', async () => {
    await zk.create('/t', 'ab');
    await zk.create('/t/a', 'cde');
    await zk.create('/t/a/x', '');
    await zk.create('/t/b', 'f');
    expect((await shell('tree', '/t')).output).toBe('/t\n├── a\n│   └── x\n└── b\n');
    expect((await shell('du', '/t')).output).toBe('/t: 4 nodes, 6 bytes\n');
    expect(await shell('tree', '/nope')).toEqual({ output: 'Node does not exist: /nope\n', code: 1 });
  }, 30_000);

  it('du reports its progress on a large tree', async () => {
    await zk.create('/big', '');
    for (let batch = 0; batch < 21; batch++) {
      const txn = zk.transaction();
      for (let i = 0; i < 500; i++) txn.create(`/big/n${batch * 500 + i}`, 'ab');
      await txn.commit();
    }
    const run = await shell('du', '/big');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^\.\.\. \d+ nodes, \d+ bytes so far\n/);
    expect(run.output).toMatch(/\n\/big: 10501 nodes, 21000 bytes\n$/);
  }, 60_000);

  it('watch streams the events of a subtree until Ctrl-C', async () => {
    await zk.create('/watched', '');
    const child = spawn(
      process.execPath,
      [
        '--conditions',
        '@zkts/source',
        '--import',
        'tsx',
        new URL('../src/cli.ts', import.meta.url).pathname,
        'shell',
        '--server',
        address,
        'watch',
        '/watched',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Ctrl-C to stop')) resolve();
      }),
    );
    await zk.create('/watched/a', '');
    await zk.setData('/watched/a', 'x');
    await zk.delete('/watched/a');
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('deleted') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toBe('created /watched/a\ndata-changed /watched/a\ndeleted /watched/a\n');
  }, 30_000);
});
