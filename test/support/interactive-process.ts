/**
 * Drives a line-oriented program (zkCli, cli_mt, a Python script) through stdin and waits on
 * its output: `send(line)` writes a command, `waitFor(pattern)` resolves once the output
 * gathered since the last `waitFor` matches (stdout and stderr together).
 */
import { type ChildProcess, spawn } from 'node:child_process';

export class InteractiveProcess {
  private readonly child: ChildProcess;
  /** Everything printed so far. */
  output = '';
  /** Where the next waitFor starts looking. */
  private cursor = 0;
  private waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
        resolve(code);
      });
    });
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Waits until the output since the last match matches `pattern`; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.output.slice(this.cursor);
      const match = rest.match(pattern);
      if (match && match.index !== undefined) {
        this.cursor += match.index + match[0].length;
        return match;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.child.exitCode !== null) {
        throw new Error(
          `no output matching ${pattern} within ${timeoutMs} ms; output since the last match:\n${rest.slice(-3000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `line` and waits for `pattern` in what follows. */
  async run(line: string, pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray> {
    this.send(line);
    return this.waitFor(pattern, timeoutMs);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin?.end();
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}
