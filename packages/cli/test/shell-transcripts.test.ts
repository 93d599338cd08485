/**
 * `zkts shell` against the zkts server, fed each transcripts/*.zkcli script on stdin, must print
 * what the real zkCli 3.8 printed for it against the real ZooKeeper (recorded in *.zkcli.out by
 * record-zkcli-transcripts.ts). The `*.script` ones use the ZooKeeper 3.4 forms that zkCli 3.8
 * no longer has (ls2, rmr, set path data version); their `*.expected` output is written from
 * 3.4's zkCli as its documentation describes it: `ls2` prints the children then the Stat, `set`
 * prints the Stat of the node it changed, `rmr` prints nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type ZooKeeperServer } from '@zkts/server';
import { afterEach, describe, expect, it } from 'vitest';
import { runShell } from './support/run-shell';
import { normaliseTranscript, recordedScripts, scriptFor, TRANSCRIPTS_DIR } from './support/transcript';

const quiet = { info() {}, warn() {}, error() {} };
let server: ZooKeeperServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('zkts shell prints what zkCli 3.8 printed', () => {
  for (const name of recordedScripts()) {
    it(`for ${name}`, async () => {
      server = await createServer({ port: 0, logger: quiet });
      const script = scriptFor(readFileSync(join(TRANSCRIPTS_DIR, name), 'utf8'), server.connectString);
      const expected = readFileSync(join(TRANSCRIPTS_DIR, `${name}.out`), 'utf8');
      const run = await runShell(['--server', server.connectString, '--keep-going'], script);
      expect(normaliseTranscript(run.output)).toBe(expected);
    }, 60_000);
  }
});

describe('zkts shell takes the ZooKeeper 3.4 forms as 3.4 did', () => {
  for (const name of readdirSync(TRANSCRIPTS_DIR).filter((file) => file.endsWith('.script'))) {
    it(`for ${name}`, async () => {
      server = await createServer({ port: 0, logger: quiet });
      const script = readFileSync(join(TRANSCRIPTS_DIR, name), 'utf8');
      const expected = readFileSync(join(TRANSCRIPTS_DIR, name.replace(/\.script$/, '.expected')), 'utf8');
      const run = await runShell(['--server', server.connectString, '--keep-going'], script);
      expect(normaliseTranscript(run.output)).toBe(expected);
      expect(run.code).toBe(1); // the set with a stale version failed
    }, 60_000);
  }
});
