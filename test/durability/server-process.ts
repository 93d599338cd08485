/**
 * Runs a server script (a fixture printing `{"port": N}` once serving) as a child process, so a
 * test can SIGKILL it and start it again on the same data directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const DURABLE_SERVER_SCRIPT = fileURLToPath(new URL('./fixtures/durable-server.ts', import.meta.url));

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  readonly connectString: string;
  /** Everything the process wrote on stderr so far (its log). */
  stderr(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs, nothing more is written or fsynced. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `node --conditions=@zkts/source --import tsx <script> ...args` and waits for its port. */
export async function startServerProcess(
  script: string,
  args: readonly string[],
  options: { startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@zkts/source', '--import', 'tsx', script, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not serving after ${timeoutMs} ms:\n${log.slice(-3000)}`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before serving:\n${log.slice(-3000)}`));
    });
  });
  return {
    port,
    pid: child.pid ?? -1,
    connectString: `127.0.0.1:${port}`,
    stderr: () => log,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
