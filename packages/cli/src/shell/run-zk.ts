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

/** Integer.parseInt for an option value, failing with a message rather than zkCli's stack trace. */
export function parseInteger(text: string, what: string): number {
  if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new CommandError(`${what} must be an integer, not "${text}"`);
  }
  return Number(text);
}
