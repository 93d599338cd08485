/**
 * The interactive `zkts shell` in a pseudo-terminal (util-linux `script`): zkCli's prompt, Tab
 * completion of commands and znode paths, watch events printed as they arrive, and the history
 * file kept across sessions.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createServer, type ZooKeeperServer } from '@zkts/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const quiet = { info() {}, warn() {}, error() {} };
const running = new Set<ChildProcess>();

/** A `zkts shell` in a pty; `expect` waits for a pattern in what it printed since the last match. */
class PtyShell {
  output = '';
  private cursor = 0;
  readonly exited: Promise<number | null>;
  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      // escape sequences and carriage returns are noise for these checks
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
      this.output += chunk.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]|\r/g, '');
    });
    running.add(child);
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  static start(server: string, historyFile: string): PtyShell {
    const command = [
      process.execPath,
      '--conditions',
      '@zkts/source',
      '--import',
      'tsx',
      cli,
      'shell',
      '--server',
      server,
    ]
      .map((word) => `'${word}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ZKTS_HISTORY_FILE: historyFile, TERM: 'xterm' },
    });
    return new PtyShell(child);
  }

  type(keys: string): void {
    this.child.stdin?.write(keys);
  }

  async expect(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.output.slice(this.cursor);
      const match = pattern.exec(rest);
      if (match) {
        this.cursor += match.index + match[0].length;
        return match[0];
      }
      if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${rest}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.skipIf(!hasScript)('zkts shell in a terminal', () => {
  let server: ZooKeeperServer;
  let zk: ZooKeeperClient;
  let dir: string;
  beforeAll(async () => {
    server = await createServer({ port: 0, logger: quiet });
    zk = createClient(server.connectString);
    await zk.connected();
    dir = mkdtempSync(join(tmpdir(), 'zkts-pty-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await zk?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prompts like zkCli, completes commands and paths, prints watch events, keeps history', async () => {
    const history = join(dir, 'history');
    const address = server.connectString;
    const shell = PtyShell.start(address, history);
    await shell.expect(/WatchedEvent state:SyncConnected type:None path:null/);
    await shell.expect(new RegExp(`\\[zk: ${address}\\(CONNECTED\\) 0\\] `));
    shell.type('create /completion-target hello\n');
    await shell.expect(/Created \/completion-target/);
    await shell.expect(new RegExp(`\\[zk: ${address}\\(CONNECTED\\) 1\\] `));
    // Tab completes the command name, then the path from the server's children
    shell.type('getAl\t');
    await shell.expect(/getAllChildrenNumber/);
    shell.type('\x15'); // Ctrl-U: clear the line
    shell.type('get -w /completion-t\t');
    await shell.expect(/\/completion-target/);
    shell.type('\n');
    await shell.expect(/hello/);
    await zk.setData('/completion-target', 'changed');
    await shell.expect(
      /WATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:\/completion-target/,
    );
    // Ctrl-C stops a running watch and gives the prompt back
    shell.type('watch /completion-target\n');
    await shell.expect(/Ctrl-C to stop/);
    await zk.setData('/completion-target', 'again');
    await shell.expect(/data-changed \/completion-target/);
    shell.type('\x03');
    await shell.expect(new RegExp(`\\[zk: ${address}\\(CONNECTED\\) 3\\] `));
    shell.type('quit\n');
    expect(await shell.exited).toBe(0);
    expect(readFileSync(history, 'utf8')).toBe(
      'create /completion-target hello\nget -w /completion-target\nwatch /completion-target\nquit\n',
    );

    // a new session recalls the history with the up arrow
    const again = PtyShell.start(address, history);
    await again.expect(/\(CONNECTED\) 0\] /);
    again.type('\x1b[A\x1b[A');
    await again.expect(/watch \/completion-target/);
    again.type('\x15quit\n');
    expect(await again.exited).toBe(0);
  }, 60_000);
});
