import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const node = (script: string) =>
  run(process.execPath, ['--conditions=@zkts/source', '--import', 'tsx', script], { timeout: 30_000 });

// The README points at these scripts; they must keep running and saying what they claim.
describe('examples', () => {
  it('quick-start: server, chroot, one-shot and recursive watches', async () => {
    const { stdout } = await node('examples/quick-start.ts');
    expect(stdout).toBe('config = v1\none-shot watch: data-changed\nrecursive watch: data-changed /config\n');
  });

  it('testing: the node:test example passes (the vitest one runs in the examples project)', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@zkts/source',
        '--import',
        'tsx',
        '--test',
        'examples/testing/worker-service.node-test.ts',
      ],
      { timeout: 30_000 },
    );
    expect(stdout).toMatch(/^# pass 3$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  it('tree-demo: the data tree tour ends with a snapshot copy of the same digest', async () => {
    const { stdout } = await node('examples/tree-demo.ts');
    expect(stdout).toMatch(/closeSession alice +→ OK/);
    expect(stdout).toMatch(/digest ([0-9a-f]+) → copy \1\n$/);
  });
});
