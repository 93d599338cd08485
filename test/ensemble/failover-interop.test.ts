/**
 * Real clients against a 3-member ensemble with a 3-address connect string: each one keeps its
 * session, its ephemeral node and a watch across the SIGKILL of the member it is connected to
 * (found with `cons`), by reconnecting to a survivor. The killed member is restarted after each
 * client, so every client starts with three members. Clients: zkts, kazoo (python3, the
 * interop suite's `resume` scenario), node-zookeeper-client, the Java zkCli and the C cli_mt
 * (the interop suite's drivers).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import type * as Nzc from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliMt } from '../interop/cli-mt-driver';
import { PYTHON, toolAvailable } from '../interop/tools';
import { ZkCli } from '../interop/zkcli-driver';
import { ensembleKinds } from '../support/ensemble-kinds';
import {
  type EnsembleMember,
  memberHoldingSession,
  type RunningEnsemble,
  waitForServing,
} from '../support/ensemble-members';
import { InteractiveProcess } from '../support/interactive-process';

const nzc = createRequire(import.meta.url)('node-zookeeper-client') as typeof Nzc;
const OPEN = [new nzc.ACL(nzc.Permission.ALL, new nzc.Id('world', 'anyone'))];
const KAZOO_SCRIPT = fileURLToPath(new URL('../interop/python/kazoo_client.py', import.meta.url));
const SESSION_TIMEOUT = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `cons` until some member lists the session (a connection is registered asynchronously). */
async function holderOf(ensemble: RunningEnsemble, sessionId: bigint): Promise<EnsembleMember> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const holder = await memberHoldingSession(ensemble.members, sessionId);
    if (holder) return holder;
    if (Date.now() > deadline) throw new Error(`no member lists session 0x${sessionId.toString(16)} in cons`);
    await sleep(100);
  }
}

/** A zkts client on the members other than `victim`, to look from outside. */
async function observerWithout(ensemble: RunningEnsemble, victim: EnsembleMember): Promise<ZooKeeperClient> {
  const others = ensemble.members.filter((m) => m !== victim).map((m) => `127.0.0.1:${m.clientPort}`);
  const zk = createClient(others.join(','), { sessionTimeout: SESSION_TIMEOUT });
  await zk.connected();
  return zk;
}

/** Retries `run` through connection losses (the member just died) for up to 30 s. */
async function eventually<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

