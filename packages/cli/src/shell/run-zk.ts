import { CommandError } from './command-error';
import { cliErrorMessage, isZooKeeperError } from './zk-format';

/**
 * Runs a client call and turns a ZooKeeper error into zkCli's message for it (`Node does not
 * exist: /a`); `path` stands in when the error carries none.
 */
export async function zkCall<T>(call: () => Promise<T>, path?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asCommandError(error, path);
  }
}

export function asCommandError(error: unknown, path?: string): CommandError {
  if (error instanceof CommandError) return error;
  if (isZooKeeperError(error))
    return new CommandError(cliErrorMessage(error.code, error.path ?? path), 1, error.code);
  return new CommandError(error instanceof Error ? error.message : String(error));
}

const INT_RANGE = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Integer.parseInt for an option value (a Java int: versions, batch sizes), failing with a
 * message where zkCli dies with a NumberFormatException stack trace.
 */
export function parseInteger(text: string, what: string): number {
  const value = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= INT_RANGE.min && value <= INT_RANGE.max)) {
    throw new CommandError(
      `${what} must be an integer from ${INT_RANGE.min} to ${INT_RANGE.max}, not "${text}"`,
    );
  }
  return value;
}
