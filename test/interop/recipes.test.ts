/**
 * @zkts/recipes against Curator 5.4 and kazoo on the same paths of one server over TCP, once on
 * the real ZooKeeper 3.8 and once on zkts (test/support/targets.ts; ZKTS_TARGETS picks): the node
 * layouts are shared, so the three exclude one another on a mutex, a write lock and a
 * semaphore's budget, share read locks, and follow one another on a leader latch.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, NodeExistsError, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import {
  type Acquirable,
  AcquireTimeoutError,
  LeaderLatch,
  Mutex,
  ReadWriteLock,
  Semaphore,
  ServiceDiscovery,
} from '@zkts/recipes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractiveProcess } from '../support/interactive-process';
import { type RunningTarget, targets } from '../support/targets';
import { JAVA_CLASSPATH, PYTHON, toolAvailable } from './tools';

const CURATOR = fileURLToPath(new URL('./java/CuratorRecipes.java', import.meta.url));
const KAZOO = fileURLToPath(new URL('./python/kazoo_recipes.py', import.meta.url));
const curatorInstalled = existsSync('/usr/share/java/curator-recipes.jar');
if (!curatorInstalled && !process.env.CI) {
  console.warn(
    '[interop] skipping Curator recipe tests: libcurator-recipes-java is not installed (run scripts/setup.sh)',
  );
}

function curator(args: string[]) {
  return new InteractiveProcess('java', ['-cp', JAVA_CLASSPATH, CURATOR, ...args]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function observations(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** zkts's side of the mutex contest: the same overlap check as the Java and Python drivers. */
async function zktsContender(
  zk: ZooKeeperClient,
  iterations: number,
  mutex: Acquirable = new Mutex(zk, '/interop/mutex'),
  inside = '/interop/inside',
): Promise<number> {
  let overlaps = 0;
  for (let i = 0; i < iterations; i++) {
    await using _lease = await mutex.acquire({ timeout: 60_000 });
    try {
      await zk.create(inside, 'zkts', { mode: 'ephemeral' });
    } catch (error) {
      if (!NodeExistsError.isInstance(error)) throw error;
      overlaps += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4));
    await zk.delete(inside).catch((error: unknown) => {
      if (!NoNodeError.isInstance(error)) throw error;
    });
  }
  return overlaps;
}

