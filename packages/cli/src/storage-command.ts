import { UsageError } from './server-command';
import { inspectFile } from './storage/inspect';

export const STORAGE_USAGE = `Usage: zkts storage inspect [--data] <file>

  inspect <file>   print a zkts txn log segment (one line per txn: time, session, cxid, zxid,
                   type, path, data) or snapshot (every znode's Stat, then the sessions); the
                   files are in <dataDir>/zkts-v1. --data also prints each znode's data.
`;

/** `zkts storage …`; returns the exit code. */
export async function runStorageCommand(args: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '-h' || subcommand === '--help') {
    process.stdout.write(STORAGE_USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand === 'inspect') {
    const withData = rest.includes('--data');
    const files = rest.filter((arg) => arg !== '--data');
    if (files.length !== 1 || files[0]?.startsWith('-')) throw new UsageError(STORAGE_USAGE);
    return inspectFile(files[0] ?? '', (line) => process.stdout.write(`${line}\n`), withData);
  }
  throw new UsageError(`unknown storage command ${JSON.stringify(subcommand)}\n\n${STORAGE_USAGE}`);
}
