import { ConfigError } from '@zkts/server';
import { cliLogger } from './cli-logger';
import { runEnsembleCommand } from './ensemble-command';
import { runFourLetterWordCommand } from './four-letter-word-command';
import { runServerCommand, UsageError } from './server-command';
import { runShellCommand } from './shell-command';
import { runStorageCommand } from './storage-command';
import { cliVersion } from './version';

export const USAGE = `Usage: zkts <command> [options]

Commands:
  server    run a ZooKeeper-compatible server or ensemble member (zkts server --help)
  ensemble  run a local ensemble for development (zkts ensemble --size 3)
  shell     a zkCli-compatible shell (zkts shell --help)
  4lw       send a four-letter word to a server (zkts 4lw host:port ruok)
  storage   print a zkts txn log segment or snapshot (zkts storage inspect <file>)

Options:
  --version print the version
`;

/** Runs the `zkts` command line; returns the exit code for immediate failures. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'server':
        await runServerCommand(rest, cliLogger('zkts server '));
        return undefined;
      case 'ensemble':
        return await runEnsembleCommand(rest);
      case 'shell':
        return await runShellCommand(rest);
      case '4lw':
        return await runFourLetterWordCommand(rest);
      case 'storage':
        return await runStorageCommand(rest);
      case '--version':
      case '-v':
      case 'version':
        process.stdout.write(`zkts ${cliVersion()}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`zkts: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`zkts ${command}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`zkts ${command}: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
