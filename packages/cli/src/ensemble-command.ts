import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEnsembleMember, type EnsembleMemberServer, type Logger, silentLogger } from '@zkts/server';
import { openFileStorage, type Storage } from '@zkts/storage';
import { cliLogger } from './cli-logger';
import { commandOptions, UsageError } from './command-options';
import {
  type LocalMemberLayout,
  localEnsembleLayout,
  writeLocalEnsembleFiles,
} from './ensemble/local-ensemble-layout';
import { ensembleOf, serverOptionsFromArgs } from './server-command';

export const ENSEMBLE_USAGE = `Usage: zkts ensemble [options]

Runs a local ensemble for development in this process: every member is a real member (the
same code as zkts server --config), with its own zoo.cfg, dataDir and client, quorum and
election ports on 127.0.0.1. Prints the connect string and each member's role as it changes.
Type commands on stdin to try failures; Ctrl-C stops every member.

Options:
  --size <n>         members (default 3)
  --observers <n>    of which the last n are observers (default 0)
  --base-port <p>    member i gets client port p+i-1, quorum p+100+i-1, election p+200+i-1
                     (default 2181)
  --data-dir <dir>   keep data in <dir>/member-<i> (default: a temp dir removed on exit)
  --tick-time <ms>   tickTime (default 2000)
  --verbose          print every member's log lines on stderr
  -h, --help         show this help

Commands (stdin):
  status             each member's role
  kill <id>          crash a member (no goodbye: its data stays as it is on disk)
  stop <id>          stop a member cleanly
  start <id>         start a stopped or killed member again
  quit               stop everything and exit
`;

