import { createConnection } from 'node:net';
import { parseConnectString } from '@zkts/client';
import { UsageError } from './server-command';

export const FOUR_LETTER_WORD_USAGE = `Usage: zkts 4lw <host:port> <word> [--timeout ms]

Sends a four-letter word (ruok, srvr, stat, mntr, conf, cons, envi, wchs, dump, …) to a
ZooKeeper or zkts server's client port and prints the answer. The server answers only the
words in its 4lw.commands.whitelist (default: srvr).
`;

/** Sends `word` and resolves with everything the server wrote before closing. */
export function sendFourLetterWord(
  host: string,
  port: number,
  word: string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection({ host, port }, () => socket.end(word));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** `zkts 4lw host:port word`: prints the answer; exit 1 when the server cannot be reached. */
export async function runFourLetterWordCommand(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out.write(FOUR_LETTER_WORD_USAGE);
    return 0;
  }
  const positional = [...args];
  let timeoutMs = 10_000;
  const timeoutAt = positional.indexOf('--timeout');
  if (timeoutAt !== -1) {
    timeoutMs = Number(positional[timeoutAt + 1]);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
      throw new UsageError('--timeout needs a positive number of milliseconds');
    positional.splice(timeoutAt, 2);
  }
  const [address, word, ...rest] = positional;
  if (address === undefined || word === undefined || rest.length > 0)
    throw new UsageError(FOUR_LETTER_WORD_USAGE);
  if (!/^[a-z]{4}$/.test(word))
    throw new UsageError(`"${word}" is not a four-letter word (four lower-case letters)`);
  const server = parseConnectString(address).servers[0];
  if (server === undefined) throw new UsageError(`no host:port in "${address}"`);
  const answer = await sendFourLetterWord(server.host, server.port, word, timeoutMs);
  out.write(answer.endsWith('\n') || answer.length === 0 ? answer : `${answer}\n`);
  return 0;
}
