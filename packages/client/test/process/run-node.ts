import { spawn } from 'node:child_process';

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** ms from spawn to exit */
  elapsed: number;
}

/**
 * Runs `source` (an ES module, TypeScript allowed) in a fresh Node.js process that resolves the
 * workspace packages to their sources, and resolves when the process exits. `onLine` sees each
 * stdout line as it comes, to drive the test from the parent.
 */
export function runNode(
  source: string,
  options: { timeoutMs?: number; onLine?: (line: string) => void } = {},
): Promise<NodeRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--conditions=@zkts/source', '--import', 'tsx', '--input-type=module', '-e', source],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, elapsed: performance.now() - started });
    });
  });
}
