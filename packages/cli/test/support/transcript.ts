/**
 * Transcripts of a shell session (stdout and stderr interleaved as a terminal shows them), made
 * comparable between runs and servers: zkCli's start-up lines dropped, times, zxids, session
 * ids and the version masked.
 */
import { readdirSync } from 'node:fs';

export const TRANSCRIPTS_DIR = new URL('../transcripts/', import.meta.url).pathname;

/** The scripts that have a recording of the real zkCli (`name.zkcli` → `name.zkcli.out`). */
export function recordedScripts(): string[] {
  return readdirSync(TRANSCRIPTS_DIR)
    .filter((file) => file.endsWith('.zkcli'))
    .sort();
}

/** `{{server}}` in a script stands for the address of the server it runs against. */
export function scriptFor(text: string, server: string): string {
  return text.replaceAll('{{server}}', server);
}

export function normaliseTranscript(text: string): string {
  let lines = text.split('\n').filter((line) => !line.startsWith('SLF4J:'));
  if (lines[0]?.startsWith('Connecting to')) {
    // zkCli's banner, and the event of its first connection (zkts shell prints neither in a script)
    lines = lines.slice(lines[1] === 'Welcome to ZooKeeper!' ? 3 : 1);
    const event = lines.indexOf('WatchedEvent state:SyncConnected type:None path:null');
    if (event >= 3) lines.splice(event - 3, 4);
  }
  return lines
    .map((line) =>
      line
        .replace(/^([cm]time) = .*$/, '$1 = <time>')
        .replace(/^([cmp]Zxid) = 0x[0-9a-f]+$/, '$1 = <zxid>')
        .replace(/^ephemeralOwner = 0x(?!0$)[0-9a-f]+$/, 'ephemeralOwner = <session>')
        .replace(/^ZooKeeper CLI version: .*$/, 'ZooKeeper CLI version: <version>'),
    )
    .join('\n');
}
