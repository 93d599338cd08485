import {
  type ClientOptions,
  type ConnectionState,
  createClient,
  type WatchEvent,
  type ZooKeeperClient,
} from '@zkts/client';
import { type CommandContext, type ShellCommand, type ShellIO, usageOf } from './command';
import { CommandError } from './command-error';
import { COMMANDS } from './commands/index';
import { asCommandError } from './run-zk';
import { tokenize } from './tokenize';
import { keeperMessage } from './zk-format';

export interface ShellOptions {
  /** `host:port[,host:port…][/chroot]`. */
  server: string;
  io: ShellIO;
  /** How long a command waits for a connection before failing with ConnectionLoss (default 10 s). */
  connectTimeoutMs?: number;
  /** One JSON line per command (and per watch event) instead of zkCli's text. */
  json?: boolean;
  /** Print the first connection's SyncConnected event (zkCli does; scripts do not want it). */
  announceFirstConnect?: boolean;
  /** Passed to createClient (a transport, timeouts). */
  clientOptions?: ClientOptions;
}

export interface LineOutcome {
  /** 0 when the command succeeded (or the line was empty), else zkCli's exit code. */
  exitCode: number;
  /** `quit` was run: the session is closed and the caller should stop reading. */
  quit: boolean;
}

/** The commands the shell runs itself (ZooKeeperMain.processZKCmd), with their synopses. */
const BUILTINS: ReadonlyArray<Pick<ShellCommand, 'name' | 'synopsis'>> = [
  { name: 'close', synopsis: '' },
  { name: 'connect', synopsis: 'host:port' },
  { name: 'history', synopsis: '' },
  { name: 'printwatches', synopsis: 'on|off' },
  { name: 'quit', synopsis: '' },
  { name: 'redo', synopsis: 'cmdno' },
];

const USAGE_HEADER = 'ZooKeeper -server host:port -client-configuration properties-file cmd args';

/** zkCli's usage text: the header and every 3.8 command, in Java's string order. */
export function usageLines(): string[] {
  const listed = [...[...COMMANDS.values()].filter((command) => !command.hidden), ...BUILTINS].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return [USAGE_HEADER, ...listed.map((command) => `\t${usageOf(command)}`)];
}

const EXTRAS = [
  'zkts extras:',
  '\thelp                 this text',
  '\tget shows binary data as 0x… hex',
  '\ttree [path]          draw the subtree',
  '\tdu path              node count and data bytes of a subtree',
  '\twatch path           print the subtree’s events until Ctrl-C',
  '\tls2 path [watch], rmr path, set path data version: the ZooKeeper 3.4 forms',
];

/** Every command name, for completion. */
export function commandNames(): string[] {
  return [...new Set([...COMMANDS.keys(), ...BUILTINS.map((b) => b.name), 'help'])].sort();
}

const EVENT_TYPES: Record<WatchEvent['type'], string> = {
  created: 'NodeCreated',
  deleted: 'NodeDeleted',
  'data-changed': 'NodeDataChanged',
  'children-changed': 'NodeChildrenChanged',
  'data-watch-removed': 'DataWatchRemoved',
  'child-watch-removed': 'ChildWatchRemoved',
  'persistent-watch-removed': 'PersistentWatchRemoved',
  closed: 'None', // never printed: see printWatchEvent
};

/** Java's KeeperState names for the client's states, as WatchedEvent prints them. */
const KEEPER_STATES: Record<ConnectionState['type'], string | undefined> = {
  connecting: undefined,
  connected: 'SyncConnected',
  'connected-read-only': 'ConnectedReadOnly',
  disconnected: 'Disconnected',
  expired: 'Expired',
  'auth-failed': 'AuthFailed',
  closed: 'Closed',
};

/** ZooKeeper.States as zkCli's prompt shows them. */
const PROMPT_STATES: Record<ConnectionState['type'], string> = {
  connecting: 'CONNECTING',
  connected: 'CONNECTED',
  'connected-read-only': 'CONNECTEDREADONLY',
  disconnected: 'CONNECTING',
  expired: 'CLOSED',
  'auth-failed': 'AUTH_FAILED',
  closed: 'CLOSED',
};

