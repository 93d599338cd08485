/**
 * A full disk or a failed fsync under write load, through the whole server: zkts's server runs
 * over the simulated disk (`createFaultyStorage`, injected with createServer's `storage`
 * option), several sessions write through @zkts/client, and the fault strikes mid-load. The
 * server must stop acknowledging writes (clients see connection losses, never a success that is
 * not durable), say why (an error line naming the cause, `unrecoverable_error_count` in
 * /metrics), report itself not serving (4lw), keep serving reads, and after a power cut and a restart on the same disk every
 * acknowledged write must be there.
 *
 * Seeded (printed); replay with DURABILITY_SEED.
 */
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { createServer, type Logger, type ZooKeeperServer } from '@zkts/server';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_SERVING } from '../../packages/server/src/four-letter-words/run-four-letter-word';
import { createFaultyStorage, type FaultyStorage, seededRandom } from '../../packages/storage/src/index';
import { fourLetterWord } from '../support/real-zookeeper';
import { WriteLedger } from './write-ledger';
import { runWriteLoad } from './write-load';

const SEED = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SESSIONS = 4;
const IN_FLIGHT = 8;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

async function start(storage: FaultyStorage, logger: Logger): Promise<ZooKeeperServer> {
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    storage,
    logger,
    snapCount: 1000,
    fourLetterWordWhitelist: '*',
    maxClientCnxns: 0,
    metricsPort: 0,
  });
  cleanups.push(() => server.close());
  return server;
}

async function connect(address: string): Promise<ZooKeeperClient> {
  const client = createClient(address, { sessionTimeout: 10_000, reconnectDelay: 50 });
  cleanups.push(() => client.close());
  // a server that never completes the handshake fails the test here instead of hanging it
  await client.connected({ signal: AbortSignal.timeout(15_000) });
  return client;
}

/** The results, or a failure naming what did not happen if they take longer than `ms`. */
async function settleWithin<T>(promises: Promise<T>[], ms: number, what: string): Promise<T[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (waited ${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([Promise.all(promises), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const FAULTS = [
  {
    fault: 'disk-full',
    inject: (storage: FaultyStorage) => storage.disk.setFull(true),
    cause: /ENOSPC|no space/,
  },
  {
    fault: 'fsync-error',
    inject: (storage: FaultyStorage) => storage.disk.failNext('fsync-error'),
    cause: /EIO|fsync/,
  },
] as const;

describe.each(FAULTS)(
  '$fault under write load (zkts server over the simulated disk)',
  ({ fault, inject, cause }) => {
    it(`stops acknowledging, says why, serves reads, and loses no acknowledged write (seed ${SEED})`, async () => {
      console.log(`[storage-failure] ${fault}: seed ${SEED} (replay with DURABILITY_SEED=${SEED})`);
      const random = seededRandom(SEED);
      const logger = recordingLogger();
      const storage = await createFaultyStorage({ random, warn: (m) => logger.warn(`storage: ${m}`) });
      const server = await start(storage, logger);

      const setup = await connect(server.connectString);
      await setup.create('/d', '');
      await setup.create('/k', '');
      const ledger = new WriteLedger();
      const keysBySession = Array.from({ length: SESSIONS }, (_, s) => [`/k/s${s}a`, `/k/s${s}b`]);
      for (const key of keysBySession.flat()) {
        await setup.create(key, `${key}:initial`);
        ledger.addKey(key, `${key}:initial`);
      }
      // an idle session, connected before the fault, for the checks after it
      const observer = await connect(server.connectString);

      const clients = await Promise.all(
        Array.from({ length: SESSIONS }, () => connect(server.connectString)),
      );
      let stopped = false;
      let acknowledgedAtFault = -1;
      const loads = clients.map((client, s) =>
        runWriteLoad({
          client,
          session: `s${s}`,
          ledger,
          parent: '/d',
          keys: keysBySession[s]!,
          inFlight: IN_FLIGHT,
          random,
          stopped: () => stopped,
        }),
      );
      // strike after a random number of acknowledged writes, while every lane is busy
      const faultAfter = 200 + Math.floor(random() * 1500);
      while (ledger.counts.acknowledged < faultAfter) await new Promise((resolve) => setTimeout(resolve, 5));
      acknowledgedAtFault = ledger.counts.acknowledged;
      inject(storage);
      const results = await settleWithin(
        loads,
        10_000,
        'the server kept acknowledging writes after the fault',
      );
      stopped = true;
      for (const result of results) expect(result.unexpected).toBeUndefined();
      const failed = results.reduce((sum, result) => sum + result.failed, 0);
      const { sent, acknowledged } = ledger.counts;
      console.log(
        `[storage-failure] ${fault}: fault after ${acknowledgedAtFault} acks; ${sent} sent, ${acknowledged} acknowledged, ${failed} failed`,
      );
      // every lane ended on a failure: the server stopped answering writes
      expect(failed).toBe(SESSIONS * IN_FLIGHT);

      // says why
      const errors = logger.lines.filter((line) => line.startsWith('ERROR txn log failed'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(cause);
      const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^unrecoverable_error_count 1$/m);
      // and does not look healthy (see 'after the txn log failed' below)
      expect(await fourLetterWord(server.address.port, 'mntr')).toBe(NOT_SERVING);

      // no write is acknowledged any more, even from a session that did nothing wrong
      await expect(observer.setData('/k/s0a', 'after the fault')).rejects.toMatchObject({
        name: 'ConnectionLossError',
      });
      await expect(observer.create('/after-the-fault', '')).rejects.toMatchObject({
        name: 'ConnectionLossError',
      });
      // reads are still served (the session reconnects)
      expect((await observer.getChildren('/d')).children.length).toBeGreaterThan(0);
      await observer.close();
      await Promise.all(clients.map((client) => client.close()));

      // power cut: what was not fsynced is lost or torn; restart on what survived
      await server.close();
      storage.disk.setFull(false);
      storage.disk.crash();
      const recovered = await createFaultyStorage({ random, disk: storage.disk });
      const restarted = await start(recovered, recordingLogger());
      const checker = await connect(restarted.connectString);
      expect(await ledger.check(checker, '/d'), `seed ${SEED}`).toEqual([]);
      expect((await checker.exists('/after-the-fault')).stat).toBeNull();
      // and it takes writes again
      await checker.create('/after-restart', 'ok');
    });
  },
);

describe('after the txn log failed', () => {
  // Was BUG(server): `ruok` answered "imok" and `srvr` looked healthy while every write and new
  // session was refused. Now the server reports itself not serving, as a health check needs
  // (ZooKeeper exits instead; `zkts server` does too, with exitOnLogFailure).
  it(`does not report itself healthy (ruok, srvr) (seed ${SEED})`, async () => {
    const storage = await createFaultyStorage({ random: seededRandom(SEED), warn: () => {} });
    const server = await start(storage, recordingLogger());
    const client = await connect(server.connectString);
    storage.disk.setFull(true);
    await expect(client.create('/x', '')).rejects.toMatchObject({ name: 'ConnectionLossError' });
    expect(await fourLetterWord(server.address.port, 'ruok')).toBe('');
    expect(await fourLetterWord(server.address.port, 'srvr')).toBe(
      'This ZooKeeper instance is not currently serving requests\n',
    );
  });
});
