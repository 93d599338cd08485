export { cliLogger } from './cli-logger';
export { main, USAGE } from './main';
export { runServerCommand, SERVER_USAGE, serverOptionsFromArgs, UsageError } from './server-command';
