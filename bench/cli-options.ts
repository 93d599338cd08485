/**
 * The benches' command-line options, read where they are used: `--name value` pairs and bare
 * `--flag`s after the script's path. A number option given something else stops the bench with
 * one line instead of running with NaN.
 */
const args = process.argv.slice(2);

/** The value after `--name`, or undefined. */
export function textOption(name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

export function numberOption(name: string, fallback: number): number {
  const text = textOption(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new Error(`--${name} takes a number, not ${JSON.stringify(text)}`);
  return value;
}

/** `--name a,b,c` as a list, or undefined. */
export function listOption(name: string): string[] | undefined {
  return textOption(name)?.split(',');
}

/** Whether the bare `--name` was given. */
export function flag(name: string): boolean {
  return args.includes(`--${name}`);
}
