// After the txn log fails (full disk, fsync error) the server refuses every write and every new
// session. It must not look healthy: `ruok` gets no answer (ZooKeeper itself exits on a log
// failure, so a health check sees a dead server) and srvr/stat/mntr & co. answer ZooKeeper's
// "This ZooKeeper instance is not currently serving requests" (its ZK_NOT_SERVING, from the 3.8
// command classes). The embedded server stays up and keeps serving reads to existing sessions.
import { createClient } from '@zkts/client';
import { createFaultyStorage, seededRandom } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../../../test/support/real-zookeeper';
import { NOT_SERVING } from '../src/four-letter-words/run-four-letter-word';
import { createServer, silentLogger } from '../src/index';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function failedServer() {
  const storage = await createFaultyStorage({ random: seededRandom(1), warn: () => {} });
  const server = await createServer({
    port: 0,
    storage,
    logger: silentLogger,
    fourLetterWordWhitelist: '*',
    metricsPort: 0,
  });
  cleanups.push(() => server.close());
  const client = createClient(server.connectString, { reconnectDelay: 20 });
  cleanups.push(() => client.close());
  await client.connected();
  await client.create('/before', 'x');
  const port = server.address.port;
  const healthy = {
    ruok: await fourLetterWord(port, 'ruok'),
    srvr: await fourLetterWord(port, 'srvr'),
    isro: await fourLetterWord(port, 'isro'),
  };
  storage.disk.setFull(true);
  await expect(client.create('/x', '')).rejects.toMatchObject({ name: 'ConnectionLossError' });
  return { server, client, port, healthy };
}

describe('after the txn log failed', () => {
  it('ruok gets no answer; srvr, stat, mntr, cons, conf, wchs, dump answer "not currently serving"', async () => {
    const { port, healthy } = await failedServer();
    expect(healthy).toMatchObject({ ruok: 'imok', isro: 'rw' });
    expect(healthy.srvr).toMatch(/^Zookeeper version: /);

    expect(await fourLetterWord(port, 'ruok')).toBe('');
    for (const word of ['srvr', 'stat', 'mntr', 'cons', 'conf', 'wchs', 'dump', 'crst', 'srst']) {
      expect(await fourLetterWord(port, word), word).toBe(NOT_SERVING);
    }
    expect(NOT_SERVING).toBe('This ZooKeeper instance is not currently serving requests\n');
    expect(await fourLetterWord(port, 'isro')).toBe('null');
    // words ZooKeeper answers whatever its state
    expect(await fourLetterWord(port, 'envi')).toMatch(/^Environment:/);
  });

  it('stays up: reads are served, and /metrics still says why (zk_unrecoverable_error_count)', async () => {
    const { server, client } = await failedServer();
    expect(new TextDecoder().decode((await client.getData('/before')).data)).toBe('x');
    const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^unrecoverable_error_count 1$/m);
  });
});
