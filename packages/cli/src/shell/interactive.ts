import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { ShellIO } from './command';
import { commandNames, type Shell } from './shell';

/** `~/.zkts_history`, or `$ZKTS_HISTORY_FILE` (tests point it elsewhere). */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.ZKTS_HISTORY_FILE ?? join(homedir(), '.zkts_history');
}

const HISTORY_SIZE = 1000;

function loadHistory(file: string): string[] {
  try {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0);
    return lines.slice(-HISTORY_SIZE).reverse(); // readline keeps the newest first
  } catch {
    return [];
  }
}

/**
 * Completes the first word from the command names and a word starting with `/` from the
 * children of its parent znode (asked of the server).
 */
export function completer(shell: Shell) {
  return (line: string, callback: (error: null, result: [string[], string]) => void): void => {
    const word = /\S*$/.exec(line)?.[0] ?? '';
    const first = line.trimStart().length === word.length;
    if (first) {
      const hits = commandNames().filter((name) => name.startsWith(word));
      callback(null, [hits, word]);
      return;
    }
    const zk = shell.client;
    if (!word.startsWith('/') || zk === undefined || zk.state.type !== 'connected') {
      callback(null, [[], word]);
      return;
    }
    const slash = word.lastIndexOf('/');
    const parent = slash === 0 ? '/' : word.slice(0, slash);
    const prefix = word.slice(slash + 1);
    zk.getChildren(parent).then(
      ({ children }) => {
        const base = parent === '/' ? '/' : `${parent}/`;
        const hits = children
          .filter((child) => child.startsWith(prefix))
          .sort()
          .map((child) => base + child);
        callback(null, [hits, word]);
      },
      () => callback(null, [[], word]),
    );
  };
}

/**
 * The interactive loop: zkCli's prompt, history kept in a file, Tab completion, watch events
 * printed above the prompt, Ctrl-C stopping a running `watch`/`du` (or, at the prompt, leaving).
 */
export async function runInteractive(
  makeShell: (io: ShellIO) => Shell,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  const file = historyFile();
  let rl: Interface | undefined;
  let busy = false;
  // lines printed while the prompt is shown (watch events): gathered, printed above the
  // prompt together, and the prompt drawn again with what was typed so far
  let pending: Array<[NodeJS.WritableStream, string]> = [];
  const flush = () => {
    const lines = pending;
    pending = [];
    output.write('\r\x1b[K');
    for (const [stream, text] of lines) stream.write(`${text}\n`);
    rl?.setPrompt(shell.prompt);
    rl?.prompt(true);
  };
  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (rl && !busy) {
      if (pending.length === 0) setImmediate(flush);
      pending.push([stream, text]);
    } else {
      stream.write(`${text}\n`);
    }
  };
  const shell: Shell = makeShell({
    out: (text) => write(output, text),
    err: (text) => write(process.stderr, text),
  });
  rl = createInterface({
    input,
    output,
    completer: completer(shell),
    history: loadHistory(file),
    historySize: HISTORY_SIZE,
    terminal: true,
  });
  let running: AbortController | undefined;
  let closed = false;
  rl.on('SIGINT', () => {
    if (running) running.abort();
    else rl?.close();
  });
  rl.on('close', () => {
    closed = true;
  });
  rl.setPrompt(shell.prompt);
  rl.prompt();
  for await (const line of rl) {
    if (line.trim().length > 0) {
      try {
        appendFileSync(file, `${line}\n`);
      } catch {
        // history is a convenience: an unwritable home must not stop the shell
      }
    }
    busy = true;
    running = new AbortController();
    const outcome = await shell.execute(line, running.signal);
    running = undefined;
    busy = false;
    if (outcome.quit) break;
    if (closed) break;
    rl.setPrompt(shell.prompt);
    rl.prompt();
  }
  rl.close();
  await shell.close();
  return 0;
}