for (const kind of await ensembleKinds()) {
  if (kind.skipReason) console.warn(`[failover] skipping the ${kind.name} ensemble: ${kind.skipReason}`);
  describe.skipIf(kind.skipReason !== undefined)(
    `real clients fail over within a 3-member ${kind.name} ensemble`,
    { timeout: 90_000 },
    () => {
      let ensemble: RunningEnsemble;
      /** The member killed by the current test, restarted after it. */
      let killed: EnsembleMember | undefined;

      beforeAll(async () => {
        ensemble = await kind.start({ size: 3 });
      }, 120_000);

      afterAll(async () => {
        await ensemble?.stop();
      }, 60_000);

      /** Kills the member holding `sessionId`; returns it (restarted by `restartKilled`). */
      async function killHolder(sessionId: bigint): Promise<EnsembleMember> {
        const holder = await holderOf(ensemble, sessionId);
        killed = holder;
        await holder.kill('SIGKILL');
        return holder;
      }

      async function restartKilled(): Promise<void> {
        if (killed) await killed.restart();
        killed = undefined;
        await waitForServing(ensemble.members, 60_000);
      }

      it('zkts client: same session, ephemeral kept, watch fires, now on a survivor', async () => {
        const zk = createClient(ensemble.connectString, { sessionTimeout: SESSION_TIMEOUT });
        let observer: ZooKeeperClient | undefined;
        try {
          await zk.connected();
          const session = zk.sessionId;
          await zk.create('/zkts-failover', '');
          await zk.create('/zkts-failover/eph', '', { mode: 'ephemeral' });
          const { watch } = await zk.getData('/zkts-failover', { watch: true });
          const victim = await killHolder(session);

          await eventually(() => zk.exists('/zkts-failover'));
          expect(zk.sessionId).toBe(session);
          const holder = await holderOf(ensemble, session);
          expect(holder.id).not.toBe(victim.id);

          observer = await observerWithout(ensemble, victim);
          const { stat } = await observer.exists('/zkts-failover/eph');
          expect(stat?.ephemeralOwner).toBe(session);
          await observer.setData('/zkts-failover', 'changed');
          expect(await watch).toEqual({ type: 'data-changed', path: '/zkts-failover' });
        } finally {
          await zk.close();
          await observer?.close();
          await restartKilled();
        }
      });

      it.skipIf(!toolAvailable('kazoo'))(
        'kazoo: same session, ephemeral kept, watch re-armed, states CONNECTED → SUSPENDED → CONNECTED',
        async () => {
          const script = new InteractiveProcess(PYTHON, [
            KAZOO_SCRIPT,
            'resume',
            ensemble.connectString,
            ensemble.connectString,
          ]);
          try {
            const [, session] = await script.waitFor(/"step": "session", "session": "([0-9a-f]+)"/, 30_000);
            await script.waitFor(/\{"cut": true\}\n/, 20_000);
            await killHolder(BigInt(`0x${session}`));
            script.send('cut');
            await script.waitFor(/\{"done": true\}/, 60_000);
          } finally {
            await script.stop();
            await restartKilled();
          }
          const steps: Record<string, Record<string, unknown>> = {};
          for (const line of script.output.split('\n')) {
            if (!line.startsWith('{')) continue;
            const observation = JSON.parse(line) as Record<string, unknown>;
            if (typeof observation.step === 'string') steps[observation.step] = observation;
          }
          expect(steps).toMatchObject({
            reconnected: { ok: true },
            'same session': { same: true },
            'ephemeral kept': { kept: true },
            'watch re-armed': { fired: true },
            states: { states: ['CONNECTED', 'SUSPENDED', 'CONNECTED'] },
          });
        },
      );

      it('node-zookeeper-client: same session, ephemeral kept, watch fires', async () => {
        const client = nzc.createClient(ensemble.connectString, {
          sessionTimeout: SESSION_TIMEOUT,
          spinDelay: 50,
          retries: 0,
        });
        const call = <T extends unknown[]>(
          run: (callback: (error: unknown, ...results: T) => void) => void,
        ) =>
          new Promise<T>((resolve, reject) =>
            run((error, ...results) => (error ? reject(error) : resolve(results))),
          );
        let observer: ZooKeeperClient | undefined;
        try {
          await new Promise<void>((resolve) => {
            client.once('connected', () => resolve());
            client.connect();
          });
          const session = BigInt(`0x${client.getSessionId().toString('hex')}`);
          await call((cb) =>
            client.create('/nzc-failover', Buffer.alloc(0), OPEN, nzc.CreateMode.PERSISTENT, cb),
          );
          await call((cb) =>
            client.create('/nzc-failover/eph', Buffer.alloc(0), OPEN, nzc.CreateMode.EPHEMERAL, cb),
          );
          const fired = new Promise<string>((resolve) => {
            client.getData(
              '/nzc-failover',
              (event) => resolve(event.getName()),
              () => undefined,
            );
          });
          // The getData reply must be in before the kill: a request in flight is lost with its watch.
          await call((cb) => client.exists('/nzc-failover', cb));
          const reconnected = new Promise<void>((resolve) => {
            client.once('disconnected', () => client.once('connected', () => resolve()));
          });
          const victim = await killHolder(session);
          await reconnected;
          expect(BigInt(`0x${client.getSessionId().toString('hex')}`)).toBe(session);
          expect((await holderOf(ensemble, session)).id).not.toBe(victim.id);

          observer = await observerWithout(ensemble, victim);
          const { stat } = await observer.exists('/nzc-failover/eph');
          expect(stat?.ephemeralOwner).toBe(session);
          await observer.setData('/nzc-failover', 'changed');
          expect(await fired).toBe('NODE_DATA_CHANGED');
        } finally {
          client.close();
          await observer?.close();
          await restartKilled();
        }
      });
      it.skipIf(!toolAvailable('zkCli'))(
        'Java zkCli: same session, ephemeral kept, watch fires',
        async () => {
          const cli = await ZkCli.start(ensemble.connectString);
          let observer: ZooKeeperClient | undefined;
          const ownerOf = async () =>
            (await cli.cmd('stat /zc-failover/eph')).match(/ephemeralOwner = (0x[0-9a-f]+)/)?.[1];
          try {
            await cli.cmd('create /zc-failover x');
            await cli.cmd('create -e /zc-failover/eph x');
            const owner = await ownerOf();
            if (owner === undefined) throw new Error('zkCli did not print the ephemeral owner');
            await cli.cmd('get -w /zc-failover');
            const victim = await killHolder(BigInt(owner));
            await cli.waitFor(/state:Disconnected/);
            await cli.waitFor(/state:SyncConnected type:None/);
            expect(await ownerOf()).toBe(owner);
            expect((await holderOf(ensemble, BigInt(owner))).id).not.toBe(victim.id);

            observer = await observerWithout(ensemble, victim);
            await observer.setData('/zc-failover', 'changed');
            await cli.waitFor(/type:NodeDataChanged path:\/zc-failover/);
          } finally {
            await cli.quit();
            await observer?.close();
            await restartKilled();
          }
        },
      );

      it.skipIf(!toolAvailable('cliMt'))('C cli_mt: same session, ephemeral kept, watch fires', async () => {
        const { cli, sessionId } = await startCliMt(ensemble.connectString);
        let observer: ZooKeeperClient | undefined;
        try {
          await cli.run('create /cm-failover', /\[\/cm-failover\]: rc = 0\n/);
          await cli.run('create +e /cm-failover/eph', /\[\/cm-failover\/eph\]: rc = 0\n/);
          await cli.run('get /cm-failover', /\/cm-failover: rc = 0\n/); // leaves a data watch
          const victim = await killHolder(sessionId);
          await cli.waitFor(/Watcher SESSION_EVENT state = CONNECTED_STATE/, 30_000);
          expect((await holderOf(ensemble, sessionId)).id).not.toBe(victim.id);

          observer = await observerWithout(ensemble, victim);
          const { stat } = await observer.exists('/cm-failover/eph');
          expect(stat?.ephemeralOwner).toBe(sessionId);
          await observer.setData('/cm-failover', 'changed');
          await cli.waitFor(/Watcher CHANGED_EVENT state = CONNECTED_STATE for path \/cm-failover/);
        } finally {
          cli.send('quit');
          await cli.stop();
          await observer?.close();
          await restartKilled();
        }
      });
    },
  );
}
