/**
 * kazoo (python3-kazoo 2.8) against each target: test/interop/python/kazoo_client.py runs one
 * scenario per process and prints its observations as JSON lines, which are checked here.
 * The expected values are what kazoo observed against the real ZooKeeper 3.8.
 */
import { fileURLToPath } from 'node:url';
import { EventType, OpCode } from '@zkts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractiveProcess } from '../support/interactive-process';
import { RawClient } from '../support/raw-client';
import { type RunningTarget, targets } from '../support/targets';
import { startTcpProxy } from '../support/tcp-proxy';
import { PYTHON, toolAvailable } from './tools';

const SCRIPT = fileURLToPath(new URL('./python/kazoo_client.py', import.meta.url));

type Observation = Record<string, unknown>;

/** Runs one scenario; `onCut` is called when the script asks for its connection to be cut. */
async function kazoo(
  scenario: string,
  args: string[],
  onCut?: () => void,
): Promise<Record<string, Observation>> {
  const script = new InteractiveProcess(PYTHON, [SCRIPT, scenario, ...args]);
  try {
    if (onCut) {
      await script.waitFor(/\{"cut": true\}\n/, 20_000);
      await onCut();
      script.send('cut');
    }
    await script.waitFor(/\{"done": true\}/, 30_000);
  } finally {
    await script.stop();
  }
  const steps: Record<string, Observation> = {};
  for (const line of script.output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const observation = JSON.parse(line) as Observation;
    if (typeof observation.step === 'string') steps[observation.step] = observation;
  }
  return steps;
}

const enabled = toolAvailable('kazoo');

for (const target of await targets()) {
  describe.skipIf(!enabled)(`kazoo (python) against ${target.name}`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    beforeAll(async () => {
      server = await target.start();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('create, get, set with version, children, delete and their errors', async () => {
      const steps = await kazoo('crud', [server.address]);
      expect(steps).toMatchObject({
        create: { path: '/kz/a' },
        get: { data: 'hello', version: 0, length: 5 },
        set: { version: 1 },
        'bad version': { error: 'BadVersionError' },
        'exists twice': { error: 'NodeExistsError' },
        'not empty': { error: 'NotEmptyError' },
        children: { children: ['kid'] },
        gone: { exists: false },
        'no node': { error: 'NoNodeError' },
      });
    });

    it('sequential and ephemeral nodes; the ephemeral goes with its session', async () => {
      const steps = await kazoo('ephemeral', [server.address]);
      expect(steps).toMatchObject({
        sequential: { path: '/kz/q/job-0000000000' },
        'ephemeral sequential': { path: '/kz/q/lock-0000000001' },
        'owner is the session': { same: true },
        'no children for ephemerals': { error: 'NoChildrenForEphemeralsError' },
        'deleted on close': { fired: true, exists: false },
      });
    });

    it('one-shot watches fire once; DataWatch follows every change', async () => {
      const steps = await kazoo('watches', [server.address]);
      expect(steps).toMatchObject({
        fired: { fired: true },
        events: {
          events: [
            ['CHANGED', '/kz/w'],
            ['CHILD', '/kz/w'],
          ],
        },
        'data watch': { fired: true, first: 'v2', last: 'v4' },
      });
    });

    /** One run of the transaction scenario, shared by the two tests below. */
    let transaction: Promise<Record<string, Observation>> | undefined;
    const transactionSteps = () => {
      transaction ??= kazoo('transaction', [server.address]);
      return transaction;
    };

    it('transaction: commit results; a failed transaction changes nothing', async () => {
      const steps = await transactionSteps();
      expect(steps.commit?.results).toEqual([
        '/kz/tx',
        '/kz/tx/a',
        expect.stringMatching(/^ZnodeStat\(.*version=1, cversion=1, .*dataLength=3, numChildren=1,/),
        'True',
      ]);
      expect(steps.after).toMatchObject({ children: ['a'] });
    });

    it('transaction: a failed transaction reports per-op errors', async () => {
      const steps = await transactionSteps();
      expect(steps['failed commit']).toMatchObject({
        results: ['RolledBackError', 'BadVersionError', 'RuntimeInconsistency'],
      });
    });

    it('digest auth: NoAuth for a stranger until it authenticates', async () => {
      const steps = await kazoo('acl', [server.address]);
      expect(steps).toMatchObject({
        'owner reads': { data: 's' },
        acl: { acl: [[31, 'digest', 'carol:RffyCdXXV1Js0ywLAoP5/l25yKs=']] },
        'stranger reads': { error: 'NoAuthError' },
        'stranger writes': { error: 'NoAuthError' },
        'after add_auth': { data: 's' },
      });
    });

    it('session resumption through a cut TCP connection: same session, ephemeral kept, watch re-armed', async () => {
      const proxy = await startTcpProxy(server.host, server.port);
      try {
        const steps = await kazoo('resume', [server.address, proxy.address], () => {
          expect(proxy.cut()).toBe(1);
        });
        expect(steps).toMatchObject({
          reconnected: { ok: true },
          'same session': { same: true },
          'ephemeral kept': { kept: true },
          'watch re-armed': { fired: true },
          // CONNECTED at start, SUSPENDED at the cut, CONNECTED again — never LOST.
          states: { states: ['CONNECTED', 'SUSPENDED', 'CONNECTED'] },
        });
        expect(proxy.accepted).toBe(2);
      } finally {
        await proxy.close();
      }
    });

    it('session expiry: kept away past its timeout, kazoo reports LOST and starts a new session', async () => {
      const short = await target.start({ tickTime: 200 });
      const proxy = await startTcpProxy(short.host, short.port);
      const probe = await RawClient.connect(short.host, short.port);
      try {
        const steps = await kazoo('expire', [short.address, proxy.address], async () => {
          const watched = await probe.request({ type: OpCode.exists, path: '/kz/doomed', watch: true });
          expect(watched.err).toBe(0);
          proxy.block();
          expect(proxy.cut()).toBe(1);
          // The server expires the session and deletes its ephemeral.
          expect((await probe.nextEvent(10_000)).type).toBe(EventType.NodeDeleted);
          proxy.unblock();
        });
        expect(steps).toMatchObject({
          lost: { lost: true },
          'new session': { new: true },
          'ephemeral gone': { gone: true },
        });
        expect(steps.states?.states).toEqual(expect.arrayContaining(['SUSPENDED', 'LOST']));
      } finally {
        await probe.close();
        await proxy.close();
        await short.stop();
      }
    });
  });
}
