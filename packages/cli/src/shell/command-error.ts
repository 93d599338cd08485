/**
 * A command that failed: `message` is printed on stderr as zkCli prints it (several lines when
 * zkCli prints several). The exit code is zkCli's: 127 for an unknown command, else 1.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
    /** The ZooKeeper error code behind it, for --json. */
    readonly code?: number,
  ) {
    super(message);
  }
}
