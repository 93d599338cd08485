import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = new URL('../../src/cli.ts', import.meta.url).pathname;

export interface ShellRun {
  /** stdout and stderr interleaved, as a terminal would show them. */
  output: string;
  code: number | null;
}

/**
 * Runs `zkts shell …args` from the sources as a user would: `input` on its stdin, stdout and
 * stderr into one file so their lines keep their order.
 */
export async function runShell(
  args: readonly string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<ShellRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-shell-'));
  const outFile = join(dir, 'output');
  const fd = openSync(outFile, 'w');
  try {
    const child = spawn(
      process.execPath,
      ['--conditions', '@zkts/source', '--import', 'tsx', cli, 'shell', ...args],
      { stdio: ['pipe', fd, fd], env: { ...process.env, ...env } },
    );
    child.stdin?.end(input);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    return { output: readFileSync(outFile, 'utf8'), code };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