/**
 * One zkCli session: runs command lines against a client, keeps the numbered history, prints
 * watch events as they arrive. Knows nothing of terminals or files (see shell-command.ts).
 */
export class Shell {
  private zk: ZooKeeperClient | undefined;
  private server: string;
  private readonly history = new Map<number, string>();
  private commandCount = 0;
  private printWatches = true;
  private announced = false;
  private readonly connectTimeoutMs: number;
  private readonly eventsThisTurn = new Set<string>();

  constructor(private readonly options: ShellOptions) {
    this.server = options.server;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.announced = options.announceFirstConnect !== false;
    this.connect(this.server);
  }

  /** `[zk: host:port(CONNECTED) 3] ` */
  get prompt(): string {
    const state = this.zk ? PROMPT_STATES[this.zk.state.type] : 'CLOSED';
    return `[zk: ${this.server}(${state}) ${this.commandCount}] `;
  }

  /** The current client, for completion (undefined after close). */
  get client(): ZooKeeperClient | undefined {
    return this.zk;
  }

  /**
   * Runs one line (or, from a command line, its words as the OS shell split them); never throws
   * for anything a user can type.
   */
  async execute(
    line: string | readonly string[],
    signal: AbortSignal = new AbortController().signal,
  ): Promise<LineOutcome> {
    const words = typeof line === 'string' ? tokenize(line) : [...line];
    line = typeof line === 'string' ? line : words.join(' ');
    if (words.length === 0) return { exitCode: 0, quit: false };
    this.history.set(this.commandCount, line);
    try {
      return await this.process(words, line, signal);
    } finally {
      this.commandCount++;
    }
  }

  /**
   * Closes the session: printing its Closed event as zkCli's `close`, `quit` and `connect` do,
   * or quietly at the end of the input, where zkCli just exits.
   */
  async close(options: { quiet?: boolean } = {}): Promise<void> {
    const zk = this.zk;
    this.zk = undefined;
    if (zk === undefined) return;
    if (options.quiet === true) zk.removeAllListeners('state');
    await zk.close();
  }

  private async process(words: string[], line: string, signal: AbortSignal): Promise<LineOutcome> {
    const ok = { exitCode: 0, quit: false };
    const name = words[0] ?? '';
    const results: unknown[] = [];
    const messages: string[] = [];
    const json = this.options.json === true;
    const io: ShellIO = json ? { out: () => {}, err: (text) => messages.push(text) } : this.options.io;
    const report = (error?: CommandError) => {
      if (json) {
        const base = { command: line, ok: error === undefined };
        const body = error
          ? {
              ...base,
              error: error.message,
              ...(error.code === undefined ? {} : { code: error.code }),
              messages,
            }
          : { ...base, result: results.length <= 1 ? (results[0] ?? null) : results };
        this.options.io.out(JSON.stringify(body));
      } else if (error && error.message.length > 0) {
        for (const text of error.message.split('\n')) io.err(text);
      }
      return error ? { exitCode: error.exitCode, quit: false } : ok;
    };
    try {
      switch (name) {
        case 'quit':
          await this.close();
          return { exitCode: 0, quit: true };
        case 'history':
          for (let i = this.commandCount - 10; i <= this.commandCount; i++) {
            if (i >= 0) io.out(`${i} - ${this.history.get(i) ?? ''}`);
          }
          return report();
        case 'redo':
          return await this.redo(words, signal, report);
        case 'printwatches':
          if (words.length === 1) io.out(`printwatches is ${this.printWatches ? 'on' : 'off'}`);
          else this.printWatches = words[1] === 'on';
          return report();
        case 'connect':
          await this.close();
          if (words[1] !== undefined) this.server = words[1];
          this.connect(this.server);
          return report();
        case 'close':
          await this.close();
          return report();
        case 'help':
          for (const text of [...usageLines(), ...EXTRAS]) io.out(text);
          return report();
      }
      const command = COMMANDS.get(name);
      if (command === undefined) {
        for (const text of usageLines()) io.err(text);
        throw new CommandError(`Command not found: Command not found ${name}`, 127);
      }
      const context: CommandContext = {
        words,
        out: io.out,
        err: io.err,
        client: () => this.liveClient(words, io),
        watcher: (event) => this.printWatchEvent(event),
        result: (value) => results.push(value),
        emit: (value) => {
          if (json) this.options.io.out(JSON.stringify(value));
        },
        signal,
      };
      await command.run(context);
      return report();
    } catch (error) {
      return report(asCommandError(error));
    }
  }

