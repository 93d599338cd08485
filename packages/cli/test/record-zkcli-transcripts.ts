/**
 * Records what the real zkCli (ZooKeeper 3.8, Debian's) prints for each transcripts/*.zkcli
 * script, run through its stdin against a fresh real ZooKeeper, into `*.zkcli.out`.
 * Run: npx tsx packages/cli/test/record-zkcli-transcripts.ts
 * zkCli prints watch events from another thread and exits at the end of its input without
 * waiting for them: if a recording lacks the AuthFailed event that ends bad-input.zkcli, zkCli
 * quit first; record again (zkts shell waits for the answer to addauth, so it always prints it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRealZooKeeper } from '../../../test/support/real-zookeeper';
import { normaliseTranscript, recordedScripts, scriptFor, TRANSCRIPTS_DIR } from './support/transcript';

for (const name of recordedScripts()) {
  const zk = await startRealZooKeeper();
  try {
    const script = scriptFor(readFileSync(join(TRANSCRIPTS_DIR, name), 'utf8'), zk.address);
    const run = spawnSync(
      'sh',
      ['-c', `java -cp '/usr/share/java/*' org.apache.zookeeper.ZooKeeperMain -server ${zk.address} 2>&1`],
      { input: script, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TZ: 'UTC' } },
    );
    writeFileSync(join(TRANSCRIPTS_DIR, `${name}.out`), normaliseTranscript(run.stdout));
    console.log(`${name}: ${run.stdout.split('\n').length} lines`);
  } finally {
    await zk.stop();
  }
}