for (const target of await targets()) {
  describe.runIf(curatorInstalled || process.env.CI)(
    `recipes interoperate with Curator and kazoo on ${target.name}`,
    () => {
      let server: RunningTarget;
      const clients: ZooKeeperClient[] = [];
      async function client(): Promise<ZooKeeperClient> {
        const zk = createClient(server.address);
        clients.push(zk);
        await zk.connected();
        return zk;
      }

      beforeAll(async () => {
        server = await target.start();
      });
      afterAll(async () => {
        await Promise.all(clients.map((zk) => zk.close().catch(() => {})));
        await server.stop();
      });

      it('Curator InterProcessMutex, kazoo Lock and zkts Mutex exclude one another on one path', async () => {
        const iterations = 40;
        const java = curator([
          server.address,
          'mutex',
          '/interop/mutex',
          '/interop/inside',
          String(iterations),
        ]);
        const python = toolAvailable('kazoo')
          ? new InteractiveProcess(PYTHON, [
              KAZOO,
              server.address,
              'mutex',
              '/interop/mutex',
              '/interop/inside',
              String(iterations),
            ])
          : undefined;
        try {
          // start together: a JVM takes a second or two to come up
          await Promise.all([
            java.waitFor(/"ready": true/, 60_000),
            python?.waitFor(/"ready": true/, 60_000),
          ]);
          const zks = await Promise.all([client(), client()]);
          const [zktsOverlaps] = await Promise.all([
            Promise.all(zks.map((zk) => zktsContender(zk, iterations))).then((all) =>
              all.reduce((a, b) => a + b),
            ),
            java.waitFor(/"done": true/, 90_000),
            python?.waitFor(/"done": true/, 90_000),
          ]);
          const results = [...observations(java.output), ...observations(python?.output ?? '')].filter(
            (o) => 'overlaps' in o,
          );
          expect(results.map((o) => o.client).sort()).toEqual(python ? ['curator', 'kazoo'] : ['curator']);
          for (const result of results) expect(result).toMatchObject({ iterations, overlaps: 0 });
          expect(zktsOverlaps).toBe(0);
          expect((await clients[0]?.getChildren('/interop/mutex'))?.children).toEqual([]);
        } finally {
          await java.stop();
          await python?.stop();
        }
      }, 120_000);

      it('a Curator LeaderLatch follows a zkts LeaderLatch, and the other way round', async () => {
        const zk = await client();
        const first = new LeaderLatch(zk, '/interop/latch', { id: 'zkts-1' });
        await first.start();
        expect(first.isLeader).toBe(true);
        const java = curator([server.address, 'latch', '/interop/latch', 'curator']);
        try {
          await java.waitFor(/"latch": "follower"/, 30_000);
          expect(first.isLeader).toBe(true);
          await first.close();
          await java.waitFor(/"latch": "leader"/, 30_000);
          const second = new LeaderLatch(zk, '/interop/latch', { id: 'zkts-2' });
          await second.start();
          expect(second.isLeader).toBe(false);
          await java.waitFor(/"done": true/, 30_000);
          await second.leadership({ timeout: 10_000 });
          await second.close();
        } finally {
          await java.stop();
        }
      }, 90_000);

      it('Curator ServiceDiscovery and zkts ServiceDiscovery find each other’s instances', async () => {
        const zk = await client();
        const discovery = new ServiceDiscovery<{ zone: string }>(zk, '/interop/services');
        const ours = await discovery.register({
          name: 'api',
          address: '10.2.2.2',
          port: 8080,
          payload: { zone: 'node' },
        });
        const java = curator([server.address, 'discovery', '/interop/services', 'api']);
        try {
          const [line] = await java.waitFor(/\{"instances": .*\}\n/, 30_000);
          const seenByCurator = (JSON.parse(line) as { instances: { id: string; zone: string }[] }).instances;
          expect(seenByCurator.map((i) => `${i.id}/${i.zone}`).sort()).toEqual(
            [`${ours.id}/node`, 'curator-1/java'].sort(),
          );
          const seenByUs = await discovery.queryForInstances('api');
          expect(seenByUs.map((i) => `${i.id}/${i.address}:${i.port}/${i.payload?.zone}`).sort()).toEqual(
            [`${ours.id}/10.2.2.2:8080/node`, 'curator-1/10.1.1.1:9090/java'].sort(),
          );
          java.send('stop');
          await java.waitFor(/"done": true/, 30_000);
          expect((await discovery.queryForInstances('api')).map((i) => i.id)).toEqual([ours.id]);
        } finally {
          await java.stop();
          await discovery.close();
        }
      }, 90_000);

      it('Curator InterProcessSemaphoreV2 and zkts Semaphore share one lease budget', async () => {
        const iterations = 25;
        const setup = await client();
        for (const path of ['/interop', '/interop/sem-inside'])
          await setup.create(path, null).catch(() => {});
        const java = curator([
          server.address,
          'semaphore',
          '/interop/sem',
          '2',
          '/interop/sem-inside',
          String(iterations),
        ]);
        try {
          await java.waitFor(/"ready": true/, 60_000);
          const zks = await Promise.all([client(), client(), client()]);
          const counts = await Promise.all([
            ...zks.map(async (zk) => {
              const semaphore = new Semaphore(zk, '/interop/sem', 2);
              let overlaps = 0;
              for (let i = 0; i < iterations; i++) {
                await using _lease = await semaphore.acquire({ timeout: 60_000 });
                const ours = await zk.create('/interop/sem-inside/in-', null, {
                  mode: 'ephemeral-sequential',
                });
                if ((await zk.getChildren('/interop/sem-inside')).children.length > 2) overlaps += 1;
                await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
                await zk.delete(ours);
              }
              return overlaps;
            }),
            java.waitFor(/"done": true/, 90_000).then(() => 0),
          ]);
          expect(observations(java.output).find((o) => 'overlaps' in o)).toMatchObject({
            iterations,
            overlaps: 0,
          });
          expect(counts).toEqual([0, 0, 0, 0]);
        } finally {
          await java.stop();
        }
      }, 120_000);

      it('Curator and zkts write locks of a read/write lock exclude each other', async () => {
        const iterations = 30;
        const java = curator([
          server.address,
          'writelock',
          '/interop/rw',
          '/interop/rw-inside',
          String(iterations),
        ]);
        try {
          await java.waitFor(/"ready": true/, 60_000);
          const zks = await Promise.all([client(), client()]);
          const writeLock = (zk: ZooKeeperClient): Acquirable => {
            const lock = new ReadWriteLock(zk, '/interop/rw');
            return { path: lock.path, acquire: (options) => lock.writeLock(options) };
          };
          const ours = await Promise.all([
            ...zks.map((zk) => zktsContender(zk, iterations, writeLock(zk), '/interop/rw-inside')),
            java.waitFor(/"done": true/, 90_000).then(() => 0),
          ]);
          expect(observations(java.output).find((o) => 'overlaps' in o)).toMatchObject({
            iterations,
            overlaps: 0,
          });
          expect(ours).toEqual([0, 0, 0]);
        } finally {
          await java.stop();
        }
      }, 120_000);

      it('a Curator read lock and zkts read locks are shared; a zkts write lock waits for them all', async () => {
        const java = curator([server.address, 'readlock', '/interop/rw-read']);
        try {
          await java.waitFor(/"read": "held"/, 60_000);
          const reader = new ReadWriteLock(await client(), '/interop/rw-read');
          const writer = new ReadWriteLock(await client(), '/interop/rw-read');
          const read = await reader.readLock({ timeout: 10_000 }); // shared with Curator's
          await expect(writer.writeLock({ timeout: 1000 })).rejects.toBeInstanceOf(AcquireTimeoutError);
          await read.release();
          let written = false;
          const write = writer.writeLock({ timeout: 30_000 }).then((lease) => {
            written = true;
            return lease;
          });
          await sleep(1000);
          expect(written).toBe(false); // Curator's read lock still holds it off
          java.send('release');
          await java.waitFor(/"read": "released"/, 30_000);
          await (await write).release();
        } finally {
          await java.stop();
        }
      }, 90_000);

      it('a zkts write lock keeps a Curator read lock waiting, which then shares with a zkts read lock', async () => {
        const zk = await client();
        const lock = new ReadWriteLock(zk, '/interop/rw-write');
        const write = await lock.writeLock({ timeout: 10_000 });
        const java = curator([server.address, 'readlock', '/interop/rw-write']);
        try {
          await java.waitFor(/"read": "waiting"/, 60_000);
          await sleep(1500);
          expect(java.output).not.toMatch(/"read": "held"/);
          await write.release();
          await java.waitFor(/"read": "held"/, 30_000);
          const read = await new ReadWriteLock(await client(), '/interop/rw-write').readLock({
            timeout: 10_000,
          });
          await read.release();
          java.send('release');
          await java.waitFor(/"read": "released"/, 30_000);
        } finally {
          await java.stop();
        }
      }, 90_000);

      it('a zkts lease with a TTL counts against a Curator InterProcessSemaphoreV2 budget', async () => {
        const zk = await client();
        const lease = await new Semaphore(zk, '/interop/sem-ttl', 1, { leaseTtl: 60_000 }).acquire({
          timeout: 10_000,
        });
        expect((await zk.exists(lease.path)).stat?.ephemeralOwner).toBe(0n); // a TTL node, not an ephemeral
        const java = curator([server.address, 'semaphore-once', '/interop/sem-ttl', '1']);
        try {
          await java.waitFor(/"lease": "waiting"/, 60_000);
          await sleep(1500);
          expect(java.output).not.toMatch(/"lease": "held"/);
          await lease.release();
          await java.waitFor(/"lease": "held"/, 30_000);
          await java.waitFor(/"done": true/, 30_000);
        } finally {
          await java.stop();
        }
      }, 90_000);
    },
  );
}
