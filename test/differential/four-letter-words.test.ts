/**
 * Four-letter words, differentially: the shape of each answer (its line keys, with numbers
 * and hex masked) must match ZooKeeper 3.8's, recorded in traces/four-letter-words.txt.
 * `envi` is left out (it describes the JVM), values are not compared (they are live figures),
 * and `mntr` is compared on its first 28 metrics (zkts lists 156 mntr lines, ZooKeeper 485: zkts leaves
 * out the Java-internal ones; packages/server/test/metrics.test.ts checks the rest is in ZooKeeper's order).
 */
import { OpCode } from '@zkts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client';
import { fourLetterWord } from '../support/real-zookeeper';
import { type RunningTarget, targets } from '../support/targets';

const WORDS = [
  'ruok',
  'srvr',
  'stat',
  'conf',
  'mntr',
  'cons',
  'wchs',
  'wchc',
  'wchp',
  'dump',
  'isro',
  'dirs',
  'xxxx',
];

const DAY_NAME = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g;
const MONTH_NAME = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g;

/** Each non-empty line's key (before ':', '=' or a tab), digits, hex and day/month names masked. */
function shape(answer: string): string[] {
  return answer
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) =>
      (line.split(/[:=\t]/)[0] ?? '')
        .replace(/0x[0-9a-f]+|[0-9]+/g, '#')
        .replace(DAY_NAME, 'Ddd')
        .replace(MONTH_NAME, 'Mmm'),
    );
}

describe('four-letter word shapes', () => {
  it('do not depend on the date the answer was taken', () => {
    const line = (date: string) => `\t0x100000a expire at ${date}:05:31 UTC 2026\n`;
    expect(shape(line('Fri Nov 27 13'))).toEqual(shape(line('Mon Dec 04 09')));
  });
});

for (const target of await targets()) {
  describe(`four-letter words [${target.name}]`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    let client: RawClient;
    beforeAll(async () => {
      server = await target.start();
      // One session with an ephemeral and a data watch, so cons/wchc/wchp/dump have content.
      client = await RawClient.connect(server.host, server.port);
      const acl = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
      await client.request({ type: OpCode.create, path: '/fw', data: new Uint8Array(), acl, flags: 1 });
      await client.request({ type: OpCode.getData, path: '/fw', watch: true });
    }, 60_000);
    afterAll(async () => {
      await client?.close();
      await server?.stop();
    });

    it('answer shapes match ZooKeeper 3.8', async () => {
      const shapes: Record<string, string[]> = {};
      for (const word of WORDS) shapes[word] = shape(await fourLetterWord(server.port, word));
      // ZooKeeper 3.8.0 lists 485 metrics, zkts a subset; the standard leading ones are the same, in
      // the same order, up to zk_watch_bytes, so only those are compared here.
      shapes.mntr = (shapes.mntr ?? []).slice(0, 28);
      // How many expiry buckets `dump` lists depends on when the sessions' deadlines fell (ZooKeeper
      // sometimes lists an empty bucket too): one line stands for any run of them.
      shapes.dump = (shapes.dump ?? []).filter(
        (line, i, lines) => !(line.includes('expire at') && lines[i - 1] === line),
      );
      expect(shapes.ruok).toEqual(['imok']);
      await expect(`${JSON.stringify(shapes, null, 1)}\n`).toMatchFileSnapshot(
        'traces/four-letter-words.txt',
      );
    });

    // ZooKeeper prints the trace mask as a decimal number (306 by default).
    it('gtmk prints the trace mask', async () => {
      expect(await fourLetterWord(server.port, 'gtmk')).toMatch(/^\d+\n?$/);
    });
  });
}
