import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const node = (script: string) =>
  run(process.execPath, ['--conditions=@zkts/source', '--import', 'tsx', script], { timeout: 30_000 });
const QUICK_START_OUTPUT = 'config = v1\none-shot: data-changed\nrecursive: data-changed /config\n';

/** The first ```ts block of a Markdown file: what a reader copies first. */
async function firstTypeScriptBlock(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(text);
  if (!match?.[1]) throw new Error(`${file} has no ts code block`);
  return match[1];
}

// The README points at these scripts; they must keep running and saying what they claim.
describe('examples', () => {
  it('quick-start: server, chroot, one-shot and recursive watches', async () => {
    const { stdout, stderr } = await node('examples/quick-start.ts');
    expect(stdout).toBe(QUICK_START_OUTPUT);
    expect(stderr).toBe(''); // a library prints nothing by default
  });

  it("README's first example runs as written, and examples/quick-start.ts is that example", async () => {
    const block = await firstTypeScriptBlock('README.md');
    expect(await readFile('examples/quick-start.ts', 'utf8')).toContain(block);
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@zkts/source', '--import', 'tsx', '--input-type=module', '-e', block],
      { timeout: 30_000 },
    );
    expect(stdout).toBe(QUICK_START_OUTPUT);
    expect(stderr).toBe('');
  });

  it("the zkts package README's example runs as written", async () => {
    const block = await firstTypeScriptBlock('packages/zkts/README.md');
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@zkts/source', '--import', 'tsx', '--input-type=module', '-e', block],
      { timeout: 30_000 },
    );
    expect(stdout).toBe('v1\n');
    expect(stderr).toBe('');
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

  it('testing: the mocha example passes, run as its README says', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'node_modules/mocha/bin/mocha.js',
        '--node-option',
        'import=tsx',
        '--node-option',
        'conditions=@zkts/source',
        'examples/testing/worker-service.mocha-test.ts',
      ],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/^ {2}3 passing/m);
    expect(stdout).not.toMatch(/failing/);
  }, 90_000);

  it('testing: the jest example passes, run as its README says', async () => {
    // Jest reports on stderr; a failed test makes it exit non-zero, which rejects here
    const { stderr } = await run(
      process.execPath,
      ['node_modules/jest/bin/jest.js', '-c', 'examples/testing/jest.config.mjs', '--ci'],
      { timeout: 120_000 },
    );
    expect(stderr).toMatch(/^Tests: +3 passed, 3 total$/m);
  }, 150_000);

  it('tree-demo: the data tree tour ends with a snapshot copy of the same digest', async () => {
    const { stdout } = await node('examples/tree-demo.ts');
    expect(stdout).toMatch(/closeSession alice +→ OK/);
    expect(stdout).toMatch(/digest ([0-9a-f]+) → copy \1\n$/);
  });
});
