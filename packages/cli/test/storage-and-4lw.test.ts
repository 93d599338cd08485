/**
 * `zkts storage inspect` on the files a zkts server wrote, and `zkts 4lw` against a running one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@zkts/client';
import { createServer } from '@zkts/server';
import { afterAll, describe, expect, it } from 'vitest';

const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const quiet = { info() {}, warn() {}, error() {} };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the zkts command (asynchronously: an in-process server must keep answering meanwhile). */
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

describe('zkts storage inspect', () => {
  it('prints each txn of a log segment and each znode of a snapshot, as the server wrote them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-inspect-'));
    dirs.push(dataDir);
    const server = await createServer({ port: 0, dataDir, snapCount: 4, logger: quiet });
    const zk = createClient(server.connectString);
    await zk.connected();
    await zk.create('/app', 'config-v1');
    await zk.create('/app/lock-', '', { mode: 'ephemeral-sequential' });
    await zk.setData('/app', new Uint8Array([0, 0xff]));
    await zk.transaction().create('/app/x', 'in-multi').delete('/app/x').commit();
    for (let i = 0; i < 6; i++) await zk.create(`/n${i}`, `v${i}`);
    await zk.close();
    await server.close();

    const files = readdirSync(join(dataDir, 'zkts-v1'));
    const segments = files
      .filter((name) => name.startsWith('log.'))
      .sort((a, b) => parseInt(a.slice(4), 16) - parseInt(b.slice(4), 16));
    expect(segments[0]).toBe('log.1');
    const printed = await zkts('storage', 'inspect', join(dataDir, 'zkts-v1', 'log.1'));
    expect(printed.code).toBe(0);
    const first = printed.stdout.trim().split('\n');
    expect(first[0]).toMatch(/^zkts txn log segment .*log\.1 \(first zxid 0x1\)$/);
    expect(first.at(-1)).toMatch(/^EOF reached after \d+ txns \(end at offset \d+\)$/);
    // the server rolled the log at each snapshot: the txns, in order, across its segments
    const lines = [first[0] ?? ''];
    for (const segment of segments) {
      const out = await zkts('storage', 'inspect', join(dataDir, 'zkts-v1', segment));
      lines.push(...out.stdout.trim().split('\n').slice(1, -1));
    }
    expect(lines[1]).toMatch(/^\S+Z session 0x[0-9a-f]+ cxid 0x0 zxid 0x1 createSession timeout=\d+$/);
    expect(lines[2]).toMatch(
      / cxid 0x1 zxid 0x2 create \/app data=config-v1 acl=world:anyone:cdrwa parentCVersion=1$/,
    );
    expect(lines[3]).toMatch(
      / zxid 0x3 create \/app\/lock-0000000000 ephemeral data= acl=world:anyone:cdrwa/,
    );
    expect(lines[4]).toMatch(/ zxid 0x4 setData \/app data=0x00ff version=1$/);
    expect(lines[5]).toMatch(/ zxid 0x5 multi \[create \/app\/x data=in-multi .*; delete \/app\/x\]$/);
    expect(lines.at(-1)).toMatch(/ zxid 0xc closeSession ephemerals=\/app\/lock-0000000000$/);

    const snapshot = files
      .filter((name) => name.startsWith('snapshot.'))
      .sort()
      .at(-1);
    expect(snapshot).toBeDefined();
    const tree = await zkts('storage', 'inspect', '--data', join(dataDir, 'zkts-v1', snapshot ?? ''));
    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(
      /^zkts snapshot .*snapshot\.[0-9a-f]+ \(zxid 0x[0-9a-f]+\)\nZNode Details \(count=\d+\):\n----\n\/\n {2}cZxid = 0x0\n/,
    );
    expect(tree.stdout).toMatch(
      /\n\/app\n {2}cZxid = 0x2\n(.*\n){9} {2}numChildren = \d\n {2}data = 0x00ff\n/,
    );
    expect(tree.stdout).toMatch(/\nSession Details \(sid, timeout, ephemeralCount\):\n/);
  }, 60_000);

  it('refuses a file that is neither, and reports a damaged segment with exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkts-inspect-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const wrong = await zkts('storage', 'inspect', join(dir, 'notes.txt'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is neither a zkts log segment nor a zkts snapshot');
    const header = Buffer.alloc(24);
    header.write('ZKTL');
    writeFileSync(join(dir, 'log.1'), header);
    const damaged = await zkts('storage', 'inspect', join(dir, 'log.1'));
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toMatch(/^damaged at offset 0 after 0 txns: /);
  }, 30_000);
});

describe('zkts 4lw', () => {
  it('prints the answer of an allowed word, and fails clearly without a server', async () => {
    const server = await createServer({ port: 0, logger: quiet, fourLetterWordWhitelist: '*' });
    try {
      expect(await zkts('4lw', server.connectString, 'ruok')).toMatchObject({ stdout: 'imok\n', code: 0 });
      const mntr = await zkts('4lw', server.connectString, 'mntr');
      expect(mntr.stdout).toMatch(/^zk_version\t.*\n/m);
      expect(mntr.stdout).toMatch(/^zk_server_state\tstandalone$/m);
      expect(await zkts('4lw', server.connectString, 'ruk')).toMatchObject({ code: 2 });
      expect(await zkts('4lw', server.connectString)).toMatchObject({ code: 2 });
    } finally {
      await server.close();
    }
    const dead = await zkts('4lw', '127.0.0.1:1', 'ruok');
    expect(dead.code).toBe(1);
    expect(dead.stderr).toBe('zkts 4lw: connect ECONNREFUSED 127.0.0.1:1\n');
  }, 60_000);
});
