import type { WatchCallback, ZooKeeperClient } from '@zkts/client';
import type { ParsedOptions } from './options';

/** Where a command prints: zkCli's System.out and System.err, one line at a time. */
export interface ShellIO {
  out(line: string): void;
  err(line: string): void;
}

/** What a command gets to run with. */
export interface CommandContext extends ShellIO {
  /** The words of the line, the command name first, quotes removed. */
  readonly words: readonly string[];
  /** The connected client; fails as zkCli does ("Not connected", ConnectionLoss) when there is none. */
  client(): Promise<ZooKeeperClient>;
  /** Prints WATCHER:: events as zkCli's default watcher does (unless printwatches is off). */
  readonly watcher: WatchCallback;
  /** The machine-readable result for --json. */
  result(value: unknown): void;
  /** For --json, a line printed at once (a streamed event); nothing otherwise. */
  emit(value: unknown): void;
  /** Aborted by Ctrl-C, for commands that run until interrupted (watch, du). */
  readonly signal: AbortSignal;
}

export interface ShellCommand {
  readonly name: string;
  /** The argument synopsis zkCli prints after the name, e.g. `[-s] [-w] path` ('' for none). */
  readonly synopsis: string;
  /** Left out of the usage list (commands zkCli 3.8 does not have, the 3.4 forms). */
  readonly hidden?: boolean;
  run(ctx: CommandContext): Promise<void>;
}

/** `name synopsis`, as zkCli prints a command's usage on bad arguments. */
export function usageOf(command: Pick<ShellCommand, 'name' | 'synopsis'>): string {
  return `${command.name} ${command.synopsis}`;
}

export type { ParsedOptions };
