/** zkCli's ARGS_PATTERN: words, or "…" / '…' taken whole with their quotes removed. */
const ARGS = /\s*([^"']\S*|"[^"]*"|'[^']*')\s*/g;

export function tokenize(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(ARGS)) {
    const word = match[1] ?? '';
    const quoted = word.length >= 2 && (word[0] === '"' || word[0] === "'") && word.at(-1) === word[0];
    words.push(quoted ? word.slice(1, -1) : word);
  }
  return words;
}