  private async redo(
    words: string[],
    signal: AbortSignal,
    report: (error?: CommandError) => LineOutcome,
  ): Promise<LineOutcome> {
    const index = Number(words[1]);
    if (words[1] === undefined) return report(); // zkCli does nothing either
    if (!Number.isInteger(index) || index < 0 || index >= this.commandCount) {
      return report(new CommandError('Command index out of range'));
    }
    const again = this.history.get(index) ?? '';
    const againWords = tokenize(again);
    if (againWords[0] === 'redo') return report(new CommandError('No redoing redos'));
    this.history.set(this.commandCount, again);
    return this.process(againWords, again, signal);
  }

  private connect(server: string): void {
    const zk = createClient(server, { sessionTimeout: 30_000, ...this.options.clientOptions });
    zk.on('state', (state) => {
      if (zk !== this.zk && state.type !== 'closed') return;
      const keeperState = KEEPER_STATES[state.type];
      if (keeperState === undefined) return;
      if (state.type === 'connected' && !this.announced) {
        this.announced = true;
        return;
      }
      this.printEvent(keeperState, 'None', null);
    });
    this.zk = zk;
  }

  /** The client once connected; zkCli's "Not connected" or a ConnectionLoss when there is none. */
  private async liveClient(words: readonly string[], io: ShellIO): Promise<ZooKeeperClient> {
    const zk = this.zk;
    const type = zk?.state.type;
    if (zk === undefined || type === 'closed' || type === 'expired' || type === 'auth-failed') {
      io.out('Not connected');
      throw new CommandError('');
    }
    if (type === 'connected' || type === 'connected-read-only') return zk;
    // a timer of our own, not AbortSignal.timeout: that one does not keep the process alive,
    // and while the client waits between attempts nothing else might
    const gaveUp = new AbortController();
    const timer = setTimeout(() => gaveUp.abort(), this.connectTimeoutMs);
    try {
      await zk.connected({ signal: gaveUp.signal });
      return zk;
    } catch {
      const path = words.slice(1).find((word) => word.startsWith('/'));
      throw new CommandError(keeperMessage(-4, path), 1, -4);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * zkCli's default watcher is one object, and the Java client calls each watcher once per
   * notification even when several of its watches (get -w and stat -w) were on the path: the
   * same event delivered twice in one turn is printed once.
   */
  private printWatchEvent(event: WatchEvent): void {
    // a pending watch ended by close(): the shell already printed the Closed state event
    if (event.type === 'closed') return;
    const key = `${event.type} ${event.path}`;
    if (this.eventsThisTurn.has(key)) return;
    if (this.eventsThisTurn.size === 0) setImmediate(() => this.eventsThisTurn.clear());
    this.eventsThisTurn.add(key);
    this.printEvent('SyncConnected', EVENT_TYPES[event.type], event.path);
  }

  private printEvent(state: string, type: string, path: string | null): void {
    if (!this.printWatches) return;
    if (this.options.json === true) {
      this.options.io.out(JSON.stringify({ event: { state, type, path } }));
      return;
    }
    const { out } = this.options.io;
    out('');
    out('WATCHER::');
    out('');
    out(`WatchedEvent state:${state} type:${type} path:${path}`);
  }
}
