import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from './server-command';
import type { ShellIO } from './shell/command';
import { runInteractive } from './shell/interactive';
import { Shell, type ShellOptions } from './shell/shell';

export const SHELL_USAGE = `Usage: zkts shell [options] [command [args…]]

A ZooKeeper shell that takes zkCli's commands (3.8, and the 3.4 forms) and prints what zkCli prints.
With a command: runs it and exits (non-zero on failure). With -f or input that is not a
terminal: runs one command a line, stopping at the first failure. Otherwise: interactive,
with history (~/.zkts_history, or $ZKTS_HISTORY_FILE) and Tab completion of commands and paths.

Options:
  --server, -server <hosts>   host:port[,host:port…][/chroot] (default 127.0.0.1:2181)
  -f, --file <script>         run the commands in this file
  --keep-going                in a script, go on after a failed command (exit code: the first failure's)
  --json                      one JSON object a line per command and per watch event
  --timeout <ms>              how long a command waits for a connection (default 10000)
  --tls                       connect with TLS (the server's secureClientPort), trusting Node's CAs
  --tls-ca <pem>              trust these CA certificates (implies --tls)
  --tls-cert <pem>, --tls-key <pem>
                              present this client certificate (the session is x509:<subject>)
  --sasl-user <name>          SASL DIGEST-MD5 as this user; the password from $ZKTS_SASL_PASSWORD
  -h, --help                  show this help
`;

export interface ShellCommandOptions {
  server: string;
  file?: string;
  keepGoing: boolean;
  json: boolean;
  timeoutMs: number;
  /** The command to run once, as the OS shell split it. */
  command: string[];
  /** TLS: the files given (any of them, or --tls, turns it on). */
  tls?: { ca?: string; cert?: string; key?: string };
  /** SASL DIGEST-MD5 user (password from the environment, never the command line). */
  saslUser?: string;
}

/** Parses options up to the first word that is not one: the rest is the command to run. */
export function shellOptionsFromArgs(args: readonly string[]): ShellCommandOptions | 'help' {
  const options: ShellCommandOptions = {
    server: '127.0.0.1:2181',
    keepGoing: false,
    json: false,
    timeoutMs: 10_000,
    command: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--server':
      case '-server':
        options.server = value();
        break;
      case '-f':
      case '--file':
        options.file = value();
        break;
      case '--keep-going':
        options.keepGoing = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--timeout': {
        const ms = Number(value());
        if (!Number.isInteger(ms) || ms <= 0)
          throw new UsageError('--timeout needs a positive number of milliseconds');
        options.timeoutMs = ms;
        break;
      }
      case '--tls':
        options.tls ??= {};
        break;
      case '--tls-ca':
        options.tls = { ...options.tls, ca: value() };
        break;
      case '--tls-cert':
        options.tls = { ...options.tls, cert: value() };
        break;
      case '--tls-key':
        options.tls = { ...options.tls, key: value() };
        break;
      case '--sasl-user':
        options.saslUser = value();
        break;
      case '-h':
      case '--help':
        return 'help';
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}\n\n${SHELL_USAGE}`);
        options.command = args.slice(i);
        return options;
    }
  }
  return options;
}

/** Ctrl-C stops the running command (a `watch`, a long `du`); a second one exits at once. */
function interruptible(): { signal: () => AbortSignal; dispose: () => void } {
  let current = new AbortController();
  const onSigint = () => {
    if (current.signal.aborted) process.exit(130);
    current.abort();
  };
  process.on('SIGINT', onSigint);
  return {
    signal: () => {
      if (current.signal.aborted) current = new AbortController();
      return current.signal;
    },
    dispose: () => process.off('SIGINT', onSigint),
  };
}

/** Runs lines one after the other; the exit code is the first failure's (0 when none). */
async function runScript(
  shell: Shell,
  lines: AsyncIterable<string> | Iterable<string>,
  keepGoing: boolean,
  signal: () => AbortSignal,
) {
  let exitCode = 0;
  for await (const line of lines) {
    if (line.trimStart().startsWith('#')) continue;
    const outcome = await shell.execute(line, signal());
    if (outcome.exitCode !== 0 && exitCode === 0) exitCode = outcome.exitCode;
    if (outcome.quit || (exitCode !== 0 && !keepGoing)) break;
  }
  return exitCode;
}

/**
 * `zkts shell`: one command, a script (-f or piped input) or an interactive session. Returns
 * the exit code.
 */
export async function runShellCommand(
  args: readonly string[],
  io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
  clientOptions: ShellOptions['clientOptions'] = {},
): Promise<number> {
  const options = shellOptionsFromArgs(args);
  if (options === 'help') {
    io.stdout.write(SHELL_USAGE);
    return 0;
  }
  clientOptions = { ...securityOptions(options), ...clientOptions };
  const lines: ShellIO = {
    out: (text) => io.stdout.write(`${text}\n`),
    err: (text) => io.stderr.write(`${text}\n`),
  };
  const shellOptions = (shellIO: ShellIO, interactive: boolean): ShellOptions => ({
    server: options.server,
    io: shellIO,
    connectTimeoutMs: options.timeoutMs,
    json: options.json,
    announceFirstConnect: interactive,
    clientOptions,
  });
  if (options.command.length === 0 && options.file === undefined && io.stdin.isTTY === true) {
    lines.out(`Connecting to ${options.server}`);
    lines.out('Welcome to zkts (a ZooKeeper 3.8 compatible shell)! Type help for the commands.');
    return runInteractive((shellIO) => new Shell(shellOptions(shellIO, true)), io.stdin, io.stdout);
  }
  const shell = new Shell(shellOptions(lines, false));
  const interrupt = interruptible();
  try {
    if (options.command.length > 0)
      return (await shell.execute(options.command, interrupt.signal())).exitCode;
    if (options.file !== undefined) {
      let text: string;
      try {
        text = readFileSync(options.file, 'utf8');
      } catch (error) {
        throw new UsageError(
          `cannot read ${options.file}: ${error instanceof Error ? error.message : error}`,
        );
      }
      return await runScript(shell, text.split('\n'), options.keepGoing, interrupt.signal);
    }
    return await runScript(
      shell,
      createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY }),
      options.keepGoing,
      interrupt.signal,
    );
  } finally {
    interrupt.dispose();
    await shell.close({ quiet: true });
  }
}

function readOption(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${error instanceof Error ? error.message : error}`);
  }
}

/** The client's tls and sasl options from the flags (files read now, so a typo fails at once). */
function securityOptions(options: ShellCommandOptions): NonNullable<ShellOptions['clientOptions']> {
  const result: NonNullable<ShellOptions['clientOptions']> = {};
  const tls = options.tls;
  if (tls !== undefined) {
    result.tls = {
      ...(tls.ca === undefined ? {} : { ca: readOption(tls.ca, '--tls-ca') }),
      ...(tls.cert === undefined ? {} : { cert: readOption(tls.cert, '--tls-cert') }),
      ...(tls.key === undefined ? {} : { key: readOption(tls.key, '--tls-key') }),
    };
  }
  if (options.saslUser !== undefined) {
    const password = process.env.ZKTS_SASL_PASSWORD;
    if (password === undefined) throw new UsageError('--sasl-user needs the password in $ZKTS_SASL_PASSWORD');
    result.sasl = { mechanism: 'DIGEST-MD5', username: options.saslUser, password };
  }
  return result;
}
