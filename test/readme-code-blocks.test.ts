/**
 * Every ```ts / ```js block of the README, of every package README and of docs/ is a program
 * that type-checks and runs: a reader who copies one gets code that works. A block that is not
 * a program (a type outline, an API summary) says so in its fence, with a reason:
 * ```ts no-run: <why>.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface CodeBlock {
  /** `packages/<name>/README.md:<line of the opening fence>` */
  where: string;
  /** The fence's info string after the language, e.g. `no-run: an outline of the types`. */
  info: string;
  code: string;
  /** Where the block is written to be checked and run. */
  file: string;
}

/**
 * Where the blocks are written: inside the repository, so that they import the workspace
 * packages as a user's file imports installed ones (and `.mts`: ES modules, top-level await).
 */
const BLOCK_DIR = 'node_modules/.cache/readme-code-blocks';

/** The ```ts / ```js blocks of a Markdown text, with where each starts. */
function codeBlocks(readme: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) body.push(lines[i] ?? '');
    if (open[1] !== 'ts' && open[1] !== 'js') continue;
    // packages/client/README.md:9 → packages-client-README-9.mts: its line N is README line 9 + N
    const file = `${BLOCK_DIR}/${readme.replace(/\.md$/, '').replaceAll('/', '-')}-${fence}.mts`;
    blocks.push({ where: `${readme}:${fence}`, info: (open[2] ?? '').trim(), code: body.join('\n'), file });
  }
  return blocks;
}

const readmes = [
  'README.md',
  ...readdirSync('packages', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((file) => existsSync(file)),
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const blocks = readmes.flatMap((readme) => codeBlocks(readme, readFileSync(readme, 'utf8')));
const runnable = blocks.filter((block) => !block.info.startsWith('no-run'));

/** What a block does besides importing (a block that only imports proves nothing). */
function statementsOf(code: string): string {
  return code
    .replace(/^import\b[\s\S]*?from\s*['"][^'"]+['"];?$/gm, '')
    .replace(/\/\/.*$/gm, '')
    .trim();
}

async function failureText(error: unknown): Promise<string> {
  const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
  return `${stderr}${stdout}` || String(error);
}

describe('README and docs code blocks', () => {
  beforeAll(async () => {
    await rm(BLOCK_DIR, { recursive: true, force: true });
    await mkdir(BLOCK_DIR, { recursive: true });
    for (const block of runnable) await writeFile(block.file, `${block.code}\n`);
    const tsconfig = {
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true },
      include: ['*.mts'],
    };
    await writeFile(`${BLOCK_DIR}/tsconfig.json`, JSON.stringify(tsconfig));
  });

  it('finds the blocks; no-run blocks are few and each says why', () => {
    expect(readmes).toContain('packages/client/README.md');
    expect(runnable.length).toBeGreaterThanOrEqual(14);
    const notRun = blocks.filter((block) => block.info.startsWith('no-run'));
    expect(notRun.length, notRun.map((block) => block.where).join(', ')).toBeLessThanOrEqual(5);
    for (const block of notRun) {
      expect(block.info, `${block.where}: a no-run block needs a reason`).toMatch(/^no-run: \S/);
    }
  });

  it('every runnable block type-checks (strict, as the repository)', async () => {
    try {
      await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${BLOCK_DIR}/tsconfig.json`], {
        timeout: 120_000,
      });
    } catch (error) {
      // tsc names the block's file: packages-<name>-README-<fence line>.mts(N,…) is README line fence + N
      throw new Error(`README code blocks do not type-check:\n${await failureText(error)}`);
    }
  }, 150_000);

  it.each(runnable.map((block) => [block.where, block] as const))(
    '%s runs',
    async (where, block) => {
      expect(statementsOf(block.code), `${where} does nothing but import`).not.toBe('');
      const { NODE_DEBUG: _, ...env } = process.env; // the block's own output, not the client's traces
      let stderr: string;
      try {
        ({ stderr } = await run(
          process.execPath,
          ['--conditions=@zkts/source', '--import', 'tsx', block.file],
          {
            timeout: 60_000,
            env,
          },
        ));
      } catch (error) {
        throw new Error(
          `${where} failed (line N of ${block.file} is README line ${where.split(':')[1]} + N):\n${await failureText(error)}`,
        );
      }
      expect(stderr, `${where} wrote to stderr`).toBe('');
    },
    90_000,
  );
});
