/**
 * Prints what the real ZooKeeper 3.8 answers to every four-letter word, with one client session
 * holding a few nodes, an ephemeral and some watches: the reference for our 4lw formatting.
 *   node --import tsx --conditions @zkts/source packages/server/scripts/capture-real-4lw.ts
 */
import { createClient } from '@zkts/client';
import { fourLetterWord, startRealZooKeeper } from '../../../test/support/real-zookeeper';

const words = process.argv.slice(2);
const zk = await startRealZooKeeper();
try {
  const client = createClient(zk.address, { sessionTimeout: 10_000 });
  await client.connected();
  await client.create('/a', 'hello');
  await client.create('/a/b', 'x');
  await client.create('/eph', '', { mode: 'ephemeral' });
  await client.getData('/a', { watch: true });
  await client.exists('/missing', { watch: true });
  await client.getChildren('/a', { watch: true });
  for (const word of words.length > 0
    ? words
    : [
        'ruok',
        'srvr',
        'stat',
        'mntr',
        'conf',
        'cons',
        'envi',
        'wchs',
        'wchc',
        'wchp',
        'dump',
        'dirs',
        'isro',
        'crst',
        'srst',
        'xxxx',
      ]) {
    console.log(`===== ${word}`);
    console.log(JSON.stringify(await fourLetterWord(zk.port, word)));
  }
  await client.close();
} finally {
  await zk.stop();
}
