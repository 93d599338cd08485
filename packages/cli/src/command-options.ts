import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A usage mistake: the message is for the user, the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command's `--flag` options (no positionals); a mistake in them is a UsageError. */
export function commandOptions(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...args], strict: true, allowPositionals: false, options }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
