export { cliLogger } from './cli-logger';
export { ENSEMBLE_USAGE, ensembleArgs, runEnsembleCommand } from './ensemble-command';
export { runFourLetterWordCommand, sendFourLetterWord } from './four-letter-word-command';
export { main, USAGE } from './main';
export { runServerCommand, SERVER_USAGE, serverOptionsFromArgs, UsageError } from './server-command';
export { Shell, type ShellOptions } from './shell/shell';
export { runShellCommand, SHELL_USAGE } from './shell-command';
export { type ImportSummary, importZooKeeperDataDir } from './storage/import-zookeeper';
export { runStorageCommand } from './storage-command';
