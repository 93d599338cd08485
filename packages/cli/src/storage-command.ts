import { UsageError } from './server-command';
import { importZooKeeperDataDir } from './storage/import-zookeeper';
import { inspectFile } from './storage/inspect';

export const STORAGE_USAGE = `Usage: zkts storage inspect [--data] <file>
       zkts storage import <ZooKeeper dataDir> <zkts dataDir>

  inspect <file>   print a zkts txn log segment (one line per txn: time, session, cxid, zxid,
                   type, path, data) or snapshot (every znode's Stat, then the sessions); the
                   files are in <dataDir>/zkts-v1. --data also prints each znode's data.
  import <zk> <zkts>  read a ZooKeeper 3.x dataDir (its version-2: newest valid snapshot, then
                   the txn logs after it, Adler-32 checked) and write it as a zkts dataDir that
                   \`zkts server --data-dir\` starts from (sessions keep their timeouts)
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
  if (subcommand === 'import') {
    const [source, target, ...extra] = rest;
    if (source === undefined || target === undefined || extra.length > 0) throw new UsageError(STORAGE_USAGE);
    const summary = await importZooKeeperDataDir(source, target, (message) =>
      process.stderr.write(`zkts storage import: WARN ${message}\n`),
    );
    process.stdout.write(
      `imported ${summary.snapshot ?? 'no snapshot'} + ${summary.txns} txns: ${summary.nodes} znodes, ${summary.sessions} sessions, last zxid 0x${summary.lastZxid.toString(16)}\n`,
    );
    return 0;
  }
  throw new UsageError(`unknown storage command ${JSON.stringify(subcommand)}\n\n${STORAGE_USAGE}`);
}