interface EnsembleArgs {
  size: number;
  observers: number;
  basePort: number;
  dataDir: string | undefined;
  tickTime: number;
  verbose: boolean;
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

export function ensembleArgs(args: readonly string[]): EnsembleArgs | 'help' {
  const values = commandOptions(args, {
    size: { type: 'string' },
    observers: { type: 'string' },
    'base-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'tick-time': { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  const size = integer('size', values.size as string | undefined, 3, 2, 15);
  const observers = integer('observers', values.observers as string | undefined, 0, 0, size - 1);
  if (size - observers < 2) throw new UsageError('an ensemble needs at least 2 voting members');
  return {
    size,
    observers,
    basePort: integer('base-port', values['base-port'] as string | undefined, 2181, 1, 65_535 - 200 - size),
    dataDir: values['data-dir'] as string | undefined,
    tickTime: integer('tick-time', values['tick-time'] as string | undefined, 2000, 10, 60_000),
    verbose: values.verbose === true,
  };
}

/** One member slot: its layout, and the running member if any. */
class LocalMember {
  server: EnsembleMemberServer | undefined;
  private storage: Storage | undefined;
  reported = '';

  constructor(
    readonly layout: LocalMemberLayout,
    private readonly logger: Logger,
    private readonly onFatal: (id: number, error: Error) => void,
  ) {}

  get state(): string {
    const host = this.server?.host;
    if (host === undefined) return 'down';
    if (host.serving || host.role === 'looking') return host.role;
    return `${host.role} (syncing)`;
  }

  async start(): Promise<void> {
    if (this.server !== undefined) throw new UsageError(`member ${this.layout.id} is running`);
    const options = await serverOptionsFromArgs(['--config', this.layout.configFile], this.logger);
    if (options === 'help') throw new Error('unreachable');
    const member = await ensembleOf(options, this.logger);
    if (member === undefined) throw new Error(`${this.layout.configFile} is not an ensemble config`);
    const { dataDir, dataLogDir } = member.config;
    if (dataDir === undefined) throw new Error(`${this.layout.configFile} has no dataDir`);
    // opened here, not by the member: after a `kill` this process must free the dataDir lock
    // itself, as the death of a member's own process would
    this.storage = await openFileStorage({
      dataDir,
      dataLogDir,
      warn: (message) => this.logger.warn(message),
    });
    this.server = await createEnsembleMember({
      config: member.config,
      ensemble: member.ensemble,
      storage: this.storage,
      logger: this.logger,
      onFatal: (error) => {
        this.server = undefined;
        this.onFatal(this.layout.id, error);
      },
    });
  }

  async stop(how: 'kill' | 'stop'): Promise<void> {
    const server = this.server;
    if (server === undefined) throw new UsageError(`member ${this.layout.id} is not running`);
    this.server = undefined;
    if (how === 'stop') {
      await server.close();
      return;
    }
    await server.crash();
    await this.storage?.close();
  }
}

/**
 * `zkts ensemble`: starts the members, reports role changes on stdout, takes commands on stdin,
 * and stops everything on SIGINT/SIGTERM or `quit` (exit 0).
 */
export async function runEnsembleCommand(args: readonly string[]): Promise<number | undefined> {
  const parsed = ensembleArgs(args);
  if (parsed === 'help') {
    process.stdout.write(ENSEMBLE_USAGE);
    return 0;
  }
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const root = parsed.dataDir ?? mkdtempSync(join(tmpdir(), 'zkts-ensemble-'));
  const layout = localEnsembleLayout({ ...parsed, root });
  writeLocalEnsembleFiles(layout, parsed);
  const logger = parsed.verbose ? cliLogger('') : silentLogger;
  const members = layout.map(
    (l) => new LocalMember(l, logger, (id, error) => out(`member ${id} stopped: ${error.message}`)),
  );
  const byId = (text: string | undefined): LocalMember => {
    const member = members.find((m) => String(m.layout.id) === text);
    if (member === undefined)
      throw new UsageError(`no member ${JSON.stringify(text ?? '')}: ids are 1 to ${members.length}`);
    return member;
  };

  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(watcher);
      input?.close();
      await Promise.allSettled(members.filter((m) => m.server !== undefined).map((m) => m.stop('stop')));
      if (parsed.dataDir === undefined) rmSync(root, { recursive: true, force: true });
    })();
    return stopping;
  };
  const onSignal = () => void stopAll().then(() => process.exit(0));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  out(
    `zkts ensemble: ${parsed.size} members${parsed.observers > 0 ? ` (${parsed.observers} observers)` : ''}, tickTime ${parsed.tickTime} ms, data in ${root}`,
  );
  for (const { id, clientPort, quorumPort, electionPort } of layout)
    out(`  member ${id}: client 127.0.0.1:${clientPort}, quorum ${quorumPort}, election ${electionPort}`);
  let watcher: ReturnType<typeof setInterval> | undefined;
  let input: ReturnType<typeof createInterface> | undefined;
  try {
    await Promise.all(members.map((m) => m.start()));
  } catch (error) {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    throw error;
  }
  out(`connect string: ${layout.map((l) => `127.0.0.1:${l.clientPort}`).join(',')}`);

  const report = () => {
    for (const member of members) {
      const state = member.state;
      if (state === member.reported) continue;
      member.reported = state;
      out(`member ${member.layout.id}: ${state}`);
    }
  };
  watcher = setInterval(report, 50);
  watcher.unref();

  const run = async (line: string): Promise<void> => {
    const [command, argument] = line.trim().split(/\s+/);
    switch (command) {
      case undefined:
      case '':
        return;
      case 'status':
        for (const m of members) out(`member ${m.layout.id}: ${m.state}`);
        return;
      case 'kill':
      case 'stop':
        await byId(argument).stop(command);
        return;
      case 'start':
        await byId(argument).start();
        return;
      case 'quit':
      case 'exit':
        await stopAll();
        process.exit(0);
        return;
      case 'help':
        out(ENSEMBLE_USAGE.slice(ENSEMBLE_USAGE.indexOf('Commands (stdin):')));
        return;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)} (status, kill, stop, start, quit)`);
    }
  };
  input = createInterface({ input: process.stdin, terminal: false });
  // one command at a time, in order; a failed one is reported and the next is read
  let queue = Promise.resolve();
  input.on('line', (line) => {
    queue = queue.then(() => run(line).catch((error: Error) => out(`error: ${error.message}`)));
  });
  // stdin closed (e.g. `zkts ensemble < /dev/null`): keep running until a signal
  return undefined;
}
