import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The server command of the README's first lines, after `bash scripts/setup.sh &&`. */
async function readmeServerCommand(): Promise<string[]> {
  const readme = await readFile('README.md', 'utf8');
  const line = readme
    .split('\n')
    .find((l) => l.startsWith('bash scripts/setup.sh && ') && / server /.test(l));
  if (!line) throw new Error('README.md has no `bash scripts/setup.sh && … server …` line');
  return line.replace('bash scripts/setup.sh && ', '').replace(/#.*$/, '').trim().split(/\s+/);
}

// Needs the build (packages/cli/dist), as the README's command does: scripts/setup.sh makes it.
describe("the README's server command", () => {
  it('runs the server as one process that SIGTERM stops (exit 0)', async () => {
    const [program, ...args] = await readmeServerCommand();
    expect(program).toBe('node');
    const dataDir = await mkdtemp(join(tmpdir(), 'zkts-readme-server-'));
    // The README's port and data dir, swapped for a free port and a scratch dir.
    const portAt = args.indexOf('--port');
    const dirAt = args.indexOf('--data-dir');
    expect(portAt).toBeGreaterThan(0);
    expect(dirAt).toBeGreaterThan(0);
    args[portAt + 1] = '0';
    args[dirAt + 1] = dataDir;
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk;
          if (stderr.includes('serving on')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
