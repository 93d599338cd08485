import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Data-driven trace files (`testdata/*.txt`, after etcd-raft's): each case is a command line,
 * `----`, and the lines the command must print, then a blank line; `#` and blank lines are
 * comments, kept when rewriting. With `rewrite` the expected lines are regenerated from the
 * current behaviour (review the diff).
 */
interface TraceCase {
  command: string;
  expected: string[];
  /** Comment and blank lines before the case. */
  preamble: string[];
}

function parseTraceCases(text: string): { cases: TraceCase[]; trailer: string[] } {
  const lines = text.split('\n');
  const cases: TraceCase[] = [];
  let preamble: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) {
      preamble.push(line);
      continue;
    }
    if (lines[i + 1] !== '----')
      throw new Error(`line ${i + 2}: expected ---- after ${JSON.stringify(line)}`);
    const expected: string[] = [];
    i += 2;
    while (i < lines.length && lines[i]!.trim() !== '') expected.push(lines[i++]!);
    cases.push({ command: line, expected, preamble });
    preamble = [''];
  }
  return { cases, trailer: preamble.slice(1) };
}

/** Runs every case of one trace file through `run` (one interpreter per file) and compares. */
export function checkTraceFile(file: URL, run: (command: string) => string[], rewrite: boolean): void {
  const { cases, trailer } = parseTraceCases(readFileSync(file, 'utf8'));
  const rewritten: string[] = [];
  for (const c of cases) {
    const actual = run(c.command);
    if (rewrite) rewritten.push(...c.preamble, c.command, '----', ...actual);
    else expect(actual, `${file.pathname}: ${c.command}`).toEqual(c.expected);
  }
  if (rewrite) writeFileSync(file, `${[...rewritten, '', ...trailer].join('\n').trimEnd()}\n`);
}
